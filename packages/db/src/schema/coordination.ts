import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { createdAt, instant } from "./columns.js";

/**
 * Tables behind the embedded `DbCoordinator` (no Redis): the quota reservation log, breaker
 * state, leases and a small message table for run-event fan-out between processes.
 */

export const QUOTA_RESERVATION_STATES = ["reserved", "committed", "refunded"] as const;
export type QuotaReservationState = (typeof QUOTA_RESERVATION_STATES)[number];

export const quotaReservations = sqliteTable(
  "quota_reservations",
  {
    id: text("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    runId: text("run_id"),
    state: text("state", { enum: QUOTA_RESERVATION_STATES }).notNull().default("reserved"),
    at: instant("at").notNull(),
  },
  (t) => [
    index("quota_reservations_window_idx").on(t.accountId, t.action, t.at),
    // Counting the live reservations of a window is the hot query of every admission. Holding
    // only live rows, and `state` itself, this index answers it without reading the table.
    index("quota_reservations_live_idx")
      .on(t.accountId, t.action, t.at, t.state)
      .where(sql`state <> 'refunded'`),
    index("quota_reservations_run_idx").on(t.runId),
  ],
);

export const BREAKER_STATES = ["closed", "open", "half_open"] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];

export const breakerStates = sqliteTable("breaker_states", {
  accountId: integer("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  state: text("state", { enum: BREAKER_STATES }).notNull().default("closed"),
  /** `transient` | `restricted` | `session_expired` | free text from a person's reset. */
  reason: text("reason"),
  hard: integer("hard", { mode: "boolean" }).notNull().default(false),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  /** How many times it opened in a row; drives the exponential back-off. */
  trips: integer("trips").notNull().default(0),
  openedAt: instant("opened_at"),
  until: instant("until"),
  /** Owner of the single half-open probe, so exactly one action goes through. */
  probeOwner: text("probe_owner"),
  probeExpiresAt: instant("probe_expires_at"),
  updatedAt: instant("updated_at")
    .notNull()
    .$defaultFn(() => new Date()),
});

export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  owner: text("owner").notNull(),
  expiresAt: instant("expires_at").notNull(),
});

export const coordinatorMessages = sqliteTable(
  "coordinator_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel").notNull(),
    payload: text("payload").notNull(),
    at: createdAt(),
  },
  (t) => [index("coordinator_messages_channel_idx").on(t.channel, t.id), index("coordinator_messages_at_idx").on(t.at)],
);
