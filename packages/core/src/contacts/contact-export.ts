import { Readable } from "node:stream";
import { and, contacts, desc, gte, type Contact, type Database } from "@nudge/db";
import type { stringify as Stringify } from "csv-stringify/sync";
import { contactConditions, type ContactFilter } from "./contact-queries.js";
import { afterCursor, encodeCursor } from "./keyset-cursor.js";

/** The filters of `data.contacts.list`, and a lowest fit score. */
export type ContactExportFilter = Omit<ContactFilter, "limit" | "cursor"> & {
  minScore?: number | undefined;
};

export interface ContactExportOptions {
  /** Start with a UTF-8 byte order mark, so spreadsheet programs read the file as UTF-8. */
  bom?: boolean;
  /** Rows read per query: memory holds one page at a time, whatever the number of contacts. */
  pageSize?: number;
}

/** The export's columns, in order (docs/sourcing.md#csv-export). */
export const CONTACT_EXPORT_COLUMNS = [
  "id",
  "profile_url",
  "public_id",
  "full_name",
  "first_name",
  "headline",
  "location",
  "company",
  "source",
  "status",
  "fit_score",
  "open_to_work",
  "birth_month",
  "birth_day",
  "tags",
  "notes",
  "created_at",
  "updated_at",
  "last_interaction_at",
] as const;

const DEFAULT_PAGE_SIZE = 250;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and the tab and carriage return
 * that can hide them) gets a leading apostrophe: it shows as text and executes nothing (OWASP's
 * CSV injection advice).
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function rowOf(c: Contact): (string | number | null)[] {
  const text = (v: string | null) => (v === null ? null : neutraliseCell(v));
  const openToWork = (c.profile as { openToWork?: unknown } | null)?.openToWork;
  return [
    c.id,
    text(c.profileUrl),
    text(c.publicId),
    text(c.fullName),
    text(c.firstName),
    text(c.headline),
    text(c.location),
    text(c.company),
    c.source,
    c.status,
    c.fitScore,
    typeof openToWork === "boolean" ? String(openToWork) : null,
    c.birthMonth,
    c.birthDay,
    neutraliseCell(c.tags.join(";")),
    neutraliseCell(c.notes),
    c.createdAt.toISOString(),
    c.updatedAt.toISOString(),
    c.lastInteractionAt?.toISOString() ?? null,
  ];
}

/** Every matching contact, newest change first, one keyset page at a time. */
export async function* exportPages(
  db: Database,
  filter: ContactExportFilter,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<Contact[]> {
  const base = contactConditions(filter);
  if (base === null) return;
  if (filter.minScore !== undefined) base.push(gte(contacts.fitScore, filter.minScore));
  let cursor: string | null = null;
  for (;;) {
    const where = cursor ? [...base, afterCursor(cursor, contacts.updatedAt, contacts.id)] : base;
    const rows = await db
      .select()
      .from(contacts)
      .where(and(...where))
      .orderBy(desc(contacts.updatedAt), desc(contacts.id))
      .limit(pageSize);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    cursor = encodeCursor({ at: last.updatedAt.getTime(), id: last.id });
  }
}

/**
 * The contacts as an RFC 4180 CSV stream (CRLF line ends, quotes where needed, a header row)
 * written by csv-stringify: one string per keyset page, the next page read only when the reader
 * has taken the last one. Strings, not Buffers: a socket writes a string without a JavaScript
 * buffer that only a later garbage collection would free (bench/export.ts).
 */
export function exportContactsCsv(
  db: Database,
  filter: ContactExportFilter,
  options: ContactExportOptions = {},
): Readable {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  async function* chunks(): AsyncGenerator<string> {
    // Loaded on the first export: most processes never write one (docs/decisions/lazy-loading.md).
    const { stringify } = await import("csv-stringify/sync");
    let header = true;
    if (options.bom) yield "\uFEFF";
    for await (const page of exportPages(db, filter, pageSize)) {
      yield csvOf(stringify, page.map(rowOf), header);
      header = false;
    }
    if (header) yield csvOf(stringify, [], true);
  }
  // One chunk ahead at most.
  return Readable.from(chunks(), { objectMode: true, highWaterMark: 1 });
}

function csvOf(stringify: typeof Stringify, rows: (string | number | null)[][], header: boolean): string {
  return stringify(rows, {
    header,
    columns: [...CONTACT_EXPORT_COLUMNS],
    record_delimiter: "windows",
    cast: { number: (n) => String(n) },
  });
}
