import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { EventFanout, Subscription } from "./coordinator.js";
import { deliverEvent } from "./event-delivery.js";
import type { RedisConnection } from "./redis-connection.js";

/**
 * Run-event fan-out on Redis pub/sub (docs/architecture.md#event-fan-out), the counterpart of
 * `DbEvents`. Publishing uses the coordinator's connection; subscriptions get their own.
 */
export class RedisEvents implements EventFanout {
  readonly #connection: RedisConnection;
  readonly #log: Logger | undefined;
  #subscriber: Redis | null = null;
  readonly #handlers = new Map<string, Set<(message: unknown) => void>>();

  constructor(connection: RedisConnection, log?: Logger) {
    this.#connection = connection;
    this.#log = log;
  }

  #channel(channel: string): string {
    return `${this.#connection.prefix}:events:${channel}`;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.#connection.call((redis) => redis.publish(this.#channel(channel), JSON.stringify(message)));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription> {
    const subscriber = this.#subscriberConnection();
    const full = this.#channel(channel);
    let set = this.#handlers.get(full);
    const first = !set;
    if (!set) {
      set = new Set();
      this.#handlers.set(full, set);
    }
    set.add(handler);
    if (first) await subscriber.subscribe(full);
    return {
      unsubscribe: async () => {
        set.delete(handler);
        if (set.size > 0 || this.#handlers.get(full) !== set) return;
        this.#handlers.delete(full);
        await subscriber.unsubscribe(full).catch(() => undefined);
      },
    };
  }

  #subscriberConnection(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const subscriber = this.#connection.openSubscriber();
    subscriber.on("message", (channel: string, payload: string) =>
      deliverEvent(this.#handlers.get(channel), channel, payload, this.#log),
    );
    this.#subscriber = subscriber;
    return subscriber;
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    if (this.#subscriber) {
      this.#subscriber.disconnect();
      this.#subscriber = null;
    }
  }
}
