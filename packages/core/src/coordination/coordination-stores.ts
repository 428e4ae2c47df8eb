import { accounts, databaseWriter, type Database, type DatabaseWriter } from "@nudge/db";
import type { Logger } from "pino";
import { Registry } from "prom-client";
import { systemClock, type Clock } from "../time/clock.js";
import { BreakerStore } from "./breaker-store.js";
import { BREAKER_STATE_VALUE, createCoordinationMetrics, type CoordinationMetrics } from "./coordination-metrics.js";
import type { CoordinatorHealth, QuotaDecision, QuotaOverview, ReserveRequest } from "./coordinator.js";
import { QuotaLedger, type LedgerRequest } from "./quota-ledger.js";
import { readQuotaOverview, readRemaining } from "./quota-overview.js";
import { AccountPolicies, quotaLimits } from "./quota-policy.js";
import { newReservationId } from "./reservation-id.js";

export interface CoordinationOptions {
  db: Database;
  clock?: Clock;
  logger?: Logger;
  /** Metrics from `createCoordinationMetrics(registry)`; a private registry when absent. */
  metrics?: CoordinationMetrics;
  /** How long account settings (limits, zone) are cached, real time. Default 2 s; 0 reads them every time. */
  policyCacheMs?: number;
  /** How long a half-open probe may run before another is allowed. Default 10 min. */
  probeTimeoutMs?: number;
}

/**
 * The database-backed parts every coordinator shares: the quota ledger (the truth about
 * quotas), account policies, the breaker store and the metrics. A `FallbackCoordinator` hands
 * the same instance to its Redis and database sides, so both decide on the same ledger.
 */
export class CoordinationStores {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger | undefined;
  readonly metrics: CoordinationMetrics;
  readonly policies: AccountPolicies;
  readonly ledger: QuotaLedger;
  readonly breaker: BreakerStore;
  /** The database's process-wide writer: every write of the coordination tables goes through it. */
  readonly writer: DatabaseWriter;

  constructor(options: CoordinationOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.log = options.logger;
    this.metrics = options.metrics ?? createCoordinationMetrics(new Registry());
    this.policies = new AccountPolicies(options.db, options.policyCacheMs);
    this.writer = databaseWriter(options.db);
    this.ledger = new QuotaLedger(this.writer);
    this.breaker = new BreakerStore({
      writer: this.writer,
      policies: this.policies,
      clock: this.clock,
      logger: options.logger,
      metrics: this.metrics,
      probeTimeoutMs: options.probeTimeoutMs,
    });
  }

  /** A dry run: allowed, nothing reserved, nothing written; `remaining` is the real budget. */
  async dryRunDecision(request: ReserveRequest): Promise<QuotaDecision> {
    const remaining = await readRemaining(this, request.accountId, request.action, normalizeRunId(request.runId));
    this.metrics.quotaDecisions.inc({ action: request.action, decision: "dry_run" });
    return { allowed: true, dryRun: true, remaining };
  }

  /** Resolves the limits and windows of a real reservation, stamped now. */
  async ledgerRequest(request: ReserveRequest, mayExist = false): Promise<LedgerRequest> {
    const policy = await this.policies.get(request.accountId);
    const at = this.clock.now();
    return {
      id: request.reservationId ?? newReservationId(at.getTime()),
      accountId: request.accountId,
      action: request.action,
      runId: normalizeRunId(request.runId),
      at,
      timeZone: policy.timeZone,
      limits: quotaLimits(policy, request.action, at),
      mayExist,
    };
  }

  countDecision(request: ReserveRequest, decision: QuotaDecision): QuotaDecision {
    this.metrics.quotaDecisions.inc({ action: request.action, decision: decision.allowed ? "allowed" : "denied" });
    return decision;
  }

  overview(accountId: number, health: CoordinatorHealth): Promise<QuotaOverview> {
    return readQuotaOverview({ ledger: this.ledger, policies: this.policies, clock: this.clock, breaker: this.breaker, health, metrics: this.metrics }, accountId);
  }

  /** Installs the scrape-time refresh of the quota and breaker gauges (every account). */
  watchMetrics(health: () => CoordinatorHealth): void {
    this.metrics.refresh = async () => {
      const ids = (await this.db.select({ id: accounts.id }).from(accounts)).map((row) => row.id);
      this.metrics.quotaUsed.reset();
      this.metrics.quotaLimit.reset();
      for (const id of ids) await this.overview(id, health());
      this.metrics.breakerState.reset();
      for (const id of ids) this.metrics.breakerState.set({ account: String(id) }, BREAKER_STATE_VALUE.closed);
      for (const { accountId, state } of await this.breaker.all()) {
        this.metrics.breakerState.set({ account: String(accountId) }, BREAKER_STATE_VALUE[state]);
      }
    };
  }
}

export function normalizeRunId(runId: string | number | null | undefined): string | null {
  return runId === null || runId === undefined ? null : String(runId);
}
