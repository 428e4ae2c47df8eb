import type { TRPCRouterRecord } from "@trpc/server";
import { accountProfileSchema, isPlainObject, type SettingsPatch } from "@nudge/core";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput } from "../inputs.js";
import { adminProcedure, viewerProcedure } from "../trpc.js";

/** A deep-partial settings document; the domain validates the merged result as a whole. */
const settingsPatch = z
  .custom<SettingsPatch>(isPlainObject, { message: "expected an object of settings sections" })
  .refine((v) => JSON.stringify(v).length <= 64_000, { message: "settings patch too large" });

const sampleInput = z
  .object({
    name: z.string().max(100).default("Ada Lovelace"),
    daysLate: z.number().int().min(0).max(365).default(0),
    date: z.string().max(40).default("Dec 10"),
  })
  .prefault({});

export const settingsRouter = {
  get: viewerProcedure
    .input(z.object({ accountId: accountIdInput }).prefault({}))
    .query(({ ctx, input }) => ctx.nudge.settings.get(input.accountId)),

  update: adminProcedure
    .input(
      z.object({
        accountId: accountIdInput,
        patch: settingsPatch.optional(),
        account: accountProfileSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.nudge.settings.update(input.accountId, { patch: input.patch, account: input.account }, callerOf(ctx)),
    ),

  /** A person closes the account's circuit breaker; the reason is required and logged with who did it. */
  resetBreaker: adminProcedure
    .input(z.object({ accountId: accountIdInput, reason: z.string().trim().min(3).max(500) }))
    .mutation(({ ctx, input }) => ctx.nudge.accounts.resetBreaker(input.accountId, input.reason, callerOf(ctx))),

  /** Checks templates without saving them: the panel shows problems as the person types. */
  validateTemplates: viewerProcedure
    .input(z.object({ templates: z.array(z.string().max(1000)).max(100) }))
    .query(({ ctx, input }) => ctx.nudge.settings.validateTemplates(input.templates)),

  /** Renders a template for a sample contact, exactly as a run would. */
  previewTemplate: viewerProcedure
    .input(z.object({ template: z.string().min(1).max(1000), sample: sampleInput }))
    .query(({ ctx, input }) => ctx.nudge.settings.previewTemplate(input.template, input.sample)),
} satisfies TRPCRouterRecord;
