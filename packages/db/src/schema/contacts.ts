import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { createdAt, instant } from "./columns.js";

export const CONTACT_SOURCES = ["birthday", "sourcing", "import", "manual"] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export const CONTACT_STATUSES = ["active", "blacklisted"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Upper bounds that keep one contact row small whatever a page or a user sends. */
export const CONTACT_LIMITS = {
  tags: 20,
  tagLength: 40,
  notesLength: 4000,
  profileJsonBytes: 16_384,
} as const;

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** Identity of a person: the canonical profile URL, never the display name. */
    profileUrl: text("profile_url").notNull(),
    publicId: text("public_id"),
    fullName: text("full_name").notNull(),
    firstName: text("first_name"),
    headline: text("headline"),
    location: text("location"),
    company: text("company"),
    birthMonth: integer("birth_month"),
    birthDay: integer("birth_day"),
    birthYear: integer("birth_year"),
    source: text("source", { enum: CONTACT_SOURCES }).notNull(),
    status: text("status", { enum: CONTACT_STATUSES }).notNull().default("active"),
    fitScore: real("fit_score"),
    /** Why `fit_score` is what it is: the points of each criterion (docs/sourcing.md#fit-score). */
    fitBreakdown: text("fit_breakdown", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Scraped profile fields, validated and bounded by `contactProfileSchema`. */
    profile: text("profile", { mode: "json" }).$type<Record<string, unknown>>(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    notes: text("notes").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: instant("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
    lastInteractionAt: instant("last_interaction_at"),
  },
  (t) => [
    uniqueIndex("contacts_account_profile_url_uq").on(t.accountId, t.profileUrl),
    // Today's birthdays: a partial index (only the ~30k contacts with a known birthday, not the
    // sourced million) that also covers every column a birthday run reads, so the query is one
    // range scan with no table lookups.
    index("contacts_birthday_idx")
      .on(
        t.accountId,
        t.birthMonth,
        t.birthDay,
        t.status,
        t.id,
        t.profileUrl,
        t.publicId,
        t.fullName,
        t.firstName,
        t.birthYear,
        t.lastInteractionAt,
      )
      .where(sql`birth_month is not null`),
    index("contacts_account_status_idx").on(t.accountId, t.status, t.updatedAt, t.id),
    index("contacts_account_source_idx").on(t.accountId, t.source, t.updatedAt, t.id),
    index("contacts_account_created_idx").on(t.accountId, t.createdAt),
    index("contacts_account_updated_idx").on(t.accountId, t.updatedAt, t.id),
    index("contacts_account_name_idx").on(t.accountId, t.fullName),
  ],
);

export type Contact = typeof contacts.$inferSelect;
export type NewContact = typeof contacts.$inferInsert;
