import type { Account, Database } from "@nudge/db";
import { getAccount } from "../accounts/account-queries.js";
import type { Coordinator } from "../coordination/coordinator.js";
import { isNudgeError, NudgeError } from "../errors/index.js";
import type { RunContext, RunResult, StartCheck } from "../runs/campaign.js";
import { getSettings } from "../settings/settings-store.js";
import type { QuotaAction, Settings } from "../settings/settings-schema.js";
import type { Clock } from "../time/clock.js";
import { isWithinWorkingHours, nextWorkingHoursOpening } from "../time/working-hours.js";

export interface PreconditionDeps {
  coordinator: Coordinator;
  clock: Clock;
}

/**
 * What must hold before a run may act for an account, each with the reason a person can act on
 * (docs/architecture.md#circuit-breaker):
 * a usable session, a closed breaker, inside working hours, and — for a real run — some quota.
 * Dry runs are held to the same rules but quota, which they never consume.
 */
export async function assertRunnable(
  deps: PreconditionDeps,
  input: { account: Account; settings: Settings; action: QuotaAction; dryRun: boolean },
): Promise<void> {
  const { account, settings } = input;
  if (account.status === "paused") throw new NudgeError("ACCOUNT_PAUSED", `account ${account.id} is paused`);
  if (account.session === null || account.sessionStatus === "missing") {
    throw new NudgeError("SESSION_MISSING", `account ${account.id} has no LinkedIn session: upload cookies first`);
  }
  if (account.sessionStatus === "expired") {
    throw new NudgeError("SESSION_EXPIRED", "LinkedIn logged this session out: upload fresh cookies, then start again");
  }
  if (account.sessionStatus === "restricted") {
    throw new NudgeError(
      "BREAKER_OPEN",
      "LinkedIn showed this account as restricted: deal with it in a browser, then check the session again",
    );
  }
  const breaker = await deps.coordinator.breaker.state(account.id);
  if (breaker.state === "open") {
    const until = breaker.until ? ` until ${breaker.until.toISOString()}` : " until a person resets it";
    throw new NudgeError(
      "BREAKER_OPEN",
      `the circuit breaker is open (${breaker.reason ?? "unknown reason"})${until}`,
      {
        details: { reason: breaker.reason, hard: breaker.hard, until: breaker.until },
      },
    );
  }
  const now = deps.clock.now();
  if (!isWithinWorkingHours(now, settings.workingHours, account.timezone)) {
    const opens = nextWorkingHoursOpening(now, settings.workingHours, account.timezone);
    throw new NudgeError(
      "OUTSIDE_WORKING_HOURS",
      `outside working hours (${settings.workingHours.start}–${settings.workingHours.end} ${account.timezone}); they open at ${opens.toISOString()}`,
      { details: { opensAt: opens } },
    );
  }
  if (!input.dryRun) {
    const budget = await quotaBudget(deps, account.id, input.action);
    if (budget.remaining <= 0) {
      const when = budget.retryAt ? `; it frees up at ${budget.retryAt.toISOString()}` : "";
      throw new NudgeError("QUOTA_EXHAUSTED", `no ${input.action} quota left (${budget.window} limit reached)${when}`, {
        details: { window: budget.window, retryAt: budget.retryAt },
      });
    }
  }
}

/** The tightest of an account's windows for one action (the per-run window aside). */
export async function quotaBudget(
  deps: Pick<PreconditionDeps, "coordinator">,
  accountId: number,
  action: QuotaAction,
): Promise<{ remaining: number; window: string; retryAt: Date | null }> {
  const overview = await deps.coordinator.quotaOverview(accountId);
  const windows = overview.actions.find((a) => a.action === action)?.windows ?? [];
  let tightest = { remaining: Number.POSITIVE_INFINITY, window: "none", retryAt: null as Date | null };
  for (const w of windows) {
    if (w.remaining < tightest.remaining) tightest = { remaining: w.remaining, window: w.window, retryAt: w.resetsAt };
  }
  return tightest;
}

/** Stops that are a rule doing its job, not a failure: the run ends `succeeded`, with the reason. */
const BENIGN_STOPS: ReadonlySet<string> = new Set(["OUTSIDE_WORKING_HOURS", "QUOTA_EXHAUSTED"]);

/** The check a campaign makes before a run is queued: the account's preconditions for `action`. */
export async function checkStart(
  deps: PreconditionDeps & { db: Database },
  request: StartCheck,
  action: QuotaAction,
): Promise<void> {
  const account = await getAccount(deps.db, request.accountId);
  const settings = await getSettings(deps.db, request.accountId);
  await assertRunnable(deps, { account, settings, action, dryRun: request.dryRun });
}

/**
 * The preconditions again when a worker takes the run (time has passed since it was queued). A
 * refusal is recorded as the run's `run.refused` event and ends the run; null lets it go on.
 */
export async function refusalAtStart(
  deps: PreconditionDeps,
  ctx: RunContext,
  action: QuotaAction,
): Promise<RunResult | null> {
  try {
    await assertRunnable(deps, { account: ctx.account, settings: ctx.settings, action, dryRun: ctx.run.dryRun });
    return null;
  } catch (error) {
    if (!isNudgeError(error)) throw error;
    await ctx.record.event("run.refused", { code: error.code, message: error.message }, "warn");
    return {
      status: BENIGN_STOPS.has(error.code) ? "succeeded" : "failed",
      errorCode: error.code,
      message: error.message,
    };
  }
}

/**
 * How many would-be actions a dry run reports: what the quota would let a real run do now, so
 * the dry report is the real run's plan. Unbounded for a real run (the quota decides per action).
 */
export async function dryRunAllowance(
  deps: Pick<PreconditionDeps, "coordinator">,
  ctx: RunContext,
  action: QuotaAction,
): Promise<number> {
  if (!ctx.run.dryRun) return Number.POSITIVE_INFINITY;
  const budget = await quotaBudget(deps, ctx.account.id, action);
  return Math.min(budget.remaining, ctx.settings.quotas[action].perRun);
}
