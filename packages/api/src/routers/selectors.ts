import { addSelectorCandidate, listSelectorCandidates, SELECTOR_CATALOG, setSelectorCandidateDisabled } from "@nudge/core";
import { SELECTOR_STRATEGIES } from "@nudge/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idInput } from "../inputs.js";
import { adminProcedure, viewerProcedure } from "../trpc.js";

const keyInput = z.string().trim().min(3).max(100);

/** The selector engine's candidates (DESIGN §4): counters to look at, a way to fix things by hand. */
export const selectorsRouter = {
  /** Every candidate with its counters and rank, grouped by key; plus the catalog's keys. */
  list: viewerProcedure.input(z.object({ key: keyInput.optional() }).prefault({})).query(async ({ ctx, input }) => ({
    keys: SELECTOR_CATALOG.map((e) => ({ key: e.key, description: e.description })),
    candidates: await listSelectorCandidates(ctx.services.db, { key: input.key }),
  })),

  /** A person's own candidate (validated; source `user`); it ranks like any other. */
  add: adminProcedure
    .input(z.object({ key: keyInput, strategy: z.enum(SELECTOR_STRATEGIES), candidate: z.string().trim().min(1).max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const added = await addSelectorCandidate(ctx.services.db, input);
      ctx.log.info({ by: ctx.principal.name, key: input.key, strategy: input.strategy, id: added.id }, "selector candidate added");
      return added;
    }),

  /** Takes a candidate out of the ranking (or puts it back). */
  disable: adminProcedure.input(z.object({ id: idInput, disabled: z.boolean().default(true) })).mutation(async ({ ctx, input }) => {
    const row = await setSelectorCandidateDisabled(ctx.services.db, input.id, input.disabled);
    ctx.log.info({ by: ctx.principal.name, id: input.id, key: row.key, disabled: input.disabled }, "selector candidate toggled");
    return row;
  }),
} satisfies TRPCRouterRecord;
