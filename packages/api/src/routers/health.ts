import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { accountIdInput } from "../inputs.js";
import { publicProcedure, viewerProcedure } from "../trpc.js";

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

  /**
   * What the panel's status page shows for one account: each quota window (used / limit / when
   * it frees up) for each action, the circuit breaker, and whether coordination is degraded.
   */
  overview: viewerProcedure
    .input(z.object({ accountId: accountIdInput }).prefault({}))
    .query(({ ctx, input }) => ctx.services.coordinator.quotaOverview(input.accountId)),
} satisfies TRPCRouterRecord;
