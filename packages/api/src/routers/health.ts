import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { accountIdInput } from "../inputs.js";
import { publicProcedure, viewerProcedure } from "../trpc.js";

export const healthRouter = {
  /** Public: is the API up, which version, since when. No secrets, no I/O. */
  status: publicProcedure.query(({ ctx }) => {
    const now = ctx.nudge.clock.now();
    const { version, startedAt } = ctx.services;
    return {
      status: "ok" as const,
      version,
      startedAt,
      uptimeSeconds: Math.round((now.getTime() - startedAt.getTime()) / 1000),
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
    .query(({ ctx, input }) => ctx.nudge.accounts.overview(input.accountId)),
} satisfies TRPCRouterRecord;
