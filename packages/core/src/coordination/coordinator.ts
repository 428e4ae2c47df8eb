import type { QuotaAction } from "../settings/settings-schema.js";

/**
 * Everything that must hold across processes goes through a `Coordinator`
 * (docs/architecture.md#coordinator). Two implementations pass one contract suite:
 * `RedisCoordinator` and `DbCoordinator`; `FallbackCoordinator` puts them together when
 * `REDIS_URL` is set.
 */
export interface Coordinator {
  readonly backend: CoordinatorBackend;
  readonly quota: QuotaCoordinator;
  readonly breaker: BreakerCoordinator;
  readonly leases: LeaseCoordinator;
  readonly events: EventFanout;
  /** For the panel: every quota window of the account (used / limit / resets at) and its breaker. */
  quotaOverview(accountId: number): Promise<QuotaOverview>;
  /**
   * Call after saving an account's settings: this process applies the new limits at once
   * (other processes within their `policyCacheMs`, 2 s by default). No argument: every account.
   */
  settingsChanged(accountId?: number): void;
  /** For `/ready`: `degraded` (still ready) while quota and breaker run on the database fallback. */
  health(): CoordinatorHealth;
  close(): Promise<void>;
}

export type CoordinatorBackend = "redis" | "db" | "redis+db";

export interface CoordinatorHealth {
  status: "ok" | "degraded";
  /** Why it is degraded; safe to show (no URLs with credentials). */
  reason?: string;
  /** Which store quota decisions are being made on right now. */
  quotaPath: "redis" | "db";
}

// ── quotas ──────────────────────────────────────────────────────────────────────────────────

/** Windows a reservation is checked against. `warmup` is a new account's reduced daily cap. */
export type QuotaWindow = "day" | "week" | "run" | "warmup";

export interface ReserveRequest {
  accountId: number;
  action: QuotaAction;
  /** The run the action belongs to: enables the per-run window. */
  runId?: string | number | null;
  /**
   * A dry run never reserves: the answer is always `allowed` with `dryRun: true`, no
   * reservation id, and nothing is written anywhere, so it can neither consume quota nor block a
   * real action later. `remaining` still shows the real budget.
   */
  dryRun?: boolean;
  /** Idempotency key; a random UUID when absent. Reserving the same id twice admits it once. */
  reservationId?: string;
}

export interface QuotaRemaining {
  day: number;
  week: number;
  /** Present when the request named a run. */
  run?: number;
  /** Present while the account's warm-up cap is below its daily limit. */
  warmup?: number;
}

export interface QuotaDecision {
  allowed: boolean;
  dryRun: boolean;
  /** Set when a real reservation was made: commit it when the action happened, refund it when it provably did not. */
  reservationId?: string;
  /** Budget left in each window after this decision. */
  remaining: QuotaRemaining;
  /** The window that refused (the one that frees up last when several do). */
  deniedBy?: QuotaWindow;
  /** When the refusing windows free up; absent for `run` (a run's budget does not come back). */
  retryAt?: Date;
}

export interface QuotaCoordinator {
  /** Checks every window and reserves in one atomic step. */
  reserve(request: ReserveRequest): Promise<QuotaDecision>;
  /** The action happened. Idempotent. */
  commit(reservationId: string): Promise<void>;
  /** The action provably did not happen: gives the budget back. Idempotent; a committed reservation cannot be refunded. */
  refund(reservationId: string): Promise<void>;
}

export interface QuotaWindowUsage {
  window: Exclude<QuotaWindow, "run">;
  used: number;
  limit: number;
  remaining: number;
  /** When the next unit of this window frees up; null when nothing is used (or never, for none). */
  resetsAt: Date | null;
}

export interface QuotaOverview {
  accountId: number;
  timeZone: string;
  at: Date;
  actions: { action: QuotaAction; windows: QuotaWindowUsage[] }[];
  breaker: BreakerSnapshot;
  coordinator: CoordinatorHealth;
}

// ── circuit breaker ─────────────────────────────────────────────────────────────────────────

export type BreakerState = "closed" | "open" | "half_open";

/** How a failure affects the breaker (see `classifyFailure`). */
export type FailureClass = "transient" | "restricted" | "session_expired" | "none";

export interface BreakerSnapshot {
  accountId: number;
  state: BreakerState;
  /** `transient`, a restriction code (`LINKEDIN_CHECKPOINT`…), `session_expired`, or null. */
  reason: string | null;
  /** Opened by a restriction signal: only a person (or the long cool-down) closes it. */
  hard: boolean;
  openedAt: Date | null;
  /** When an open breaker lets one probe through; null while it waits for a person or new cookies. */
  until: Date | null;
  consecutiveFailures: number;
  /** Opens in a row without a successful probe; drives the exponential back-off. */
  trips: number;
}

export type BreakerPermit =
  | { allowed: true; /** The single half-open trial: report its outcome. */ probe: boolean; permitId: string }
  | { allowed: false; state: BreakerState; reason: string | null; hard: boolean; /** When to ask again, if known. */ retryAt: Date | null };

export interface BreakerCoordinator {
  state(accountId: number): Promise<BreakerSnapshot>;
  /** Asks before every action. Closed → allowed; open → refused; half-open → exactly one probe. */
  permit(accountId: number): Promise<BreakerPermit>;
  recordSuccess(accountId: number, permitId?: string): Promise<BreakerSnapshot>;
  /** Classifies `failure` (an error, or a `FailureClass`) and updates the breaker. */
  recordFailure(accountId: number, failure: unknown): Promise<BreakerSnapshot>;
  /** A person closes the breaker. Logged with who and why. */
  reset(accountId: number, by: { reason: string; by: string }): Promise<BreakerSnapshot>;
}

// ── leases ──────────────────────────────────────────────────────────────────────────────────

export interface LeaseHolder {
  owner: string;
  expiresAt: Date;
}

export interface LeaseCoordinator {
  /** True when `owner` now holds `name` (also when it already did: the TTL is extended). */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** True when `owner` still held `name` and its TTL was extended; false means it was lost. */
  renew(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** True when `owner` held `name` and let it go. */
  release(name: string, owner: string): Promise<boolean>;
  holder(name: string): Promise<LeaseHolder | null>;
}

// ── run-event fan-out ───────────────────────────────────────────────────────────────────────

export interface Subscription {
  unsubscribe(): Promise<void>;
}

/**
 * Fire-and-forget fan-out between processes (a panel in one process sees a worker's events in
 * another). Not durable: the durable log of a run is `run_events`.
 */
export interface EventFanout {
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is live: messages published after that are delivered. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription>;
}
