import type { Settings } from "../settings/settings-schema.js";
import type { BreakerPermit, BreakerState } from "./coordinator.js";
import type { FailureClassification } from "./classify-failure.js";

/**
 * The circuit breaker of one account as pure state transitions
 * (docs/architecture.md#circuit-breaker); `BreakerStore` runs each of them inside one database
 * write transaction.
 *
 * - transient failures: `transientThreshold` in a row → open for `base × 2^(trips−1)` seconds
 *   (capped); then half-open: exactly one probe goes through; its success closes the breaker,
 *   its failure reopens it with the next back-off;
 * - restriction signals: open *hard* at once, for `hardCooldownHours`, after which one probe is
 *   allowed, unless a person resets it first;
 * - session expired: open hard with no end: it closes when new cookies are checked valid.
 */
export interface BreakerRecord {
  state: BreakerState;
  reason: string | null;
  hard: boolean;
  consecutiveFailures: number;
  trips: number;
  openedAt: Date | null;
  until: Date | null;
  probeOwner: string | null;
  probeExpiresAt: Date | null;
}

export type BreakerConfig = Settings["breaker"];

export const CLOSED_BREAKER: Readonly<BreakerRecord> = Object.freeze({
  state: "closed",
  reason: null,
  hard: false,
  consecutiveFailures: 0,
  trips: 0,
  openedAt: null,
  until: null,
  probeOwner: null,
  probeExpiresAt: null,
});

export const SESSION_EXPIRED_REASON = "session_expired";

export function backoffMs(trips: number, config: BreakerConfig): number {
  const seconds = Math.min(config.baseBackoffSeconds * 2 ** Math.max(0, trips - 1), config.maxBackoffSeconds);
  return seconds * 1000;
}

/** Before an action: closed lets it through; an open breaker whose time is up lets one probe through. */
export function requestPermit(
  record: BreakerRecord,
  now: Date,
  permitId: string,
  probeTimeoutMs: number,
): { record: BreakerRecord; permit: BreakerPermit } {
  if (record.state === "closed") return { record, permit: { allowed: true, probe: false, permitId } };
  const probeFree =
    record.state === "open"
      ? record.until !== null && now >= record.until
      : record.probeExpiresAt === null || now >= record.probeExpiresAt; // the last probe never reported back
  if (probeFree) {
    return {
      record: { ...record, state: "half_open", probeOwner: permitId, probeExpiresAt: new Date(now.getTime() + probeTimeoutMs) },
      permit: { allowed: true, probe: true, permitId },
    };
  }
  return {
    record,
    permit: {
      allowed: false,
      state: record.state,
      reason: record.reason,
      hard: record.hard,
      retryAt: record.state === "open" ? record.until : record.probeExpiresAt,
    },
  };
}

/** After an action that worked. Only the probe's success closes a half-open breaker. */
export function recordSuccess(record: BreakerRecord, permitId?: string): BreakerRecord {
  if (record.state === "closed") return record.consecutiveFailures === 0 ? record : { ...record, consecutiveFailures: 0 };
  if (record.state === "half_open" && (permitId === undefined || permitId === record.probeOwner)) return { ...CLOSED_BREAKER };
  // Open: an action admitted before the breaker opened finished well; that does not close it.
  return record;
}

/** After an action that failed. `tripped` says whether this failure opened the breaker. */
export function recordFailure(
  record: BreakerRecord,
  failure: FailureClassification,
  now: Date,
  config: BreakerConfig,
): { record: BreakerRecord; tripped: boolean } {
  if (failure.class === "none") return { record, tripped: false };
  if (failure.class === "restricted" || failure.class === "session_expired") {
    const session = failure.class === "session_expired";
    const alreadyOpenForIt = record.state === "open" && record.hard && record.reason === (session ? SESSION_EXPIRED_REASON : failure.reason);
    return {
      record: {
        ...record,
        state: "open",
        hard: true,
        reason: session ? SESSION_EXPIRED_REASON : failure.reason,
        consecutiveFailures: record.consecutiveFailures + 1,
        trips: alreadyOpenForIt ? record.trips : record.trips + 1,
        openedAt: alreadyOpenForIt ? record.openedAt : now,
        until: session ? null : new Date(now.getTime() + config.hardCooldownHours * 3_600_000),
        probeOwner: null,
        probeExpiresAt: null,
      },
      tripped: !alreadyOpenForIt,
    };
  }
  const failures = record.consecutiveFailures + 1;
  if (record.state === "open") return { record: { ...record, consecutiveFailures: failures }, tripped: false };
  if (record.state === "half_open" && record.hard) {
    // A failed probe after a restriction's cool-down: stay hard, wait another cool-down.
    return {
      record: { ...record, state: "open", consecutiveFailures: failures, trips: record.trips + 1, openedAt: now, until: new Date(now.getTime() + config.hardCooldownHours * 3_600_000), probeOwner: null, probeExpiresAt: null },
      tripped: true,
    };
  }
  if (record.state === "half_open" || failures >= config.transientThreshold) {
    const trips = record.trips + 1;
    return {
      record: {
        ...record,
        state: "open",
        hard: false,
        reason: "transient",
        consecutiveFailures: failures,
        trips,
        openedAt: now,
        until: new Date(now.getTime() + backoffMs(trips, config)),
        probeOwner: null,
        probeExpiresAt: null,
      },
      tripped: true,
    };
  }
  return { record: { ...record, consecutiveFailures: failures }, tripped: false };
}
