import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.js";
import { pollUntil } from "./poll-until.js";

/** A manual clock whose pauses move it forward, and a record of when each read happened. */
function manualTime() {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const start = clock.now().getTime();
  const readsAt: number[] = [];
  return {
    clock,
    pause: async (ms: number) => clock.advance(ms),
    /** A read that returns the values in turn (the last one forever), each after `cost` ms. */
    reader<T>(values: T[], cost = 0) {
      let i = 0;
      return async () => {
        readsAt.push(clock.now().getTime() - start);
        clock.advance(cost);
        return values[Math.min(i++, values.length - 1)] as T;
      };
    },
    readsAt,
  };
}

describe("pollUntil", () => {
  it("returns the first value that is done, without waiting further", async () => {
    const t = manualTime();
    const value = await pollUntil(t.reader([0, 0, 3, 4]), (n) => n > 2, { timeoutMs: 10_000, intervalMs: 100, ...t });
    expect(value).toBe(3);
    expect(t.readsAt).toEqual([0, 100, 200]);
  });

  it("gives up after the deadline and returns the last value read", async () => {
    const t = manualTime();
    const value = await pollUntil(t.reader([1, 2, 3, 4, 5, 6, 7]), () => false, {
      timeoutMs: 250,
      intervalMs: 100,
      ...t,
    });
    expect(t.readsAt).toEqual([0, 100, 200, 300]);
    expect(value).toBe(4);
  });

  it("reads once with a zero timeout", async () => {
    const t = manualTime();
    expect(await pollUntil(t.reader(["no"]), (v) => v === "yes", { timeoutMs: 0, intervalMs: 100, ...t })).toBe("no");
    expect(t.readsAt).toEqual([0]);
  });

  it("counts a read that ends past the deadline when it is done", async () => {
    const t = manualTime();
    const value = await pollUntil(t.reader([false, true], 400), (v) => v, { timeoutMs: 500, intervalMs: 50, ...t });
    expect(value).toBe(true);
    expect(t.readsAt).toEqual([0, 450]);
  });

  it("lets an error of the read propagate", async () => {
    const t = manualTime();
    const failing = async () => {
      throw new Error("page closed");
    };
    await expect(pollUntil(failing, () => true, { timeoutMs: 1_000, intervalMs: 10, ...t })).rejects.toThrow(
      "page closed",
    );
  });

  it("waits on the real clock by default", async () => {
    let reads = 0;
    const value = await pollUntil(
      async () => ++reads,
      (n) => n >= 3,
      { timeoutMs: 5_000, intervalMs: 1 },
    );
    expect(value).toBe(3);
  });
});
