import { accounts, eq, type Database } from "@nudge/db";
import { NudgeError } from "../errors/index.js";
import { getSettings } from "../settings/settings-store.js";
import type { QuotaAction, Settings } from "../settings/settings-schema.js";
import { daysBetween, startOfNextZonedDay, startOfZonedDay, zonedDate } from "../time/zoned.js";
import type { QuotaDecision, QuotaRemaining, QuotaWindow } from "./coordinator.js";

/** The rolling week is exactly 7 × 24 h of real time, whatever DST does to the calendar. */
export const WEEK_MS = 7 * 24 * 3_600_000;
/** Reservations older than this can no longer count in any window and may be pruned from caches. */
export const QUOTA_HORIZON_MS = WEEK_MS + 24 * 3_600_000;

/** What the quota rules need to know about an account. */
export interface AccountPolicy {
  accountId: number;
  timeZone: string;
  createdAt: Date;
  settings: Settings;
}

export interface QuotaLimits {
  perDay: number;
  perWeek: number;
  perRun: number;
  /** The warm-up's daily cap while it is below `perDay`; null once warmed up (or disabled). */
  warmupCap: number | null;
}

/** The windows of one instant: calendar day [dayStart, dayEnd) in the account's zone, week (weekStart, ∞). */
export interface QuotaWindows {
  at: Date;
  dayStart: Date;
  dayEnd: Date;
  /** Exclusive: a reservation exactly 7 × 24 h old has left the week. */
  weekStart: Date;
}

/** The last calendar day computed per zone: day boundaries cost a dozen `Intl` calls, reservations are frequent. */
const lastDays = new Map<string, { dayStart: Date; dayEnd: Date }>();

export function quotaWindows(at: Date, timeZone: string): QuotaWindows {
  let day = lastDays.get(timeZone);
  if (!day || at < day.dayStart || at >= day.dayEnd) {
    day = { dayStart: startOfZonedDay(at, timeZone), dayEnd: startOfNextZonedDay(at, timeZone) };
    lastDays.set(timeZone, day);
  }
  return { at, dayStart: day.dayStart, dayEnd: day.dayEnd, weekStart: new Date(at.getTime() - WEEK_MS) };
}

/**
 * A new account's daily limit ramps linearly from `startPercent` to 100 % over `days` calendar
 * days (account zone) from its creation. Rounded up, so a positive limit never ramps to zero.
 */
export function warmupCap(
  perDay: number,
  settings: Settings,
  createdAt: Date,
  at: Date,
  timeZone: string,
): number | null {
  const warmup = settings.quotas.warmup;
  if (!warmup.enabled) return null;
  const age = Math.max(0, daysBetween(zonedDate(createdAt, timeZone), zonedDate(at, timeZone)));
  if (age >= warmup.days) return null;
  const percent = warmup.startPercent + ((100 - warmup.startPercent) * age) / warmup.days;
  const cap = Math.ceil((perDay * percent) / 100);
  return cap < perDay ? cap : null;
}

export function quotaLimits(policy: AccountPolicy, action: QuotaAction, at: Date): QuotaLimits {
  const limits = policy.settings.quotas[action];
  return {
    perDay: limits.perDay,
    perWeek: limits.perWeek,
    perRun: limits.perRun,
    warmupCap: warmupCap(limits.perDay, policy.settings, policy.createdAt, at, policy.timeZone),
  };
}

/** The daily limit in force: the warm-up cap when there is one. */
export function effectiveDayLimit(limits: QuotaLimits): number {
  return limits.warmupCap === null ? limits.perDay : Math.min(limits.perDay, limits.warmupCap);
}

/** Counts of live (not refunded) reservations in each window. `run` is null without a run. */
export interface WindowCounts {
  day: number;
  week: number;
  run: number | null;
}

export function fitsEveryWindow(counts: WindowCounts, limits: QuotaLimits): boolean {
  return (
    counts.day < effectiveDayLimit(limits) &&
    counts.week < limits.perWeek &&
    (counts.run === null || counts.run < limits.perRun)
  );
}

export function remainingBudget(counts: WindowCounts, limits: QuotaLimits): QuotaRemaining {
  const remaining: QuotaRemaining = {
    day: Math.max(0, limits.perDay - counts.day),
    week: Math.max(0, limits.perWeek - counts.week),
  };
  if (counts.run !== null) remaining.run = Math.max(0, limits.perRun - counts.run);
  if (limits.warmupCap !== null) remaining.warmup = Math.max(0, limits.warmupCap - counts.day);
  return remaining;
}

/**
 * Builds the decision both backends return, from the counts they saw atomically (after the
 * admission when allowed). When several windows refuse, `deniedBy` is the one that frees up last
 * (`run` first: it never frees up), and `retryAt` is when every refusing window has room again.
 * `weekFreesAt` is when enough of the week's oldest reservations have aged out to make room.
 */
export function quotaDecision(input: {
  allowed: boolean;
  reservationId?: string;
  counts: WindowCounts;
  limits: QuotaLimits;
  windows: QuotaWindows;
  weekFreesAt: Date | null;
}): QuotaDecision {
  const { allowed, counts, limits, windows } = input;
  const remaining = remainingBudget(counts, limits);
  if (allowed) return { allowed: true, dryRun: false, reservationId: input.reservationId, remaining };
  if (counts.run !== null && counts.run >= limits.perRun)
    return { allowed: false, dryRun: false, remaining, deniedBy: "run" };
  const refusing: { window: QuotaWindow; at: Date }[] = [];
  const dayEnd = new Date(windows.dayEnd.getTime());
  if (counts.day >= limits.perDay) refusing.push({ window: "day", at: dayEnd });
  else if (limits.warmupCap !== null && counts.day >= limits.warmupCap) refusing.push({ window: "warmup", at: dayEnd });
  if (counts.week >= limits.perWeek) refusing.push({ window: "week", at: input.weekFreesAt ?? dayEnd });
  refusing.sort((a, b) => b.at.getTime() - a.at.getTime());
  const last = refusing[0];
  // Unreachable with consistent counts; refuse conservatively rather than admit.
  if (!last) return { allowed: false, dryRun: false, remaining, deniedBy: "day", retryAt: dayEnd };
  return { allowed: false, dryRun: false, remaining, deniedBy: last.window, retryAt: last.at };
}

/**
 * Account policies (zone, creation date, settings) read from the database and kept for a short
 * while: a reservation must not cost two extra reads. A settings change takes effect within
 * `ttlMs` (real time), or at once after `invalidate`.
 */
export class AccountPolicies {
  readonly #db: Database;
  readonly #ttlMs: number;
  readonly #cache = new Map<number, { at: number; policy: Promise<AccountPolicy> }>();

  constructor(db: Database, ttlMs = 2_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  get(accountId: number): Promise<AccountPolicy> {
    const now = performance.now();
    const hit = this.#cache.get(accountId);
    if (hit && now - hit.at < this.#ttlMs) return hit.policy;
    const policy = this.#load(accountId);
    this.#cache.set(accountId, { at: now, policy });
    policy.catch(() => this.#cache.delete(accountId));
    return policy;
  }

  invalidate(accountId?: number): void {
    if (accountId === undefined) this.#cache.clear();
    else this.#cache.delete(accountId);
  }

  async #load(accountId: number): Promise<AccountPolicy> {
    const account = await this.#db
      .select({ timeZone: accounts.timezone, createdAt: accounts.createdAt })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .get();
    if (!account) throw new NudgeError("NOT_FOUND", `account ${accountId} not found`);
    return {
      accountId,
      timeZone: account.timeZone,
      createdAt: account.createdAt,
      settings: await getSettings(this.#db, accountId),
    };
  }
}
