import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { createdAt, instant } from "./columns.js";
import { contacts } from "./contacts.js";

export const INTERACTION_TYPES = ["birthday_message", "profile_visit"] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const INTERACTION_STATUSES = ["pending", "sent", "failed", "unknown", "dry_run", "skipped"] as const;
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];

/** Statuses that mean "this occasion is taken": the unique index below only covers these. */
export const OCCASION_HOLDING_STATUSES = ["pending", "sent", "unknown"] as const;

export const interactions = sqliteTable(
  "interactions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    runId: integer("run_id"),
    type: text("type", { enum: INTERACTION_TYPES }).notNull(),
    /** What the action is for, e.g. `birthday:2026`; the unit of "never twice". */
    occasion: text("occasion").notNull(),
    status: text("status", { enum: INTERACTION_STATUSES }).notNull(),
    reason: text("reason"),
    /** The exact text sent (or that would have been sent, for a dry run). */
    messageText: text("message_text"),
    daysLate: integer("days_late"),
    /**
     * The quota reservation this action holds (see the coordinator), so that whoever finds the
     * interaction unfinished after a crash can refund or keep it.
     */
    reservationId: text("reservation_id"),
    createdAt: createdAt(),
    completedAt: instant("completed_at"),
  },
  (t) => [
    // The database itself refuses a second wish for the same occasion: only rows that hold the
    // occasion are in the index, so a failed or dry-run attempt never blocks a real one later.
    uniqueIndex("interactions_occasion_uq")
      .on(t.accountId, t.contactId, t.type, t.occasion)
      .where(sql`status in ('pending', 'sent', 'unknown')`),
    index("interactions_contact_type_idx").on(t.contactId, t.type),
    index("interactions_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("interactions_account_type_created_idx").on(t.accountId, t.type, t.createdAt),
    index("interactions_run_idx").on(t.runId),
  ],
);

export type Interaction = typeof interactions.$inferSelect;
export type NewInteraction = typeof interactions.$inferInsert;
