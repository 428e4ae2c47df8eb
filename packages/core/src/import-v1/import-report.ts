import type { AuthStateFormat } from "./auth-state.js";
import type { ConfigEntry } from "./config-mapping.js";
import type { Ambiguity } from "./people.js";
import type { TemplateLineProblem } from "./template-mapping.js";

/**
 * What an import of the original bot found and did (or, in a dry run, would do): counts per
 * source table, ambiguities, skipped rows with their reasons, tables and config keys with no
 * place in Nudge, the settings diff. Never a cookie value, a key or a password.
 */

/** Skipped rows listed one by one, at most; the rest are counted. */
export const MAX_LISTED_ROWS = 200;

export interface TableTally {
  table: string;
  rows: number;
  /** Rows that created or changed something. */
  imported: number;
  /** Rows whose content Nudge already had (an earlier import, or its own runs). */
  alreadyPresent: number;
  /** Rows repeating another row of the file (a second wish for one birthday, a second visit on one day). */
  duplicates: number;
  skipped: number;
}

export interface SkippedRow {
  table: string;
  id: number;
  reason: string;
}

export interface ImportChanges {
  contactsCreated: number;
  contactsUpdated: number;
  contactsBlacklisted: number;
  birthdayMessages: number;
  profileVisits: number;
  /** Committed reservations for imported actions inside the current quota windows. */
  quotaReservations: number;
  settingsChanged: boolean;
  sessionStored: boolean;
}

export interface TemplateListReport {
  imported: number;
  rewritten: { line: number; from: string; to: string }[];
  rejected: TemplateLineProblem[];
}

export interface ImportReport {
  format: "nudge.import-v1.report/1";
  accountId: number;
  dryRun: boolean;
  at: string;
  database: {
    bytes: number;
    sha256: string;
    v1SchemaVersion: number | null;
    contactsShape: "v1" | "app_v2" | null;
    appV2Interactions: boolean;
    /** The zone naive timestamps were read in. */
    sourceZone: string;
  } | null;
  tables: TableTally[];
  notImported: { table: string; rows: number; reason: string }[];
  ambiguities: Ambiguity[];
  skipped: SkippedRow[];
  skippedNotListed: number;
  /** What was written (a dry run: what would be). */
  changes: ImportChanges;
  settings: {
    diff: { path: string; from: unknown; to: unknown }[];
    timezone: { from: string; to: string } | null;
    config: ConfigEntry[] | null;
  };
  templates: { today: TemplateListReport | null; late: TemplateListReport | null };
  session: {
    format: AuthStateFormat;
    cookieCount: number;
    cookieNames: string[];
    liAtExpiresAt: string | null;
    /** The account already had exactly this session. */
    unchanged: boolean;
  } | null;
  warnings: string[];
}

/** Counts per source table, and the skipped rows (the first `MAX_LISTED_ROWS` listed). */
export class ImportTally {
  readonly #tables = new Map<string, TableTally>();
  readonly skipped: SkippedRow[] = [];
  skippedNotListed = 0;

  #of(table: string): TableTally {
    let t = this.#tables.get(table);
    if (!t) {
      t = { table, rows: 0, imported: 0, alreadyPresent: 0, duplicates: 0, skipped: 0 };
      this.#tables.set(table, t);
    }
    return t;
  }

  rows(table: string, count: number): void {
    if (count > 0) this.#of(table).rows += count;
  }

  add(table: string, outcome: "imported" | "alreadyPresent" | "duplicates"): void {
    this.#of(table)[outcome]++;
  }

  skip(table: string, id: number, reason: string): void {
    this.#of(table).skipped++;
    if (this.skipped.length < MAX_LISTED_ROWS) this.skipped.push({ table, id, reason });
    else this.skippedNotListed++;
  }

  tables(): TableTally[] {
    return [...this.#tables.values()];
  }
}

const TABLE_REASONS: Record<string, string> = {
  errors: "never written by the original",
  linkedin_selectors: "Nudge has its own selector catalog, which learns from use",
  campaigns: "the original's search campaigns have no counterpart: Nudge's sourcing criteria are settings.sourcing",
  sourcing_campaigns:
    "the original's search campaigns have no counterpart: Nudge's sourcing criteria are settings.sourcing",
  bot_executions: "the original's run history; Nudge keeps its own",
  notification_settings: "notification channels are configured in Nudge (the SMTP password stored here is not read)",
  notification_logs: "the original's e-mail history",
  scheduled_jobs: "the original's scheduler never started; Nudge's schedules are settings.schedules",
  job_executions: "the original's scheduler history",
};

export function notImportedReason(table: string): string {
  return TABLE_REASONS[table] ?? "not a table of the original bot this import knows";
}
