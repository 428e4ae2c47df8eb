import {
  and,
  coordinatorMessages as messages,
  gt,
  inArray,
  lt,
  max,
  type Database,
  type DatabaseWriter,
} from "@nudge/db";
import type { Logger } from "pino";
import type { Clock } from "../time/clock.js";
import type { EventFanout, Subscription } from "./coordinator.js";
import { deliverEvent } from "./event-delivery.js";

export interface DbEventsOptions {
  writer: DatabaseWriter;
  clock: Clock;
  logger?: Logger;
  /** How often subscribers look for new messages (real time). */
  pollIntervalMs?: number;
  /** Messages older than this are pruned; subscribers are expected to poll far more often. */
  retentionMs?: number;
}

const PAGE = 500;

/**
 * Run-event fan-out (docs/architecture.md#event-fan-out) through the `coordinator_messages`
 * table, for processes without Redis.
 * Publishing inserts a row; each process polls the rows after the last id it saw. SQLite (and a
 * libsql server) commit writes one at a time, so ids become visible in increasing order and a
 * reader that saw id N will never later find a smaller one: "after the last id" misses nothing.
 */
export class DbEvents implements EventFanout {
  readonly #writer: DatabaseWriter;
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #pollIntervalMs: number;
  readonly #retentionMs: number;
  readonly #handlers = new Map<string, Set<(message: unknown) => void>>();
  #lastId = 0;
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #published = 0;
  #closed = false;

  constructor(options: DbEventsOptions) {
    this.#writer = options.writer;
    this.#db = this.#writer.db;
    this.#clock = options.clock;
    this.#log = options.logger;
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
    this.#retentionMs = options.retentionMs ?? 10 * 60_000;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const now = this.#clock.now();
    const payload = JSON.stringify(message);
    await this.#writer.transaction((tx) => tx.insert(messages).values({ channel, payload, at: now }));
    if (++this.#published % 100 === 1) {
      const before = new Date(now.getTime() - this.#retentionMs);
      await this.#writer.transaction((tx) => tx.delete(messages).where(lt(messages.at, before)));
    }
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription> {
    if (this.#handlers.size === 0) {
      // Start after what already exists: a subscriber sees what is published from now on.
      const newest = await this.#db.select({ id: max(messages.id) }).from(messages).get();
      this.#lastId = Math.max(this.#lastId, newest?.id ?? 0);
      this.#schedule();
    }
    let set = this.#handlers.get(channel);
    if (!set) this.#handlers.set(channel, (set = new Set()));
    set.add(handler);
    return {
      unsubscribe: async () => {
        set.delete(handler);
        if (set.size === 0) this.#handlers.delete(channel);
        if (this.#handlers.size === 0) this.#stop();
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
    this.#stop();
    await this.#polling;
  }

  #schedule(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#polling = this.#poll().finally(() => {
        this.#polling = null;
        if (this.#handlers.size > 0) this.#schedule();
      });
    }, this.#pollIntervalMs);
    this.#timer.unref();
  }

  #stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #poll(): Promise<void> {
    const channels = [...this.#handlers.keys()];
    if (channels.length === 0) return;
    try {
      for (;;) {
        const rows = await this.#db
          .select({ id: messages.id, channel: messages.channel, payload: messages.payload })
          .from(messages)
          .where(and(gt(messages.id, this.#lastId), inArray(messages.channel, channels)))
          .orderBy(messages.id)
          .limit(PAGE);
        for (const row of rows) {
          this.#lastId = row.id;
          this.#deliver(row.channel, row.payload);
        }
        if (rows.length < PAGE) return;
      }
    } catch (error) {
      this.#log?.warn({ err: error }, "polling coordinator messages failed; will retry");
    }
  }

  #deliver(channel: string, payload: string): void {
    deliverEvent(this.#handlers.get(channel), channel, payload, this.#log);
  }
}
