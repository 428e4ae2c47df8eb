import type { TRPCRouterRecord } from "@trpc/server";
import { API_KEY_ROLES } from "@nudge/db";
import { z } from "zod";
import { callerOf } from "../context.js";
import { idInput } from "../inputs.js";
import { adminProcedure } from "../trpc.js";

export const keysRouter = {
  /** Creates a key; the plain key is in this response only and is never shown again. */
  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100), role: z.enum(API_KEY_ROLES) }))
    .mutation(({ ctx, input }) => ctx.nudge.keys.create(input, callerOf(ctx))),

  list: adminProcedure.query(({ ctx }) => ctx.nudge.keys.list()),

  revoke: adminProcedure
    .input(z.object({ id: idInput }))
    .mutation(({ ctx, input }) => ctx.nudge.keys.revoke(input.id, callerOf(ctx))),
} satisfies TRPCRouterRecord;
