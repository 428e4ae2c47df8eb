import { randomUUID } from "node:crypto";
import { accounts, DEFAULT_ACCOUNT_ID, eq, type Database } from "@nudge/db";
import type { TempDatabase } from "@nudge/testing";
import { pino, type Logger } from "pino";
import { Registry } from "prom-client";
import {
  createCoordinationMetrics,
  DbCoordinator,
  RedisCoordinator,
  type Coordinator,
  type CoordinationMetrics,
} from "../../src/coordination/index.js";
import { updateSettings, type SettingsPatch } from "../../src/settings/index.js";
import type { Clock, ManualClock } from "../../src/time/index.js";

export const ACCOUNT = DEFAULT_ACCOUNT_ID;

/** A pino logger whose JSON lines a test can read. */
export function capturedLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** Sets the account's zone and creation date, and its settings (limits are read fresh each time). */
export async function configureAccount(
  db: Database,
  clock: Clock,
  options: { timeZone?: string; createdAt?: Date; settings?: SettingsPatch } = {},
): Promise<void> {
  if (options.timeZone || options.createdAt) {
    await db
      .update(accounts)
      .set({
        ...(options.timeZone ? { timezone: options.timeZone } : {}),
        ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      })
      .where(eq(accounts.id, ACCOUNT));
  }
  if (options.settings) await updateSettings(db, ACCOUNT, options.settings, clock);
}

export interface Backend {
  name: "DbCoordinator" | "RedisCoordinator";
  /** A coordinator on `db`; each call is a separate instance (as another process would have). */
  create(
    db: TempDatabase,
    clock: ManualClock,
    extra?: { logger?: Logger; metrics?: CoordinationMetrics },
  ): Promise<Coordinator>;
}

export function dbBackend(): Backend {
  return {
    name: "DbCoordinator",
    async create(db, clock, extra = {}) {
      return new DbCoordinator({
        db: db.db,
        clock,
        policyCacheMs: 0,
        pollIntervalMs: 20,
        logger: extra.logger,
        metrics: extra.metrics,
      });
    },
  };
}

/** Redis backends of one test share a key prefix, like processes sharing a Redis. */
export function redisBackend(url: () => string): Backend & { fresh(): void } {
  let prefix = `t${randomUUID().slice(0, 8)}`;
  return {
    name: "RedisCoordinator",
    fresh() {
      prefix = `t${randomUUID().slice(0, 8)}`;
    },
    async create(db, clock, extra = {}) {
      return RedisCoordinator.connect({
        url: url(),
        db: db.db,
        clock,
        policyCacheMs: 0,
        keyPrefix: prefix,
        logger: extra.logger,
        metrics: extra.metrics,
      });
    },
  };
}

export function newMetrics(): { registry: Registry; metrics: CoordinationMetrics } {
  const registry = new Registry();
  return { registry, metrics: createCoordinationMetrics(registry) };
}

export async function liveReservations(db: Database, accountId = ACCOUNT): Promise<number> {
  const result = await db.$client.execute({
    sql: "select count(*) from quota_reservations where account_id = ? and state <> 'refunded'",
    args: [accountId],
  });
  return Number(result.rows[0]?.[0] ?? 0);
}
