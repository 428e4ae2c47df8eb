import { describe, expect, it } from "vitest";
import { AuthFailureLimiter } from "../../src/auth/index.js";
import { ManualClock } from "../../src/time/index.js";

describe("AuthFailureLimiter", () => {
  it("blocks an address after ten failures within a minute, doubling on repeat offences", () => {
    const clock = new ManualClock("2026-01-14T10:00:00Z");
    const limiter = new AuthFailureLimiter(clock);
    for (let i = 0; i < 9; i++) limiter.recordFailure("198.51.100.1");
    expect(limiter.retryAfterMs("198.51.100.1")).toBe(0);
    limiter.recordFailure("198.51.100.1");
    expect(limiter.retryAfterMs("198.51.100.1")).toBe(60_000);
    expect(limiter.retryAfterMs("198.51.100.2")).toBe(0);
    clock.advance(60_000);
    for (let i = 0; i < 10; i++) limiter.recordFailure("198.51.100.1");
    expect(limiter.retryAfterMs("198.51.100.1")).toBe(120_000);
  });

  it("counts failures in a sliding window: each one ages out a minute after it happened", () => {
    const clock = new ManualClock("2026-01-14T10:00:00Z");
    const limiter = new AuthFailureLimiter(clock);
    for (let i = 0; i < 9; i++) {
      limiter.recordFailure("198.51.100.1");
      clock.advance(1_000);
    }
    // At 65 s the failures of 0…5 s have aged out; those of 6, 7 and 8 s still count.
    clock.set("2026-01-14T10:01:05Z");
    for (let i = 0; i < 6; i++) limiter.recordFailure("198.51.100.1");
    expect(limiter.retryAfterMs("198.51.100.1")).toBe(0);
    limiter.recordFailure("198.51.100.1");
    expect(limiter.retryAfterMs("198.51.100.1")).toBe(60_000);
  });

  it("forgets an address's strikes after an hour without failures", () => {
    const clock = new ManualClock("2026-01-14T10:00:00Z");
    const limiter = new AuthFailureLimiter(clock);
    for (let i = 0; i < 10; i++) limiter.recordFailure("198.51.100.1");
    clock.advance(61 * 60_000);
    for (let i = 0; i < 10; i++) limiter.recordFailure("198.51.100.1");
    expect(limiter.retryAfterMs("198.51.100.1")).toBe(60_000);
  });
});
