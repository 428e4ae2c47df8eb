import type { TRPCRouterRecord } from "@trpc/server";
import { createApiKey, listApiKeys, revokeApiKey } from "@nudge/core";
import { API_KEY_ROLES } from "@nudge/db";
import { z } from "zod";
import { idInput } from "../inputs.js";
import { adminProcedure } from "../trpc.js";

export const keysRouter = {
  /** Creates a key; the plain key is in this response only and is never shown again. */
  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100), role: z.enum(API_KEY_ROLES) }))
    .mutation(async ({ ctx, input }) => {
      const { key, info } = await createApiKey(ctx.services.db, input, ctx.services.clock);
      ctx.log.info({ keyId: info.id, role: info.role, by: ctx.principal.name }, "API key created");
      return { key, ...info };
    }),

  list: adminProcedure.query(({ ctx }) => listApiKeys(ctx.services.db)),

  revoke: adminProcedure.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
    const info = await revokeApiKey(ctx.services.db, input.id, ctx.services.clock);
    ctx.services.keys.invalidate();
    ctx.log.info({ keyId: info.id, by: ctx.principal.name }, "API key revoked");
    return info;
  }),
} satisfies TRPCRouterRecord;
