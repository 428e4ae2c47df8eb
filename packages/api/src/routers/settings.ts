import type { TRPCRouterRecord } from "@trpc/server";
import {
  accountProfileSchema,
  findTemplateProblems,
  getAccount,
  getSettings,
  isPlainObject,
  renderTemplate,
  summarizeAccount,
  TEMPLATE_PLACEHOLDERS,
  updateSettings,
  type SettingsPatch,
} from "@nudge/core";
import { accounts, eq } from "@nudge/db";
import { z } from "zod";
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
  get: viewerProcedure.input(z.object({ accountId: accountIdInput }).prefault({})).query(async ({ ctx, input }) => {
    const account = await getAccount(ctx.services.db, input.accountId);
    return { account: summarizeAccount(account), settings: await getSettings(ctx.services.db, input.accountId) };
  }),

  update: adminProcedure
    .input(z.object({ accountId: accountIdInput, patch: settingsPatch.optional(), account: accountProfileSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      const { db, clock } = ctx.services;
      await getAccount(db, input.accountId);
      const settings = input.patch ? await updateSettings(db, input.accountId, input.patch, clock) : await getSettings(db, input.accountId);
      if (input.account && Object.keys(input.account).length > 0) {
        await db.update(accounts).set(input.account).where(eq(accounts.id, input.accountId));
      }
      // Limits and the time zone are cached briefly by the coordinator: new ones apply now.
      ctx.services.coordinator.settingsChanged(input.accountId);
      ctx.log.info({ accountId: input.accountId, by: ctx.principal.name, sections: Object.keys(input.patch ?? {}) }, "settings updated");
      return { account: summarizeAccount(await getAccount(db, input.accountId)), settings };
    }),

  /**
   * A person closes the account's circuit breaker (after dealing with a checkpoint, say). The
   * reason is required and logged with who did it.
   */
  resetBreaker: adminProcedure
    .input(z.object({ accountId: accountIdInput, reason: z.string().trim().min(3).max(500) }))
    .mutation(async ({ ctx, input }) => {
      await getAccount(ctx.services.db, input.accountId);
      const before = await ctx.services.coordinator.breaker.state(input.accountId);
      const after = await ctx.services.coordinator.breaker.reset(input.accountId, { reason: input.reason, by: ctx.principal.name });
      ctx.log.warn(
        { accountId: input.accountId, by: ctx.principal.name, reason: input.reason, was: before.state, wasReason: before.reason },
        "circuit breaker reset by a person",
      );
      return after;
    }),

  /** Checks templates without saving them: the panel shows problems as the person types. */
  validateTemplates: viewerProcedure
    .input(z.object({ templates: z.array(z.string().max(1000)).max(100) }))
    .query(({ input }) => ({ problems: findTemplateProblems(input.templates), placeholders: TEMPLATE_PLACEHOLDERS })),

  /** Renders a template for a sample contact, exactly as a run would. */
  previewTemplate: viewerProcedure
    .input(z.object({ template: z.string().min(1).max(1000), sample: sampleInput }))
    .query(({ input }) => {
      const problems = findTemplateProblems([input.template]);
      const firstName = input.sample.name.trim().split(/\s+/)[0] ?? input.sample.name;
      return {
        problems,
        text:
          problems.length > 0
            ? null
            : renderTemplate(input.template, {
                first_name: firstName,
                name: input.sample.name,
                days_late: String(input.sample.daysLate),
                date: input.sample.date,
              }),
      };
    }),
} satisfies TRPCRouterRecord;
