import type { Coordinator, CoordinatorHealth, QuotaCoordinator, QuotaDecision, QuotaOverview, ReserveRequest } from "./coordinator.js";
import { CoordinationStores, type CoordinationOptions } from "./coordination-stores.js";
import { DbEvents } from "./db-events.js";
import { DbLeases } from "./db-leases.js";

export interface DbCoordinatorOptions extends CoordinationOptions {
  /** How often event subscribers poll the database (real time). Default 200 ms. */
  pollIntervalMs?: number;
}

/** Quotas on the database ledger alone: one write transaction decides (and records) each admission. */
export class DbQuota implements QuotaCoordinator {
  readonly #stores: CoordinationStores;

  constructor(stores: CoordinationStores) {
    this.#stores = stores;
  }

  async reserve(request: ReserveRequest): Promise<QuotaDecision> {
    return this.reserveWith(request, false);
  }

  /** `mayExist`: the id may already be in the ledger (a retry after a lost reply). */
  async reserveWith(request: ReserveRequest, mayExist: boolean): Promise<QuotaDecision> {
    if (request.dryRun) return this.#stores.dryRunDecision(request);
    const decision = await this.#stores.ledger.admit(await this.#stores.ledgerRequest(request, mayExist));
    return this.#stores.countDecision(request, decision);
  }

  commit(reservationId: string): Promise<void> {
    return this.#stores.ledger.commit(reservationId);
  }

  async refund(reservationId: string): Promise<void> {
    await this.#stores.ledger.refund(reservationId);
  }
}

/**
 * The embedded coordinator: everything in the libsql database (a local file, or a libsql server
 * shared by several processes). Quotas and breaker are write transactions; leases are
 * conditional upserts; events are rows that subscribers poll.
 */
export class DbCoordinator implements Coordinator {
  readonly backend = "db" as const;
  readonly stores: CoordinationStores;
  readonly quota: DbQuota;
  readonly breaker;
  readonly leases: DbLeases;
  readonly events: DbEvents;

  constructor(options: DbCoordinatorOptions, stores?: CoordinationStores) {
    this.stores = stores ?? new CoordinationStores(options);
    this.quota = new DbQuota(this.stores);
    this.breaker = this.stores.breaker;
    this.leases = new DbLeases(this.stores.writer, this.stores.clock);
    this.events = new DbEvents({ writer: this.stores.writer, clock: this.stores.clock, logger: options.logger, pollIntervalMs: options.pollIntervalMs });
    if (!stores) this.stores.watchMetrics(() => this.health());
  }

  quotaOverview(accountId: number): Promise<QuotaOverview> {
    return this.stores.overview(accountId, this.health());
  }

  settingsChanged(accountId?: number): void {
    this.stores.policies.invalidate(accountId);
  }

  health(): CoordinatorHealth {
    return { status: "ok", quotaPath: "db" };
  }

  async close(): Promise<void> {
    await this.events.close();
  }
}
