import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { createdAt, instant } from "./columns.js";

export const CAMPAIGN_KINDS = ["birthday", "sourcing"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const RUN_TRIGGERS = ["manual", "schedule", "api"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATUSES = [
  "queued",
  "running",
  "cancelling",
  "succeeded",
  "failed",
  "cancelled",
  "interrupted",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_EVENT_LEVELS = ["debug", "info", "warn", "error"] as const;
export type RunEventLevel = (typeof RUN_EVENT_LEVELS)[number];

export const campaignRuns = sqliteTable(
  "campaign_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CAMPAIGN_KINDS }).notNull(),
    trigger: text("trigger", { enum: RUN_TRIGGERS }).notNull(),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull().default(false),
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    counters: text("counters", { mode: "json" }).$type<Record<string, number>>().notNull().default({}),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: instant("lease_expires_at"),
    createdAt: createdAt(),
    startedAt: instant("started_at"),
    finishedAt: instant("finished_at"),
  },
  (t) => [
    // At most one run executing per account, enforced by the database across every worker. A
    // run being cancelled is still executing until it reaches a safe point, so it counts.
    uniqueIndex("campaign_runs_one_running_uq")
      .on(t.accountId)
      .where(sql`status in ('running', 'cancelling')`),
    // Expired leases are found by the reaper among the few executing runs.
    index("campaign_runs_lease_idx")
      .on(t.leaseExpiresAt)
      .where(sql`status in ('running', 'cancelling')`),
    index("campaign_runs_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("campaign_runs_status_idx").on(t.status, t.createdAt),
  ],
);

export const runEvents = sqliteTable(
  "run_events",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => campaignRuns.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    at: instant("at").notNull(),
    level: text("level", { enum: RUN_EVENT_LEVELS }).notNull().default("info"),
    type: text("type").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export type CampaignRun = typeof campaignRuns.$inferSelect;
export type NewCampaignRun = typeof campaignRuns.$inferInsert;
export type RunEvent = typeof runEvents.$inferSelect;
