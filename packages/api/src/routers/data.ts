import type { TRPCRouterRecord } from "@trpc/server";
import {
  getAccount,
  getContact,
  listContacts,
  listInteractions,
  dailyStats,
  setContactStatus,
  updateContact,
} from "@nudge/core";
import { CONTACT_LIMITS, CONTACT_SOURCES, CONTACT_STATUSES, INTERACTION_STATUSES, INTERACTION_TYPES } from "@nudge/db";
import { z } from "zod";
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
      .query(({ ctx, input }) => listContacts(ctx.services.db, input)),

    get: viewerProcedure.input(contactRef).query(async ({ ctx, input }) => {
      const contact = await getContact(ctx.services.db, input.accountId, input.id);
      const recent = await listInteractions(ctx.services.db, { accountId: input.accountId, contactId: input.id, limit: 20 });
      return { ...contact, recentInteractions: recent.items };
    }),

    update: operatorProcedure
      .input(
        contactRef.extend({
          tags: z.array(z.string().trim().min(1).max(CONTACT_LIMITS.tagLength)).max(CONTACT_LIMITS.tags).optional(),
          notes: z.string().max(CONTACT_LIMITS.notesLength).optional(),
        }),
      )
      .mutation(({ ctx, input }) =>
        updateContact(ctx.services.db, input.accountId, input.id, { tags: input.tags, notes: input.notes }, ctx.services.clock),
      ),

    blacklist: operatorProcedure.input(contactRef).mutation(async ({ ctx, input }) => {
      const contact = await setContactStatus(ctx.services.db, input.accountId, input.id, "blacklisted", ctx.services.clock);
      ctx.log.info({ contactId: input.id, by: ctx.principal.name }, "contact blacklisted");
      return contact;
    }),

    unblacklist: operatorProcedure.input(contactRef).mutation(async ({ ctx, input }) => {
      const contact = await setContactStatus(ctx.services.db, input.accountId, input.id, "active", ctx.services.clock);
      ctx.log.info({ contactId: input.id, by: ctx.principal.name }, "contact unblacklisted");
      return contact;
    }),
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
      .query(({ ctx, input }) => listInteractions(ctx.services.db, input)),
  },

  stats: {
    /** Interactions per type and status for each of the last N days, in the account's time zone. */
    daily: viewerProcedure
      .input(z.object({ accountId: accountIdInput, days: z.number().int().min(1).max(366).default(30) }))
      .query(async ({ ctx, input }) => {
        const account = await getAccount(ctx.services.db, input.accountId);
        return dailyStats(ctx.services.db, input.accountId, input.days, account.timezone, ctx.services.clock);
      }),
  },
} satisfies TRPCRouterRecord;
