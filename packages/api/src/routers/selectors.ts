import { SELECTOR_STRATEGIES } from "@nudge/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { callerOf } from "../context.js";
import { idInput } from "../inputs.js";
import { adminProcedure, viewerProcedure } from "../trpc.js";

const keyInput = z.string().trim().min(3).max(100);

/** The selector engine's candidates: counters to look at, a way to fix things by hand. */
export const selectorsRouter = {
  /** Every candidate with its counters and rank, grouped by key; plus the catalog's keys. */
  list: viewerProcedure
    .input(z.object({ key: keyInput.optional() }).prefault({}))
    .query(({ ctx, input }) => ctx.nudge.selectors.list(input)),

  /** A person's own candidate (validated; source `user`); it ranks like any other. */
  add: adminProcedure
    .input(
      z.object({ key: keyInput, strategy: z.enum(SELECTOR_STRATEGIES), candidate: z.string().trim().min(1).max(2000) }),
    )
    .mutation(({ ctx, input }) => ctx.nudge.selectors.add(input, callerOf(ctx))),

  /** Takes a candidate out of the ranking (or puts it back). */
  disable: adminProcedure
    .input(z.object({ id: idInput, disabled: z.boolean().default(true) }))
    .mutation(({ ctx, input }) => ctx.nudge.selectors.setDisabled(input.id, input.disabled, callerOf(ctx))),
} satisfies TRPCRouterRecord;
