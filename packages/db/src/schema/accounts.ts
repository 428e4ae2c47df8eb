import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, instant } from "./columns.js";

export const ACCOUNT_STATUSES = ["active", "paused"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const SESSION_STATUSES = ["missing", "valid", "expired", "restricted"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const DEFAULT_ACCOUNT_ID = 1;
export const DEFAULT_TIMEZONE = "Europe/Paris";

export const accounts = sqliteTable("accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  timezone: text("timezone").notNull().default(DEFAULT_TIMEZONE),
  locale: text("locale").notNull().default("en"),
  status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("active"),
  /** Encrypted storage state (AES-256-GCM envelope with key id); never leaves the server. */
  session: text("session"),
  sessionStatus: text("session_status", { enum: SESSION_STATUSES }).notNull().default("missing"),
  sessionCheckedAt: instant("session_checked_at"),
  createdAt: createdAt(),
});

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
