import { savedSearchNameSchema, sourcingCriteriaSchema } from "@nudge/core";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput } from "../inputs.js";
import { operatorProcedure, viewerProcedure } from "../trpc.js";

const searchRef = z.object({ accountId: accountIdInput, name: savedSearchNameSchema });

/** Named sourcing criteria per account (docs/sourcing.md#saved-searches); a sourcing run takes one by name. */
export const savedSearchesRouter = {
  list: viewerProcedure
    .input(z.object({ accountId: accountIdInput }).prefault({}))
    .query(({ ctx, input }) => ctx.nudge.savedSearches.list(input.accountId)),

  get: viewerProcedure
    .input(searchRef)
    .query(({ ctx, input }) => ctx.nudge.savedSearches.get(input.accountId, input.name)),

  /** Creates the search, or replaces the criteria of the one with this name. */
  save: operatorProcedure
    .input(searchRef.extend({ criteria: sourcingCriteriaSchema }))
    .mutation(({ ctx, input }) =>
      ctx.nudge.savedSearches.save(input.accountId, input.name, input.criteria, callerOf(ctx)),
    ),

  delete: operatorProcedure
    .input(searchRef)
    .mutation(({ ctx, input }) => ctx.nudge.savedSearches.delete(input.accountId, input.name, callerOf(ctx))),
} satisfies TRPCRouterRecord;
