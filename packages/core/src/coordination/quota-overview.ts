import { QUOTA_ACTIONS, type QuotaAction } from "../settings/settings-schema.js";
import type { Clock } from "../time/clock.js";
import type {
  BreakerCoordinator,
  CoordinatorHealth,
  QuotaOverview,
  QuotaRemaining,
  QuotaWindowUsage,
} from "./coordinator.js";
import type { CoordinationMetrics } from "./coordination-metrics.js";
import type { QuotaLedger } from "./quota-ledger.js";
import { quotaLimits, quotaWindows, remainingBudget, type AccountPolicies } from "./quota-policy.js";

export interface QuotaReadDeps {
  ledger: QuotaLedger;
  policies: AccountPolicies;
  clock: Clock;
}

/**
 * Read-only view of every window of an account, from the ledger (the truth for every backend).
 * Also refreshes the quota gauges of that account.
 */
export async function readQuotaOverview(
  deps: QuotaReadDeps & { breaker: BreakerCoordinator; health: CoordinatorHealth; metrics?: CoordinationMetrics },
  accountId: number,
): Promise<QuotaOverview> {
  const policy = await deps.policies.get(accountId);
  const at = deps.clock.now();
  const windows = quotaWindows(at, policy.timeZone);
  const actions = await Promise.all(
    QUOTA_ACTIONS.map(async (action) => {
      const limits = quotaLimits(policy, action, at);
      const counts = await deps.ledger.counts(accountId, action, windows);
      const weekFreesAt =
        counts.week > 0 ? await deps.ledger.weekFreesAt(accountId, action, windows.weekStart, 1) : null;
      const usage: QuotaWindowUsage[] = [
        {
          window: "day",
          used: counts.day,
          limit: limits.perDay,
          remaining: Math.max(0, limits.perDay - counts.day),
          resetsAt: counts.day > 0 ? new Date(windows.dayEnd) : null,
        },
        {
          window: "week",
          used: counts.week,
          limit: limits.perWeek,
          remaining: Math.max(0, limits.perWeek - counts.week),
          resetsAt: weekFreesAt,
        },
      ];
      if (limits.warmupCap !== null) {
        usage.push({
          window: "warmup",
          used: counts.day,
          limit: limits.warmupCap,
          remaining: Math.max(0, limits.warmupCap - counts.day),
          resetsAt: new Date(windows.dayEnd),
        });
      }
      if (deps.metrics) {
        for (const w of usage) {
          const labels = { account: String(accountId), action, window: w.window };
          deps.metrics.quotaUsed.set(labels, w.used);
          deps.metrics.quotaLimit.set(labels, w.limit);
        }
      }
      return { action, windows: usage };
    }),
  );
  return {
    accountId,
    timeZone: policy.timeZone,
    at,
    actions,
    breaker: await deps.breaker.state(accountId),
    coordinator: deps.health,
  };
}

/** What a dry run is told: the real budget, read without reserving anything. */
export async function readRemaining(
  deps: QuotaReadDeps,
  accountId: number,
  action: QuotaAction,
  runId: string | null,
): Promise<QuotaRemaining> {
  const policy = await deps.policies.get(accountId);
  const at = deps.clock.now();
  const counts = await deps.ledger.counts(accountId, action, quotaWindows(at, policy.timeZone), runId);
  return remainingBudget(counts, quotaLimits(policy, action, at));
}
