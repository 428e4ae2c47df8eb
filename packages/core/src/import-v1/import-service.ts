import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_TIMEZONE, type Database } from "@nudge/db";
import type { Logger } from "pino";
import { getAccount } from "../accounts/account-queries.js";
import { loadAccountSession } from "../browser/session/account-session.js";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import type { Coordinator } from "../coordination/coordinator.js";
import { NudgeError } from "../errors/nudge-error.js";
import { settingsSchema } from "../settings/settings-schema.js";
import { getSettings, mergeSettings } from "../settings/settings-store.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import { applyImport, plannedChanges, type ImportWrite } from "./apply-import.js";
import { readAuthState, type ImportedAuthState } from "./auth-state.js";
import { mapConfig, settingsDiff, type ConfigMapping } from "./config-mapping.js";
import { planHistory, type HistoryPlan } from "./history-plan.js";
import { ImportTally, notImportedReason, type ImportReport, type TemplateListReport } from "./import-report.js";
import { openSourceDatabase, type DatabaseInput } from "./source-database.js";
import { readSourceRows } from "./source-rows.js";
import { mapTemplateFile, MAX_TEMPLATE_FILE_CHARS, type MappedTemplates } from "./template-mapping.js";

/** Any of the original bot's files; at least one. */
export interface ImportSources {
  /** Its SQLite database (`data/linkedin.db`): a path, or the file's bytes (an upload). */
  database?: DatabaseInput;
  /** `config/config.yaml`. */
  config?: string;
  /** `data/messages.txt` and `data/late_messages.txt`. */
  messages?: string;
  lateMessages?: string;
  /** `data/auth_state.json` in any of its three forms. */
  authState?: string | Uint8Array;
  /** The original's `AUTH_ENCRYPTION_KEY`, for an encrypted auth state. Never logged or returned. */
  fernetKey?: string;
}

export interface ImportServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  coordinator: Coordinator;
  linkedinBaseUrl: string;
  dataDir: string;
  encryptionKeys: readonly EncryptionKey[];
}

export interface ImportResult extends ImportReport {
  /** Where the report was written (a real import only). */
  reportPath: string | null;
}

async function sha256Of(input: DatabaseInput): Promise<string> {
  const hash = createHash("sha256");
  if ("bytes" in input) return hash.update(input.bytes).digest("hex");
  for await (const chunk of createReadStream(input.path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function templateList(name: string, content: string | undefined): MappedTemplates | null {
  if (content === undefined) return null;
  if (content.length > MAX_TEMPLATE_FILE_CHARS) {
    throw new NudgeError("IMPORT_SOURCE_REFUSED", `${name} is longer than ${MAX_TEMPLATE_FILE_CHARS} characters`);
  }
  return mapTemplateFile(content);
}

const listReport = (m: MappedTemplates | null): TemplateListReport | null =>
  m && { imported: m.templates.length, rewritten: m.rewritten, rejected: m.rejected };

/**
 * Moving from the original Python bot (docs/import-v1.md): its database, config, message files
 * and session, into one account, with a report of everything mapped, skipped or ambiguous. A dry
 * run reads everything and writes nothing; a real import writes everything in one transaction
 * (or nothing, when any file is refused) and keeps its report as JSON in the data directory.
 */
export class ImportService {
  readonly #deps: ImportServiceDeps;

  constructor(deps: ImportServiceDeps) {
    this.#deps = deps;
  }

  async run(
    accountId: number,
    sources: ImportSources,
    options: { dryRun: boolean },
    caller: Caller,
  ): Promise<ImportResult> {
    const { db, clock } = this.#deps;
    const log = caller.log ?? this.#deps.log;
    const given = (["database", "config", "messages", "lateMessages", "authState"] as const).filter(
      (k) => sources[k] !== undefined,
    );
    if (given.length === 0) {
      throw new NudgeError(
        "VALIDATION_FAILED",
        "give at least one of the original's files: database, config, messages, late messages, auth state",
      );
    }
    const account = await getAccount(db, accountId);
    const now = clock.now();
    const current = await getSettings(db, accountId);

    // Everything is read and checked before anything is written: one refused file, nothing imported.
    const config: ConfigMapping | null = sources.config === undefined ? null : await mapConfig(sources.config, current);
    const today = templateList("messages.txt", sources.messages);
    const late = templateList("late_messages.txt", sources.lateMessages);
    const auth =
      sources.authState === undefined ? null : await readAuthState(sources.authState, sources.fernetKey, now);
    if (auth && this.#deps.encryptionKeys.length === 0) {
      throw new NudgeError("ENCRYPTION_KEY_MISSING", "NUDGE_ENCRYPTION_KEY is not set: the session cannot be stored");
    }
    const warnings: string[] = [];
    const patch: Record<string, unknown> = { ...(config?.patch ?? {}) };
    const templates: Record<string, string[]> = {};
    for (const [list, mapped, file] of [
      ["today", today, "messages.txt"],
      ["late", late, "late_messages.txt"],
    ] as const) {
      if (mapped && mapped.templates.length > 0) templates[list] = mapped.templates;
      else if (mapped) warnings.push(`${file} has no usable template: the account's ${list} templates are kept`);
    }
    if (Object.keys(templates).length > 0) patch.templates = templates;
    const parsed = settingsSchema.safeParse(mergeSettings(current, patch));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new NudgeError(
        "INVALID_SETTINGS",
        `the imported settings do not validate: ${issue?.path.join(".")}: ${issue?.message}`,
      );
    }
    const diff = settingsDiff(current, parsed.data);
    const timezone = config?.timezone && config.timezone !== account.timezone ? config.timezone : null;
    const sourceZone = config?.sourceZone ?? DEFAULT_TIMEZONE;

    const tally = new ImportTally();
    let history: HistoryPlan | null = null;
    let database: ImportReport["database"] = null;
    const notImported: ImportReport["notImported"] = [];
    if (sources.database) {
      const source = await openSourceDatabase(sources.database);
      try {
        const rows = await readSourceRows(source.client, source.layout);
        history = await planHistory(
          db,
          rows,
          {
            accountId,
            accountZone: timezone ?? account.timezone,
            sourceZone,
            baseUrl: this.#deps.linkedinBaseUrl,
            now,
          },
          tally,
        );
        for (const t of rows.otherTables) notImported.push({ ...t, reason: notImportedReason(t.table) });
        database = {
          bytes: source.bytes,
          sha256: await sha256Of(sources.database),
          v1SchemaVersion: source.layout.v1SchemaVersion,
          contactsShape: source.layout.contactsShape,
          appV2Interactions: source.layout.appV2Interactions,
          sourceZone,
        };
      } finally {
        await source.close();
      }
    }
    const session = auth && !(await this.#sameSession(accountId, auth)) ? JSON.stringify(auth.session.state) : null;
    const write: ImportWrite = {
      accountId,
      history,
      settingsPatch: diff.length > 0 ? patch : null,
      timezone,
      session,
    };
    const report: ImportReport = {
      format: "nudge.import-v1.report/1",
      accountId,
      dryRun: options.dryRun,
      at: now.toISOString(),
      database,
      tables: tally.tables(),
      notImported,
      ambiguities: history?.ambiguities ?? [],
      skipped: tally.skipped,
      skippedNotListed: tally.skippedNotListed,
      changes: plannedChanges(write),
      settings: {
        diff,
        timezone: timezone ? { from: account.timezone, to: timezone } : null,
        config: config?.entries ?? null,
      },
      templates: { today: listReport(today), late: listReport(late) },
      session: auth && {
        format: auth.format,
        cookieCount: auth.session.summary.cookieCount,
        cookieNames: auth.session.summary.cookies.map((c) => c.name),
        liAtExpiresAt: auth.session.summary.liAtExpiresAt?.toISOString() ?? null,
        unchanged: session === null,
      },
      warnings,
    };
    if (options.dryRun) {
      log.info({ accountId, by: caller.by, changes: report.changes }, "original bot import previewed (dry run)");
      return { ...report, reportPath: null };
    }
    report.changes = await applyImport(db, write, { clock, encryptionKeys: this.#deps.encryptionKeys });
    if (write.settingsPatch || write.timezone) this.#deps.coordinator.settingsChanged(accountId);
    const reportPath = await this.#keep(report);
    log.info({ accountId, by: caller.by, changes: report.changes, reportPath }, "original bot imported");
    return { ...report, reportPath };
  }

  /** True when the account already holds exactly this session (so a second import rewrites nothing). */
  async #sameSession(accountId: number, auth: ImportedAuthState): Promise<boolean> {
    try {
      const stored = await loadAccountSession({ db: this.#deps.db, keys: this.#deps.encryptionKeys }, accountId);
      return JSON.stringify(stored) === JSON.stringify(auth.session.state);
    } catch {
      return false;
    }
  }

  async #keep(report: ImportReport): Promise<string> {
    const dir = join(this.#deps.dataDir, "imports");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stamp = `${report.at.replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
    const path = join(dir, `import-v1-${stamp}.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await chmod(path, 0o600);
    return path;
  }
}
