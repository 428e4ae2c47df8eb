import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput, idInput } from "../inputs.js";
import { operatorProcedure, viewerProcedure } from "../trpc.js";

/** The daily read-only page check: its history (with the drift it found) and a check on demand. */
export const pageChecksRouter = {
  list: viewerProcedure
    .input(
      z
        .object({ accountId: accountIdInput.optional(), limit: z.number().int().min(1).max(100).default(20) })
        .prefault({}),
    )
    .query(({ ctx, input }) => ctx.nudge.pageChecks.list(input)),

  get: viewerProcedure.input(z.object({ id: idInput })).query(({ ctx, input }) => ctx.nudge.pageChecks.get(input.id)),

  /**
   * Opens the pages now (read-only) and answers when done: tens of seconds. Operator, like
   * starting a run: it acts on nothing on LinkedIn and changes no setting.
   */
  run: operatorProcedure
    .input(z.object({ accountId: accountIdInput }).prefault({}))
    .mutation(({ ctx, input }) => ctx.nudge.pageChecks.run(input.accountId, callerOf(ctx))),
} satisfies TRPCRouterRecord;
