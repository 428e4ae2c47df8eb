import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { createdAt, instant } from "./columns.js";

/**
 * Notifications (docs/notifications.md): channels per account, the outbox of events written in
 * the same transaction as the change that caused them, one delivery per (event, channel) claimed
 * under a lease by whichever sender gets it, and the daily read-only page checks.
 */

export const NOTIFICATION_CHANNEL_KINDS = ["webhook", "slack", "discord", "ntfy", "telegram", "email"] as const;
export type NotificationChannelKind = (typeof NOTIFICATION_CHANNEL_KINDS)[number];

export const NOTIFICATION_EVENT_TYPES = [
  "session.expired",
  "session.expiring_soon",
  "breaker.opened",
  "breaker.closed",
  "run.failed",
  "run.finished",
  "schedule.missed",
  "selector.drift",
  "digest.daily",
  "test",
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export const notificationChannels = sqliteTable(
  "notification_channels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: NOTIFICATION_CHANNEL_KINDS }).notNull(),
    /** The event types this channel wants (`test` always goes through). */
    events: text("events", { mode: "json" }).$type<NotificationEventType[]>().notNull(),
    /** What may be shown: SMTP host and port, Telegram chat id, the base URL of a chat API. */
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** URLs with tokens, signing secrets, SMTP passwords: encrypted like sessions, never shown. */
    secret: text("secret").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("notification_channels_account_idx").on(t.accountId)],
);

/** The outbox: one row per event, written inside the transaction of the state change. */
export const notificationEvents = sqliteTable(
  "notification_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    type: text("type", { enum: NOTIFICATION_EVENT_TYPES }).notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** Events that must be said once (a session expiring, a day's digest) carry a key; null otherwise. */
    dedupeKey: text("dedupe_key"),
    occurredAt: instant("occurred_at").notNull(),
  },
  (t) => [
    uniqueIndex("notification_events_dedupe_uq").on(t.dedupeKey),
    index("notification_events_account_idx").on(t.accountId, t.occurredAt),
  ],
);

export const NOTIFICATION_DELIVERY_STATUSES = ["pending", "sending", "delivered", "dead"] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

export const notificationDeliveries = sqliteTable(
  "notification_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => notificationEvents.id, { onDelete: "cascade" }),
    channelId: integer("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    status: text("status", { enum: NOTIFICATION_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: instant("lease_expires_at"),
    /** The last failure, in words a person can act on (never a secret). */
    lastError: text("last_error"),
    deliveredAt: instant("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_uq").on(t.eventId, t.channelId),
    index("notification_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_deliveries_channel_idx").on(t.channelId, t.id),
  ],
);

export const PAGE_CHECK_STATUSES = ["running", "ok", "drift", "failed"] as const;
export type PageCheckStatus = (typeof PAGE_CHECK_STATUSES)[number];

export interface PageCheckPageResult {
  page: string;
  url: string;
  outcome: "ok" | "drift" | "signal" | "error";
  /** Keys that resolved, and those that did not (the drift). */
  resolved: string[];
  missing: string[];
  /** Screenshot and sanitized HTML of a page with drift, relative to the data directory. */
  artifacts: { screenshot: string | null; html: string | null } | null;
  error: string | null;
}

/** The read-only page checks ("canary"): one scheduled row per account and day, manual ones besides. */
export const pageChecks = sqliteTable(
  "page_checks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The account-zone day a scheduled check belongs to (YYYY-MM-DD); null for a manual one. */
    scheduledDay: text("scheduled_day"),
    status: text("status", { enum: PAGE_CHECK_STATUSES }).notNull().default("running"),
    pages: text("pages", { mode: "json" }).$type<PageCheckPageResult[]>().notNull().default([]),
    driftKeys: text("drift_keys", { mode: "json" }).$type<string[]>().notNull().default([]),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    startedAt: instant("started_at").notNull(),
    finishedAt: instant("finished_at"),
  },
  (t) => [
    uniqueIndex("page_checks_day_uq").on(t.accountId, t.scheduledDay),
    index("page_checks_account_idx").on(t.accountId, t.startedAt),
  ],
);

export type NotificationChannel = typeof notificationChannels.$inferSelect;
export type NotificationEvent = typeof notificationEvents.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type PageCheck = typeof pageChecks.$inferSelect;
