import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { instant } from "./columns.js";
import { campaignRuns, CAMPAIGN_KINDS } from "./campaign-runs.js";

/**
 * What became of each fire time of an account's schedules. One row per (account, kind, fire
 * time): the unique index makes enqueueing a fire idempotent across scheduler processes, and
 * the rows are how a missed run stays visible.
 */
/**
 * `enqueued`: a run was queued on time; `caught_up`: the fire was missed (no scheduler was up)
 * and a run was queued when one came back the same working day; `missed`: it was missed for
 * good; `outside_working_hours`: it fell outside them and started nothing; `refused`: the run
 * could not start (its error code says why: a run already active, an expired session…).
 */
export const SCHEDULE_FIRE_OUTCOMES = ["enqueued", "caught_up", "missed", "outside_working_hours", "refused"] as const;
export type ScheduleFireOutcome = (typeof SCHEDULE_FIRE_OUTCOMES)[number];

export const scheduleFires = sqliteTable(
  "schedule_fires",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CAMPAIGN_KINDS }).notNull(),
    /** The cron's fire time (UTC instant of the account-zone wall time). */
    fireAt: instant("fire_at").notNull(),
    outcome: text("outcome", { enum: SCHEDULE_FIRE_OUTCOMES }).notNull(),
    runId: integer("run_id").references(() => campaignRuns.id, { onDelete: "set null" }),
    /** Why a run was refused (a NudgeError code). */
    errorCode: text("error_code"),
    recordedAt: instant("recorded_at").notNull(),
  },
  (t) => [
    uniqueIndex("schedule_fires_uq").on(t.accountId, t.kind, t.fireAt),
    index("schedule_fires_account_recorded_idx").on(t.accountId, t.recordedAt),
  ],
);

export type ScheduleFire = typeof scheduleFires.$inferSelect;
