import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant } from "./columns.js";

export const SELECTOR_STRATEGIES = ["css", "role", "text", "heuristic"] as const;
export type SelectorStrategy = (typeof SELECTOR_STRATEGIES)[number];

export const SELECTOR_SOURCES = ["builtin", "learned", "user"] as const;
export type SelectorSource = (typeof SELECTOR_SOURCES)[number];

export const selectors = sqliteTable(
  "selectors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Logical element, e.g. `composer.send`. */
    key: text("key").notNull(),
    candidate: text("candidate").notNull(),
    strategy: text("strategy", { enum: SELECTOR_STRATEGIES }).notNull(),
    source: text("source", { enum: SELECTOR_SOURCES }).notNull(),
    successes: integer("successes").notNull().default(0),
    failures: integer("failures").notNull().default(0),
    lastSuccessAt: instant("last_success_at"),
    lastFailureAt: instant("last_failure_at"),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("selectors_key_candidate_uq").on(t.key, t.strategy, t.candidate)],
);

export type SelectorRow = typeof selectors.$inferSelect;
