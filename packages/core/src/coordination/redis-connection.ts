import type { Redis } from "ioredis";
import type { Counter } from "prom-client";
import type { Logger } from "pino";
import { NudgeError } from "../errors/index.js";

let driver: typeof Redis | undefined;

/**
 * Loads ioredis on first use: the embedded default (no `REDIS_URL`) never pays its start-up time
 * and ~10 MB. `RedisCoordinator.connect` and `FallbackCoordinator.create` call it.
 */
export async function loadRedisDriver(): Promise<void> {
  driver ??= (await import("ioredis")).Redis;
}

function redisDriver(): typeof Redis {
  if (!driver) {
    throw new Error(
      "ioredis is not loaded: create coordinators with RedisCoordinator.connect or FallbackCoordinator.create",
    );
  }
  return driver;
}

/** Redis did not answer (down, timed out, refused): the caller may fall back to the database. */
export class RedisUnavailableError extends NudgeError {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super("COORDINATOR_UNAVAILABLE", `redis unavailable: ${reason}`, { cause });
  }
}

export function isRedisUnavailable(error: unknown): error is RedisUnavailableError {
  return error instanceof RedisUnavailableError;
}

export interface RedisConnectionOptions {
  /** `redis://…`; never logged (it may carry a password). */
  url: string;
  /** A Redis command that takes longer than this counts as a failure. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Prefix of every key and channel. Default "nudge". */
  keyPrefix?: string;
  log?: Logger;
  /** Called on every Redis failure (the fallback coordinator switches to the database). */
  onFailure?: (error: Error) => void;
  /** `nudge_redis_errors_total`: counts failed commands and connection errors. */
  errors?: Counter<"operation">;
}

/**
 * The coordinator's connection to Redis, shared by its quota, lease and event parts. It fails
 * fast rather than queueing: no offline queue, a short command timeout, in-flight commands
 * rejected when the connection drops, and no blind resend after a reconnect. It does not
 * connect until `connect()`.
 */
export class RedisConnection {
  readonly prefix: string;
  readonly #url: string;
  readonly #redis: Redis;
  readonly #log: Logger | undefined;
  readonly #onFailure: ((error: Error) => void) | undefined;
  readonly #errors: Counter<"operation"> | undefined;
  #reportedDown = false;

  constructor(options: RedisConnectionOptions) {
    this.prefix = options.keyPrefix ?? "nudge";
    this.#url = options.url;
    this.#log = options.log;
    this.#onFailure = options.onFailure;
    this.#errors = options.errors;
    this.#redis = new (redisDriver())(options.url, {
      lazyConnect: true,
      connectionName: "nudge-coordinator",
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      // 0: commands in flight when the connection drops fail at once instead of waiting for a reconnect.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      enableAutoPipelining: true,
      retryStrategy: (times) => Math.min(100 * times, 2_000),
    });
    this.#redis.on("error", (error: Error) => {
      this.#errors?.inc({ operation: "connection" });
      this.#reportDown(error);
    });
    this.#redis.on("ready", () => {
      if (this.#reportedDown) this.#log?.info("redis connection is back");
      this.#reportedDown = false;
    });
  }

  /** Connects and waits until Redis answers; rejects with the driver's error when it does not. */
  async connect(): Promise<void> {
    await this.#redis.connect();
  }

  /** ioredis's connection status: `ready` when commands can be sent. */
  get status(): string {
    return this.#redis.status;
  }

  /** Runs Redis commands; any failure becomes a `RedisUnavailableError` and is reported. */
  async call<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await work(this.#redis);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.#errors?.inc({ operation: "command" });
      this.#reportDown(failure);
      this.#onFailure?.(failure);
      throw new RedisUnavailableError(failure);
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.#redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  /**
   * A second connection for subscriptions (a subscribed connection runs nothing else). It
   * queues commands while disconnected and resubscribes by itself after a reconnect.
   */
  openSubscriber(): Redis {
    const subscriber = new (redisDriver())(this.#url, {
      connectionName: "nudge-events",
      maxRetriesPerRequest: null,
      autoResubscribe: true,
      retryStrategy: (times) => Math.min(100 * times, 2_000),
    });
    subscriber.on("error", () => undefined); // the main connection reports outages
    return subscriber;
  }

  disconnect(): void {
    this.#redis.disconnect();
  }

  #reportDown(error: Error): void {
    if (this.#reportedDown) return;
    this.#reportedDown = true;
    this.#log?.warn({ err: { message: error.message } }, "redis connection failed");
  }
}
