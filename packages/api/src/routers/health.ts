import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../trpc.js";

export const healthRouter = {
  /** Public: is the API up, which version, since when. No secrets, no I/O. */
  status: publicProcedure.query(({ ctx }) => {
    const now = ctx.services.clock.now();
    return {
      status: "ok" as const,
      version: ctx.services.version,
      startedAt: ctx.services.startedAt,
      uptimeSeconds: Math.round((now.getTime() - ctx.services.startedAt.getTime()) / 1000),
      time: now,
      authenticated: ctx.principal !== null,
      role: ctx.principal?.role ?? null,
    };
  }),
} satisfies TRPCRouterRecord;
