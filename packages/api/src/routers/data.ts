import type { TRPCRouterRecord } from "@trpc/server";
import { CONTACT_LIMITS, CONTACT_SOURCES, CONTACT_STATUSES, INTERACTION_STATUSES, INTERACTION_TYPES } from "@nudge/db";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput, cursorInput, idInput, limitInput } from "../inputs.js";
import { operatorProcedure, viewerProcedure } from "../trpc.js";

const contactRef = z.object({ accountId: accountIdInput, id: idInput });

export const dataRouter = {
  contacts: {
    list: viewerProcedure
      .input(
        z.object({
          accountId: accountIdInput,
          status: z.enum(CONTACT_STATUSES).optional(),
          source: z.enum(CONTACT_SOURCES).optional(),
          hasBirthday: z.boolean().optional(),
          search: z.string().trim().min(1).max(200).optional(),
          limit: limitInput,
          cursor: cursorInput,
        }),
      )
      .query(({ ctx, input }) => ctx.nudge.contacts.list(input)),

    /** A contact with its 20 latest interactions. */
    get: viewerProcedure.input(contactRef).query(({ ctx, input }) => ctx.nudge.contacts.get(input.accountId, input.id)),

    update: operatorProcedure
      .input(
        contactRef.extend({
          tags: z.array(z.string().trim().min(1).max(CONTACT_LIMITS.tagLength)).max(CONTACT_LIMITS.tags).optional(),
          notes: z.string().max(CONTACT_LIMITS.notesLength).optional(),
        }),
      )
      .mutation(({ ctx, input }) =>
        ctx.nudge.contacts.update(input.accountId, input.id, { tags: input.tags, notes: input.notes }),
      ),

    blacklist: operatorProcedure
      .input(contactRef)
      .mutation(({ ctx, input }) =>
        ctx.nudge.contacts.setStatus(input.accountId, input.id, "blacklisted", callerOf(ctx)),
      ),

    unblacklist: operatorProcedure
      .input(contactRef)
      .mutation(({ ctx, input }) => ctx.nudge.contacts.setStatus(input.accountId, input.id, "active", callerOf(ctx))),
  },

  interactions: {
    list: viewerProcedure
      .input(
        z
          .object({
            accountId: accountIdInput,
            contactId: idInput.optional(),
            type: z.enum(INTERACTION_TYPES).optional(),
            status: z.enum(INTERACTION_STATUSES).optional(),
            from: z.coerce.date().optional(),
            to: z.coerce.date().optional(),
            limit: limitInput,
            cursor: cursorInput,
          })
          .refine((i) => !i.from || !i.to || i.from < i.to, { message: "from must be before to", path: ["to"] }),
      )
      .query(({ ctx, input }) => ctx.nudge.contacts.interactions(input)),
  },

  stats: {
    /** Interactions per type and status for each of the last N days, in the account's time zone. */
    daily: viewerProcedure
      .input(z.object({ accountId: accountIdInput, days: z.number().int().min(1).max(366).default(30) }))
      .query(({ ctx, input }) => ctx.nudge.contacts.dailyStats(input.accountId, input.days)),
  },
} satisfies TRPCRouterRecord;
