import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { apiError, publicProcedure, refuseCrossSite } from "../trpc.js";

/**
 * The control panel's sign-in: an API key is traded for an httpOnly, SameSite=Strict session
 * cookie mapped to the key's role (the key itself never stays in the browser). Wrong keys count
 * toward the same per-address throttle as wrong `x-api-key` headers.
 */
export const panelRouter = {
  signIn: publicProcedure
    .input(z.object({ apiKey: z.string().trim().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      refuseCrossSite(ctx);
      const session = await ctx.nudge.panelSessions.signIn(input.apiKey, { log: ctx.log });
      if (!session) {
        ctx.services.authFailures.recordFailure(ctx.ip);
        throw apiError("UNAUTHORIZED", "invalid or revoked API key");
      }
      ctx.panel.set(session.cookie, session.expiresAt);
      const { name, role } = session.principal;
      return { name, role, expiresAt: session.expiresAt };
    }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    refuseCrossSite(ctx);
    if (ctx.panel.value) await ctx.nudge.panelSessions.signOut(ctx.panel.value, { log: ctx.log });
    ctx.panel.clear();
    return { signedOut: true as const };
  }),

  /** Who the panel is signed in as (null when it is not): the panel shows only what this role may do. */
  me: publicProcedure.query(({ ctx }) => {
    const principal = ctx.principal;
    return principal ? { name: principal.name, role: principal.role, via: principal.via } : null;
  }),
} satisfies TRPCRouterRecord;
