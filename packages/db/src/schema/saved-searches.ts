import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { createdAt, instant } from "./columns.js";

/**
 * Named sourcing criteria of an account (docs/sourcing.md): a run takes one by name, or inline
 * criteria. `criteria` holds the document `sourcingCriteriaSchema` (in core) validated and filled in.
 */
export const savedSearches = sqliteTable(
  "saved_searches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    criteria: text("criteria", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: instant("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [uniqueIndex("saved_searches_account_name_uq").on(t.accountId, t.name)],
);

export type SavedSearch = typeof savedSearches.$inferSelect;
