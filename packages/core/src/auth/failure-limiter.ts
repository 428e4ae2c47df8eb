import type { Clock } from "../time/clock.js";

interface AddressRecord {
  /** Instants of the failures still inside the window, oldest first. */
  failures: number[];
  blockedUntil: number;
  /** Blocks so far; each one lasts twice as long as the one before. */
  strikes: number;
  lastFailureAt: number;
}

/** Longest block; also how long an address must stay quiet before its strikes are forgotten. */
const MAX_BLOCK_MS = 60 * 60_000;

/**
 * Slows down key guessing: after `maxFailures` bad keys from one address within a sliding
 * `windowMs`, the address is refused for `blockMs` (doubling on repeat offences, capped at an
 * hour). A successful request does not wipe the count, so an attacker holding a valid key of
 * their own cannot interleave it to reset their guesses. Per process and in memory: each replica
 * protects itself, and a restart forgives.
 */
export class AuthFailureLimiter {
  readonly #records = new Map<string, AddressRecord>();
  readonly #clock: Clock;
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #blockMs: number;

  constructor(clock: Clock, options: { maxFailures?: number; windowMs?: number; blockMs?: number } = {}) {
    this.#clock = clock;
    this.#maxFailures = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#blockMs = options.blockMs ?? 60_000;
  }

  /** Milliseconds until `address` may try again, or 0 when it is not blocked. */
  retryAfterMs(address: string): number {
    const record = this.#records.get(address);
    if (!record) return 0;
    return Math.max(0, record.blockedUntil - this.#clock.now().getTime());
  }

  recordFailure(address: string): void {
    const now = this.#clock.now().getTime();
    let record = this.#records.get(address);
    if (!record || now - record.lastFailureAt > MAX_BLOCK_MS) {
      if (this.#records.size >= 50_000) this.#prune(now);
      record = { failures: [], blockedUntil: 0, strikes: 0, lastFailureAt: now };
      this.#records.set(address, record);
    }
    record.lastFailureAt = now;
    const failures = record.failures;
    while (failures.length > 0 && now - failures[0]! >= this.#windowMs) failures.shift();
    failures.push(now);
    if (failures.length >= this.#maxFailures) {
      record.strikes += 1;
      record.blockedUntil = now + Math.min(this.#blockMs * 2 ** (record.strikes - 1), MAX_BLOCK_MS);
      failures.length = 0;
    }
  }

  #prune(now: number): void {
    for (const [address, record] of this.#records) {
      if (record.blockedUntil < now && now - record.lastFailureAt > this.#windowMs) this.#records.delete(address);
    }
  }
}
