import type { Client, Row } from "@libsql/client";
import { NudgeError } from "../errors/nudge-error.js";
import type { SourceLayout } from "./source-database.js";

/**
 * The rows of the original bot's tables that Nudge has a place for, as plain values. Columns
 * added by later V1 migrations (2–3 on `scraped_profiles`) read as null in older files; a table
 * missing a column the import needs is refused as "not the original's schema".
 */

export interface V1Contact {
  id: number;
  name: string;
  linkedinUrl: string | null;
  notes: string | null;
  createdAt: string | null;
}

export interface V1BirthdayMessage {
  id: number;
  contactId: number | null;
  contactName: string;
  messageText: string;
  sentAt: string | null;
  isLate: boolean;
  daysLate: number;
}

export interface V1ProfileVisit {
  id: number;
  profileName: string;
  profileUrl: string | null;
  visitedAt: string | null;
  success: boolean;
  errorMessage: string | null;
}

export interface V1ScrapedProfile {
  id: number;
  profileUrl: string;
  fullName: string | null;
  headline: string | null;
  company: string | null;
  location: string | null;
  fitScore: number | null;
  scrapedAt: string | null;
  /** Lists the visitor stored (often JSON-encoded twice), by field name. */
  lists: Record<string, unknown>;
  openToWork: boolean | null;
}

export interface V1BlacklistEntry {
  id: number;
  contactName: string;
  linkedinUrl: string | null;
  reason: string | null;
  isActive: boolean;
}

export interface AppV2Contact {
  id: number;
  name: string;
  profileUrl: string;
  headline: string | null;
  location: string | null;
  fitScore: number | null;
  birthDate: string | null;
  status: string | null;
  createdAt: string | null;
}

export interface AppV2Interaction {
  id: number;
  contactId: number | null;
  type: string;
  status: string;
  payload: Record<string, unknown> | null;
  createdAt: string | null;
}

export interface SourceRows {
  contacts: V1Contact[];
  birthdayMessages: V1BirthdayMessage[];
  profileVisits: V1ProfileVisit[];
  scrapedProfiles: V1ScrapedProfile[];
  blacklist: V1BlacklistEntry[];
  appV2Contacts: AppV2Contact[];
  appV2Interactions: AppV2Interaction[];
  /** Tables of the file Nudge has no place for, with their row counts. */
  otherTables: { table: string; rows: number }[];
}

/** Tables this import reads (whichever original's shape they have). */
const READ_TABLES = new Set([
  "contacts",
  "birthday_messages",
  "profile_visits",
  "scraped_profiles",
  "blacklist",
  "interactions",
  "schema_version",
]);

const SCRAPED_LISTS = ["skills", "certifications", "languages", "work_history", "education"] as const;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const trimmed = (v: unknown): string | null => {
  const t = text(v)?.trim();
  return t ? t : null;
};
const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
const bool = (v: unknown, fallback: boolean): boolean => {
  if (v === null || v === undefined) return fallback;
  if (typeof v === "string") return ["1", "true", "yes"].includes(v.trim().toLowerCase());
  return Number(v) !== 0;
};

/** JSON text, decoded as often as it was encoded (the visitor encoded its lists twice). */
export function decodeJsonText(value: unknown): unknown {
  let current: unknown = value;
  for (let i = 0; i < 3 && typeof current === "string"; i++) {
    try {
      current = JSON.parse(current);
    } catch {
      return current;
    }
  }
  return current;
}

async function readTable(
  client: Client,
  layout: SourceLayout,
  table: string,
  required: readonly string[],
): Promise<Row[]> {
  const columns = layout.tables.get(table);
  if (!columns) return [];
  const missing = required.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new NudgeError(
      "IMPORT_SOURCE_REFUSED",
      `table ${table} has no ${missing.join(", ")} column: not the original bot's schema; nothing was imported`,
    );
  }
  return (await client.execute(`select * from "${table}" order by id`)).rows;
}

export async function readSourceRows(client: Client, layout: SourceLayout): Promise<SourceRows> {
  const rows: SourceRows = {
    contacts: [],
    birthdayMessages: [],
    profileVisits: [],
    scrapedProfiles: [],
    blacklist: [],
    appV2Contacts: [],
    appV2Interactions: [],
    otherTables: [],
  };
  if (layout.contactsShape === "v1") {
    rows.contacts = (await readTable(client, layout, "contacts", ["id", "name", "linkedin_url"])).map((r) => ({
      id: Number(r.id),
      name: text(r.name) ?? "",
      linkedinUrl: trimmed(r.linkedin_url),
      notes: trimmed(r.notes),
      createdAt: text(r.created_at),
    }));
  } else if (layout.contactsShape === "app_v2") {
    rows.appV2Contacts = (await readTable(client, layout, "contacts", ["id", "name", "profile_url"])).map((r) => ({
      id: Number(r.id),
      name: text(r.name) ?? "",
      profileUrl: text(r.profile_url) ?? "",
      headline: trimmed(r.headline),
      location: trimmed(r.location),
      fitScore: num(r.fit_score),
      birthDate: trimmed(r.birth_date),
      status: trimmed(r.status),
      createdAt: text(r.created_at),
    }));
  }
  rows.birthdayMessages = (
    await readTable(client, layout, "birthday_messages", ["id", "contact_name", "message_text", "sent_at"])
  ).map((r) => ({
    id: Number(r.id),
    contactId: num(r.contact_id),
    contactName: text(r.contact_name) ?? "",
    messageText: text(r.message_text) ?? "",
    sentAt: text(r.sent_at),
    isLate: bool(r.is_late, false),
    daysLate: num(r.days_late) ?? 0,
  }));
  rows.profileVisits = (
    await readTable(client, layout, "profile_visits", ["id", "profile_name", "profile_url", "visited_at"])
  ).map((r) => ({
    id: Number(r.id),
    profileName: text(r.profile_name) ?? "",
    profileUrl: trimmed(r.profile_url),
    visitedAt: text(r.visited_at),
    success: bool(r.success, true),
    errorMessage: trimmed(r.error_message),
  }));
  rows.scrapedProfiles = (await readTable(client, layout, "scraped_profiles", ["id", "profile_url", "scraped_at"])).map(
    (r) => ({
      id: Number(r.id),
      profileUrl: text(r.profile_url) ?? "",
      fullName: trimmed(r.full_name) ?? trimmed([text(r.first_name), text(r.last_name)].filter(Boolean).join(" ")),
      headline: trimmed(r.headline) ?? trimmed(r.job_title),
      company: trimmed(r.current_company),
      location: trimmed(r.location),
      fitScore: num(r.fit_score),
      scrapedAt: text(r.scraped_at),
      lists: Object.fromEntries(SCRAPED_LISTS.filter((k) => r[k] != null).map((k) => [k, decodeJsonText(r[k])])),
      openToWork: r.open_to_work === undefined || r.open_to_work === null ? null : bool(r.open_to_work, false),
    }),
  );
  rows.blacklist = (await readTable(client, layout, "blacklist", ["id", "contact_name"])).map((r) => ({
    id: Number(r.id),
    contactName: text(r.contact_name) ?? "",
    linkedinUrl: trimmed(r.linkedin_url),
    reason: trimmed(r.reason),
    isActive: bool(r.is_active, true),
  }));
  if (layout.appV2Interactions) {
    rows.appV2Interactions = (
      await readTable(client, layout, "interactions", ["id", "contact_id", "type", "status", "payload"])
    ).map((r) => {
      const payload = decodeJsonText(r.payload);
      return {
        id: Number(r.id),
        contactId: num(r.contact_id),
        type: text(r.type) ?? "",
        status: text(r.status) ?? "",
        payload: typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as never) : null,
        createdAt: text(r.created_at),
      };
    });
  }
  const read = new Set(READ_TABLES);
  if (!layout.appV2Interactions) read.delete("interactions");
  if (layout.contactsShape === null) read.delete("contacts");
  for (const table of [...layout.tables.keys()].sort()) {
    if (read.has(table)) continue;
    const count = await client.execute(`select count(*) from "${table}"`);
    rows.otherTables.push({ table, rows: Number(count.rows[0]?.[0] ?? 0) });
  }
  return rows;
}
