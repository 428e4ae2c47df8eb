import type { ClientOptions } from "./client.js";

/** The filters of `data.contacts.list`, a lowest fit score, and the byte order mark spreadsheets want. */
export interface ContactExportQuery {
  accountId?: number;
  status?: "active" | "blacklisted";
  source?: "birthday" | "sourcing" | "import" | "manual";
  hasBirthday?: boolean;
  search?: string;
  minScore?: number;
  /** Start the file with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
}

/** The export was refused (its stable code, e.g. UNAUTHORIZED or VALIDATION_FAILED). */
export class ExportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Contacts as RFC 4180 CSV, streamed from the server's `/export/contacts.csv` (a plain HTTP
 * download: tRPC does not stream files). Read the stream to its end, or cancel it.
 *
 * ```ts
 * const csv = await exportContacts({ url, apiKey }, { source: "sourcing", minScore: 70 });
 * await pipeline(Readable.fromWeb(csv), createWriteStream("contacts.csv"));
 * ```
 */
export async function exportContacts(
  options: ClientOptions,
  query: ContactExportQuery = {},
): Promise<ReadableStream<Uint8Array>> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const url = `${options.url.replace(/\/+$/, "")}/export/contacts.csv?${params.toString()}`;
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    headers: { ...options.headers, ...(options.apiKey ? { "x-api-key": options.apiKey } : {}) },
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ExportError(body?.error?.code ?? `HTTP_${response.status}`, body?.error?.message ?? response.statusText);
  }
  return response.body;
}
