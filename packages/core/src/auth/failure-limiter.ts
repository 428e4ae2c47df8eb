import type { Clock } from "../time/clock.js";

interface Bucket {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

/**
 * Slows down key guessing: after `maxFailures` bad keys from one address within `windowMs`, the
 * address is refused for `blockMs` (doubling on repeat offences, capped). Per process and in
 * memory: each replica protects itself, and a restart forgives.
 */
export class AuthFailureLimiter {
  readonly #buckets = new Map<string, Bucket & { strikes: number }>();
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
    const bucket = this.#buckets.get(address);
    if (!bucket) return 0;
    return Math.max(0, bucket.blockedUntil - this.#clock.now().getTime());
  }

  recordFailure(address: string): void {
    const now = this.#clock.now().getTime();
    let bucket = this.#buckets.get(address);
    if (!bucket || now - bucket.windowStart > this.#windowMs) {
      bucket = { failures: 0, windowStart: now, blockedUntil: bucket?.blockedUntil ?? 0, strikes: bucket?.strikes ?? 0 };
      this.#buckets.set(address, bucket);
    }
    bucket.failures += 1;
    if (bucket.failures >= this.#maxFailures) {
      bucket.strikes += 1;
      bucket.blockedUntil = now + Math.min(this.#blockMs * 2 ** (bucket.strikes - 1), 60 * 60_000);
      bucket.failures = 0;
      bucket.windowStart = now;
    }
    if (this.#buckets.size > 50_000) this.#prune(now);
  }

  recordSuccess(address: string): void {
    const bucket = this.#buckets.get(address);
    if (bucket && bucket.blockedUntil <= this.#clock.now().getTime()) this.#buckets.delete(address);
  }

  #prune(now: number): void {
    for (const [address, bucket] of this.#buckets) {
      if (bucket.blockedUntil < now && now - bucket.windowStart > this.#windowMs) this.#buckets.delete(address);
    }
  }
}
