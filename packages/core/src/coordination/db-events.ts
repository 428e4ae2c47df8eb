import type { Logger } from "pino";
import type { Clock } from "../time/clock.js";
import type { EventFanout, Subscription } from "./coordinator.js";
import type { DatabaseWriter, SqlClient } from "./database-writer.js";
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

/**
 * Run-event fan-out through the `coordinator_messages` table for processes without Redis.
 * Publishing inserts a row; each process polls the rows after the last id it saw. SQLite (and a
 * libsql server) commit writes one at a time, so ids become visible in increasing order and a
 * reader that saw id N will never later find a smaller one: "after the last id" misses nothing.
 */
export class DbEvents implements EventFanout {
  readonly #writer: DatabaseWriter;
  readonly #client: SqlClient;
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
    this.#client = this.#writer.client;
    this.#clock = options.clock;
    this.#log = options.logger;
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
    this.#retentionMs = options.retentionMs ?? 10 * 60_000;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const now = this.#clock.now().getTime();
    await this.#writer.execute("insert into coordinator_messages (channel, payload, created_at) values (?, ?, ?)", [
      channel,
      JSON.stringify(message),
      now,
    ]);
    if (++this.#published % 100 === 1) {
      await this.#writer.execute("delete from coordinator_messages where created_at < ?", [now - this.#retentionMs]);
    }
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription> {
    if (this.#handlers.size === 0) {
      // Start after what already exists: a subscriber sees what is published from now on.
      const result = await this.#client.execute("select coalesce(max(id), 0) from coordinator_messages");
      this.#lastId = Math.max(this.#lastId, Number(result.rows[0]?.[0] ?? 0));
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
        const result = await this.#client.execute({
          sql: `select id, channel, payload from coordinator_messages where id > ? and channel in (${channels.map(() => "?").join(", ")}) order by id limit 500`,
          args: [this.#lastId, ...channels],
        });
        for (const row of result.rows) {
          this.#lastId = Number(row[0]);
          this.#deliver(String(row[1]), String(row[2]));
        }
        if (result.rows.length < 500) return;
      }
    } catch (error) {
      this.#log?.warn({ err: error }, "polling coordinator messages failed; will retry");
    }
  }

  #deliver(channel: string, payload: string): void {
    deliverEvent(this.#handlers.get(channel), channel, payload, this.#log);
  }
}
