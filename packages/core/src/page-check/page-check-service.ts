import { createHash } from "node:crypto";
import {
  accounts,
  and,
  desc,
  eq,
  isUniqueViolation,
  lt,
  pageChecks,
  write,
  type Database,
  type PageCheck,
  type PageCheckPageResult,
} from "@nudge/db";
import type { Logger } from "pino";
import { Counter, Gauge, type Registry } from "prom-client";
import type { BrowserLender } from "../accounts/session-service.js";
import { loadAccountSession } from "../browser/session/account-session.js";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import { SelectorEngine } from "../browser/selectors/selector-engine.js";
import type { Coordinator } from "../coordination/coordinator.js";
import { firstLine } from "../errors/first-line.js";
import { isNudgeError, NudgeError } from "../errors/nudge-error.js";
import { notify } from "../notifications/notify.js";
import { getSettings } from "../settings/settings-store.js";
import type { Clock } from "../time/clock.js";
import { RepeatingTask } from "../time/repeating-task.js";
import { workingWindowOn } from "../time/working-hours.js";
import { formatCalendarDate, zonedDate } from "../time/zoned.js";
import type { Caller } from "../use-cases/caller.js";
import { CHECKED_PAGES, pageCheckPlan } from "./page-check-plan.js";
import { walkPages } from "./page-checker.js";
import { ReadOnlyResolver } from "./read-only-resolver.js";

export interface PageCheckOptions {
  /** How often a worker looks whether an account's daily check is due. */
  intervalMs: number;
  firstKeyTimeoutMs: number;
  keyTimeoutMs: number;
  /** The one people search the check opens. */
  searchKeywords: string;
  /** A check still `running` this long after it started died with its process. */
  staleAfterMs: number;
}

export const PAGE_CHECK_DEFAULTS: PageCheckOptions = {
  intervalMs: 5 * 60_000,
  firstKeyTimeoutMs: 15_000,
  keyTimeoutMs: 3_000,
  searchKeywords: "manager",
  staleAfterMs: 30 * 60_000,
};

export interface PageCheckDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  coordinator: Coordinator;
  browsers: BrowserLender;
  encryptionKeys: readonly EncryptionKey[];
  linkedinBaseUrl: string;
  dataDir: string;
  registry?: Registry;
  options?: Partial<PageCheckOptions>;
  onNotified?: () => void;
}

function metric<T>(registry: Registry | undefined, name: string, make: (registers: Registry[]) => T): T {
  return (registry?.getSingleMetric(name) as T | undefined) ?? make(registry ? [registry] : []);
}

/**
 * The daily read-only page check ("canary", docs/notifications.md#page-check): once a day per
 * account, at a stable random moment of its working hours, a worker opens each page the engine
 * relies on and resolves every key those pages need, without acting, learning or counting
 * quota. A key that no longer resolves is drift: recorded with artifacts, counted, notified in
 * the same transaction. A restriction met on the way trips the breaker like any other.
 */
export class PageCheckService {
  readonly #d: PageCheckDeps;
  readonly #o: PageCheckOptions;
  readonly #total: Counter<"page" | "outcome">;
  readonly #drift: Gauge<"key">;
  readonly #task: RepeatingTask;

  constructor(deps: PageCheckDeps) {
    this.#d = deps;
    this.#o = { ...PAGE_CHECK_DEFAULTS, ...deps.options };
    this.#task = new RepeatingTask(
      () => this.tick(),
      this.#o.intervalMs,
      (error) => this.#d.log.warn({ err: firstLine(error) }, "page check tick failed"),
    );
    this.#total = metric(deps.registry, "nudge_page_check_total", (registers) => {
      const total = new Counter({
        name: "nudge_page_check_total",
        help: "Pages opened by the read-only page check, by page and outcome (ok, drift, signal, error)",
        labelNames: ["page", "outcome"],
        registers,
      });
      // At zero from the start, so the page-check alert's `increase()` sees a first failure.
      for (const page of CHECKED_PAGES) for (const outcome of PAGE_OUTCOMES) total.inc({ page, outcome }, 0);
      return total;
    });
    this.#drift = metric(deps.registry, "nudge_selector_drift", (registers) => {
      const drift = new Gauge({
        name: "nudge_selector_drift",
        help: "1 when the last page check could not resolve this selector key, 0 when it could (or none ran yet)",
        labelNames: ["key"],
        registers,
      });
      // No drift known before this process's first check: every key the check reads, at 0.
      for (const key of checkedKeys(this.#o.searchKeywords)) drift.set({ key }, 0);
      return drift;
    });
  }

  start(): void {
    this.#task.start();
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }

  /** Recent checks, newest first (the panel shows the drift of the latest). */
  list(filter: { accountId?: number; limit?: number } = {}): Promise<PageCheck[]> {
    return this.#d.db
      .select()
      .from(pageChecks)
      .where(filter.accountId === undefined ? undefined : eq(pageChecks.accountId, filter.accountId))
      .orderBy(desc(pageChecks.id))
      .limit(filter.limit ?? 20);
  }

  async get(id: number): Promise<PageCheck> {
    const row = await this.#d.db.select().from(pageChecks).where(eq(pageChecks.id, id)).get();
    if (!row) throw new NudgeError("NOT_FOUND", `no page check ${id}`);
    return row;
  }

  /** A check now, whatever the schedule (`nudge check pages`); resolves when it is done. */
  async run(accountId: number, caller: Caller): Promise<PageCheck> {
    const account = await this.#d.db.select().from(accounts).where(eq(accounts.id, accountId)).get();
    if (!account) throw new NudgeError("NOT_FOUND", `no account ${accountId}`);
    const [row] = await write(this.#d.db, (tx) =>
      tx.insert(pageChecks).values({ accountId, scheduledDay: null, startedAt: this.#d.clock.now() }).returning(),
    );
    if (!row) throw new NudgeError("INTERNAL", "the page check was not recorded");
    (caller.log ?? this.#d.log).info({ accountId, checkId: row.id, by: caller.by }, "page check started");
    return this.#execute(row);
  }

  /** One pass of the schedule: each active account whose check is due today and not yet claimed. */
  async tick(): Promise<number> {
    const now = this.#d.clock.now();
    await write(this.#d.db, (tx) =>
      tx
        .update(pageChecks)
        .set({ status: "failed", errorCode: "INTERNAL", errorMessage: "its process stopped", finishedAt: now })
        .where(
          and(
            eq(pageChecks.status, "running"),
            lt(pageChecks.startedAt, new Date(now.getTime() - this.#o.staleAfterMs)),
          ),
        ),
    );
    const rows = await this.#d.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.status, "active"), eq(accounts.sessionStatus, "valid")));
    let ran = 0;
    for (const account of rows) {
      const settings = await getSettings(this.#d.db, account.id);
      const today = zonedDate(now, account.timezone);
      const window = workingWindowOn(today, settings.workingHours, account.timezone);
      if (!window || now >= window.closes) continue;
      const day = formatCalendarDate(today);
      const span = window.closes.getTime() - window.opens.getTime();
      // A stable moment in the first three quarters of the window, different each day and account.
      const dueAt = window.opens.getTime() + Math.floor(fraction(`${account.id}:${day}`) * span * 0.75);
      if (now.getTime() < dueAt) continue;
      const claimed = await this.#claim(account.id, day, now);
      if (!claimed) continue;
      await this.#execute(claimed);
      ran++;
    }
    return ran;
  }

  async #claim(accountId: number, day: string, now: Date): Promise<PageCheck | null> {
    try {
      const [row] = await write(this.#d.db, (tx) =>
        tx.insert(pageChecks).values({ accountId, scheduledDay: day, startedAt: now }).returning(),
      );
      return row ?? null;
    } catch (error) {
      if (isUniqueViolation(error)) return null; // another worker has today's check
      throw error;
    }
  }

  async #execute(check: PageCheck): Promise<PageCheck> {
    const { db, log } = this.#d;
    const accountLog = log.child({ accountId: check.accountId, checkId: check.id });
    let pages: PageCheckPageResult[] = [];
    let failure: { code: string; message: string } | null = null;
    try {
      const breaker = await this.#d.coordinator.breaker.state(check.accountId);
      if (breaker.state === "open")
        throw new NudgeError("BREAKER_OPEN", "the account's circuit breaker is open: LinkedIn is left alone");
      const walk = await this.#walk(check);
      pages = walk.pages;
      if (walk.signal) {
        failure = { code: walk.signal.code, message: walk.signal.message };
        await this.#d.coordinator.breaker.recordFailure(check.accountId, walk.signal);
      }
    } catch (error) {
      failure = isNudgeError(error)
        ? { code: error.code, message: error.message }
        : { code: "INTERNAL", message: firstLine(error) };
    }
    const driftKeys = [...new Set(pages.flatMap((p) => p.missing))];
    // A page that could not be opened (or found) was not checked: the check is not "ok".
    const unchecked = pages.find((p) => p.outcome === "error");
    if (!failure && unchecked)
      failure = { code: "PAGE_NOT_CHECKED", message: `${unchecked.page}: ${unchecked.error ?? "?"}` };
    const status = failure ? "failed" : driftKeys.length > 0 ? "drift" : "ok";
    const finishedAt = this.#d.clock.now();
    const row = await write(db, async (tx) => {
      const [updated] = await tx
        .update(pageChecks)
        .set({
          status,
          pages,
          driftKeys,
          errorCode: failure?.code ?? null,
          errorMessage: failure?.message ?? null,
          finishedAt,
        })
        .where(eq(pageChecks.id, check.id))
        .returning();
      if (driftKeys.length > 0)
        await notify(tx, {
          accountId: check.accountId,
          type: "selector.drift",
          data: {
            checkId: check.id,
            keys: driftKeys,
            pages: pages.filter((p) => p.outcome === "drift").map((p) => ({ page: p.page, missing: p.missing })),
          },
          at: finishedAt,
        });
      return updated ?? check;
    });
    for (const p of pages) {
      this.#total.inc({ page: p.page, outcome: p.outcome });
      for (const key of p.resolved) this.#drift.set({ key }, 0);
      for (const key of p.missing) this.#drift.set({ key }, 1);
    }
    if (driftKeys.length > 0) this.#d.onNotified?.();
    if (failure) accountLog.warn({ code: failure.code, reason: failure.message }, "page check could not finish");
    else if (driftKeys.length > 0) accountLog.warn({ driftKeys }, "page check found selector drift");
    else accountLog.info({ pages: pages.length }, "page check: every key resolves");
    return row;
  }

  async #walk(check: PageCheck) {
    const { db, log, encryptionKeys, linkedinBaseUrl, dataDir } = this.#d;
    const account = await db.select().from(accounts).where(eq(accounts.id, check.accountId)).get();
    const state = await loadAccountSession({ db, keys: encryptionKeys }, check.accountId);
    const engine = new SelectorEngine({ db, dataDir, runId: `page-check-${check.id}`, clock: this.#d.clock, log });
    const resolver = new ReadOnlyResolver(db, log);
    const baseUrl = linkedinBaseUrl.replace(/\/+$/, "");
    return this.#d.browsers.withBrowser(async (browser) => {
      const context = await browser.newSessionContext(state, {
        baseUrl,
        locale: account?.locale,
        timezoneId: account?.timezone,
      });
      try {
        const page = await context.newPage();
        return await walkPages(page, pageCheckPlan(this.#o.searchKeywords), {
          resolver,
          engine,
          baseUrl,
          firstKeyTimeoutMs: this.#o.firstKeyTimeoutMs,
          keyTimeoutMs: this.#o.keyTimeoutMs,
        });
      } finally {
        await context.close().catch(() => undefined);
      }
    });
  }
}

const PAGE_OUTCOMES = ["ok", "drift", "signal", "error"] as const satisfies readonly PageCheckPageResult["outcome"][];

/** Every selector key the check may report, resolved or missing. */
function checkedKeys(searchKeywords: string): Set<string> {
  return new Set(
    pageCheckPlan(searchKeywords).flatMap((p) =>
      p.steps.flatMap((s) => [s.key, ...(s.orElse ? [s.orElse] : []), ...(s.inside ?? [])]),
    ),
  );
}

/** A stable number in [0, 1) for a text. */
function fraction(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}
