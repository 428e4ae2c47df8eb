import type { Database, RunEventLevel } from "@nudge/db";
import type { Logger } from "pino";
import type { EventFanout } from "../coordination/coordinator.js";
import type { Clock } from "../time/clock.js";
import type { RunCounters } from "./run-model.js";
import { insertRunEvents, runChannel, type RunEventInput } from "./run-events.js";
import { saveRunCounters } from "./run-store.js";
import { writeTransaction } from "./write.js";

/**
 * The durable log of one executing run: each step is appended to `run_events` with the next
 * sequence number, together with the run's counters, in one write transaction; then subscribers
 * in any process are told there is something new. Only the worker that holds the run's lease
 * writes here, so sequence numbers need no coordination.
 */
export class RunRecorder {
  readonly runId: number;
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #fanout: EventFanout;
  readonly #log: Logger;
  readonly #counters: RunCounters;
  #nextSeq: number;
  /** Appends run one after the other, so a reader tailing by sequence number never skips one. */
  #chain: Promise<void> = Promise.resolve();

  constructor(options: {
    runId: number;
    db: Database;
    clock: Clock;
    fanout: EventFanout;
    log: Logger;
    counters: RunCounters;
    lastSeq: number;
  }) {
    this.runId = options.runId;
    this.#db = options.db;
    this.#clock = options.clock;
    this.#fanout = options.fanout;
    this.#log = options.log;
    this.#counters = { ...options.counters };
    this.#nextSeq = options.lastSeq + 1;
  }

  /** A copy of the counters as they stand. */
  get counters(): RunCounters {
    return { ...this.#counters };
  }

  /** Adds to counters; they are saved with the next event. */
  count(key: string, by = 1): void {
    this.#counters[key] = (this.#counters[key] ?? 0) + by;
  }

  /** Appends one event (and the counters as they stand); resolves once it is durable. */
  async event(type: string, data: Record<string, unknown> = {}, level: RunEventLevel = "info"): Promise<void> {
    await this.events([{ type, data, level }]);
  }

  async events(events: readonly RunEventInput[]): Promise<void> {
    const firstSeq = this.#nextSeq;
    this.#nextSeq += events.length;
    const counters = this.counters;
    const at = this.#clock.now();
    const append = this.#chain.then(() =>
      writeTransaction(this.#db, async (tx) => {
        await insertRunEvents(tx, this.runId, firstSeq, events, at);
        await saveRunCounters(tx, this.runId, counters);
      }),
    );
    this.#chain = append.catch(() => undefined);
    await append;
    // A wake-up only: a subscriber that misses it still reads the log on its next poll.
    this.#fanout.publish(runChannel(this.runId), { seq: this.#nextSeq - 1 }).catch((error: unknown) => {
      this.#log.debug({ err: error }, "run event fan-out failed; subscribers will poll");
    });
  }
}
