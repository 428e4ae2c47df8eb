import { accountProfileSchema, MAX_SESSION_UPLOAD_BYTES } from "@nudge/core";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput } from "../inputs.js";
import { adminProcedure, operatorProcedure, viewerProcedure } from "../trpc.js";

const accountRef = z.object({ accountId: accountIdInput }).prefault({});

const uploadInput = z.object({
  accountId: accountIdInput,
  /** The file's text (JSON or a bare li_at value) or already-parsed JSON. */
  session: z.union([
    z.string().max(MAX_SESSION_UPLOAD_BYTES),
    z.array(z.unknown()).max(500),
    z.record(z.string(), z.unknown()),
  ]),
  /** Check it against LinkedIn right away (the default). */
  check: z.boolean().default(true),
});

/**
 * LinkedIn sessions of the accounts: upload, status, live check. Answers are summaries (cookie
 * names, domains, expiry), never a cookie value.
 */
export const accountsRouter = {
  /** Every account with its session status (names, domains, expiry; never a cookie value). */
  list: viewerProcedure.query(({ ctx }) => ctx.nudge.sessions.list()),

  /** A new LinkedIn account to drive, with its own session, settings, quotas and schedules. */
  create: adminProcedure
    .input(accountProfileSchema.required({ name: true }))
    .mutation(({ ctx, input }) => ctx.nudge.accounts.create(input, callerOf(ctx))),

  /** Rename, or change its time zone or locale (quotas follow the new zone at once). */
  update: adminProcedure
    .input(z.object({ accountId: accountIdInput, profile: accountProfileSchema }))
    .mutation(({ ctx, input }) => ctx.nudge.accounts.updateProfile(input.accountId, input.profile, callerOf(ctx))),

  /** Deletes the account and everything that is its own; refused while one of its runs is active. */
  delete: adminProcedure
    .input(z.object({ accountId: accountIdInput }))
    .mutation(({ ctx, input }) => ctx.nudge.accounts.delete(input.accountId, callerOf(ctx))),

  status: viewerProcedure.input(accountRef).query(({ ctx, input }) => ctx.nudge.sessions.status(input.accountId)),

  uploadSession: adminProcedure
    .input(uploadInput)
    .mutation(({ ctx, input }) =>
      ctx.nudge.sessions.upload(input.accountId, input.session, { check: input.check }, callerOf(ctx)),
    ),

  /** Opens LinkedIn's feed with the stored session and records valid / expired / restricted. */
  checkNow: operatorProcedure
    .input(accountRef)
    .mutation(({ ctx, input }) => ctx.nudge.sessions.check(input.accountId, callerOf(ctx))),
} satisfies TRPCRouterRecord;
