import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { instant } from "./columns.js";

/**
 * One row per account. `data` holds the whole settings document; its shape and defaults live in
 * `@nudge/core` (settings schema) so that the database never holds a value the domain rejects.
 */
export const settings = sqliteTable("settings", {
  accountId: integer("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  updatedAt: instant("updated_at")
    .notNull()
    .$defaultFn(() => new Date()),
});

export type SettingsRow = typeof settings.$inferSelect;
