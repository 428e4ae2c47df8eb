import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
  type TRPCClient,
} from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { AppRouter } from "./app-router.js";
import { ExportError } from "./contact-export.js";

export interface ClientOptions {
  /** Base URL of a Nudge server, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** An API key (viewer, operator or admin). Sent as `x-api-key`. */
  apiKey?: string;
  /** Extra headers (e.g. `x-request-id` to correlate with server logs). */
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

export type NudgeClient = TRPCClient<AppRouter>;

/**
 * The fully typed client: every procedure of the server with its input and output types.
 *
 * ```ts
 * const nudge = createClient({ url: "http://127.0.0.1:3000", apiKey: process.env.NUDGE_API_KEY });
 * const page = await nudge.data.contacts.list.query({ hasBirthday: true, limit: 20 });
 * ```
 */
export function createClient(options: ClientOptions): NudgeClient {
  const base = options.url.replace(/\/+$/, "");
  const headers = () => ({ ...options.headers, ...(options.apiKey ? { "x-api-key": options.apiKey } : {}) });
  const baseFetch = options.fetch ?? globalThis.fetch;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        // Live run events arrive as server-sent events. A browser's EventSource cannot send the
        // API key header; this one sends it through its fetch, and reconnects with the last
        // event id so nothing is lost or repeated.
        true: httpSubscriptionLink({
          url: `${base}/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) =>
              baseFetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers() } }),
          }),
        }),
        false: httpBatchLink({
          url: `${base}/trpc`,
          // Must match the server's transformer (superjson), or Dates arrive as strings.
          transformer: superjson,
          // The server refuses a batch of more than 20 calls (its maxBatchSize); larger ones are split.
          maxItems: 20,
          fetch: options.fetch,
          headers,
        }),
      }),
    ],
  });
}

/** The stable error code (`QUOTA_EXHAUSTED`, `UNAUTHORIZED`, …) of a failed call, if any. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof ExportError) return error.code;
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as { code?: string } | undefined;
    return data?.code;
  }
  return undefined;
}

export { TRPCClientError };
