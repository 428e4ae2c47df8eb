import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant } from "./columns.js";

export const API_KEY_ROLES = ["viewer", "operator", "admin"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    role: text("role", { enum: API_KEY_ROLES }).notNull(),
    /** SHA-256 of the key (hex). Keys are 256-bit random, so a fast hash is enough. */
    hash: text("hash").notNull(),
    /** First characters of the key, shown in lists so a person can tell keys apart. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.hash), index("api_keys_created_idx").on(t.createdAt)],
);

/** Panel logins: an httpOnly cookie holds a random token whose hash is stored here. */
export const panelSessions = sqliteTable(
  "panel_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    apiKeyId: integer("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [uniqueIndex("panel_sessions_token_uq").on(t.tokenHash)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
