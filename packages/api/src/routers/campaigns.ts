import { savedSearchNameSchema, sourcingCriteriaSchema } from "@nudge/core";
import { CAMPAIGN_KINDS, RUN_STATUSES } from "@nudge/db";
import { tracked, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput, cursorInput, idInput, limitInput } from "../inputs.js";
import { adminProcedure, operatorProcedure, viewerProcedure } from "../trpc.js";

const runRef = z.object({ runId: idInput });

const scheduleInput = z.object({ enabled: z.boolean().optional(), cron: z.string().trim().min(9).max(100).optional() });

/**
 * Campaign runs: start one (refused at once, with its reason, when it cannot run), follow it
 * live, read its report, cancel it.
 */
export const campaignsRouter = {
  /** Queues a birthday run. `dryRun` walks the whole flow but types and sends nothing. */
  startBirthday: operatorProcedure
    .input(z.object({ accountId: accountIdInput, dryRun: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      ctx.nudge.runs.start(
        { accountId: input.accountId, kind: "birthday", dryRun: input.dryRun, trigger: "api" },
        callerOf(ctx),
      ),
    ),

  /**
   * Queues a sourcing run on a saved search (`search`) or inline `criteria`. `dryRun` reads the
   * search results and reports the profiles it would visit, visiting none.
   */
  startSourcing: operatorProcedure
    .input(
      z
        .object({
          accountId: accountIdInput,
          dryRun: z.boolean().default(false),
          search: savedSearchNameSchema.optional(),
          criteria: sourcingCriteriaSchema.optional(),
        })
        .refine((i) => (i.search === undefined) !== (i.criteria === undefined), {
          message: "give a saved search's name or inline criteria, not both",
          path: ["search"],
        }),
    )
    .mutation(({ ctx, input }) =>
      ctx.nudge.runs.start(
        {
          accountId: input.accountId,
          kind: "sourcing",
          dryRun: input.dryRun,
          params: input.search !== undefined ? { search: input.search } : { criteria: input.criteria },
          trigger: "api",
        },
        callerOf(ctx),
      ),
    ),

  schedules: {
    /** The account's schedules with their next fire times, and what became of recent fires. */
    get: viewerProcedure
      .input(z.object({ accountId: accountIdInput, next: z.number().int().min(1).max(20).default(5) }).prefault({}))
      .query(({ ctx, input }) => ctx.nudge.schedules.get(input.accountId, input.next)),

    /** Changes a cron expression (5 fields, the account's zone) or switches a schedule on or off. */
    update: adminProcedure
      .input(
        z.object({
          accountId: accountIdInput,
          birthday: scheduleInput.optional(),
          sourcing: scheduleInput.optional(),
          jitterMinutes: z.number().int().min(0).max(60).optional(),
        }),
      )
      .mutation(({ ctx, input }) => {
        const { accountId, ...patch } = input;
        return ctx.nudge.schedules.update(accountId, patch, callerOf(ctx));
      }),
  },

  runs: {
    /** Newest first, keyset pages. */
    list: viewerProcedure
      .input(
        z
          .object({
            accountId: accountIdInput.optional(),
            kind: z.enum(CAMPAIGN_KINDS).optional(),
            status: z.enum(RUN_STATUSES).optional(),
            limit: limitInput,
            cursor: cursorInput,
          })
          .prefault({}),
      )
      .query(({ ctx, input }) => ctx.nudge.runs.list(input)),

    /** The latest warnings and errors of the account's recent runs: refusals, failures, selector misses. */
    problems: viewerProcedure
      .input(z.object({ accountId: accountIdInput, limit: z.number().int().min(1).max(100).default(20) }).prefault({}))
      .query(({ ctx, input }) => ctx.nudge.runs.problems(input.accountId, input.limit)),

    /** A run with its counters and its report (who got what text, who was skipped and why). */
    get: viewerProcedure.input(runRef).query(({ ctx, input }) => ctx.nudge.runs.get(input.runId)),

    /** A queued run is cancelled at once; a running one stops at its next safe point. */
    cancel: operatorProcedure
      .input(runRef)
      .mutation(({ ctx, input }) => ctx.nudge.runs.cancel(input.runId, callerOf(ctx))),

    /**
     * The run's events as they happen (server-sent events), from the start or after
     * `lastEventId`; a client that reconnects resumes where it was, without loss or repeat.
     */
    events: viewerProcedure
      .input(runRef.extend({ lastEventId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish() }))
      .subscription(async function* ({ ctx, input, signal }) {
        for await (const event of ctx.nudge.runs.follow(input.runId, { afterSeq: input.lastEventId ?? 0, signal })) {
          yield tracked(String(event.seq), event);
        }
      }),
  },
} satisfies TRPCRouterRecord;
