import { setTimeout as sleep } from "node:timers/promises";
import { systemClock, type Clock } from "./clock.js";

export interface PollOptions {
  /** How long to keep reading (ms); 0 means a single read. */
  timeoutMs: number;
  /** The pause between two reads (ms). */
  intervalMs: number;
  /** Where "now" comes from, and how a pause is taken: tests pass a manual clock and a pause that advances it. */
  clock?: Clock;
  pause?: (ms: number) => Promise<void>;
}

/**
 * Reads until `done(value)` holds or the deadline has passed, pausing `intervalMs` between reads,
 * and returns the last value read: call `done` on it again to tell success from timeout. The
 * first read happens at once whatever the timeout, and the deadline is checked after each read,
 * so a read that succeeds just in time still counts. Errors thrown by `read` propagate.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const pause = options.pause ?? ((ms: number) => sleep(ms));
  const deadline = clock.now().getTime() + options.timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || clock.now().getTime() >= deadline) return value;
    await pause(options.intervalMs);
  }
}
