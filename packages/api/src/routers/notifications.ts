import { channelEventsSchema, channelInputSchema, channelTargetSchema } from "@nudge/core";
import { NOTIFICATION_DELIVERY_STATUSES } from "@nudge/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput, idInput, limitInput } from "../inputs.js";
import { adminProcedure, viewerProcedure } from "../trpc.js";

/**
 * Notification channels (docs/notifications.md): an admin creates, changes, tests and removes
 * them; anyone may read the delivery history. A channel's secret goes in and never comes out.
 */
export const notificationsRouter = {
  channels: adminProcedure
    .input(z.object({ accountId: accountIdInput.optional() }).prefault({}))
    .query(({ ctx, input }) => ctx.nudge.notifications.list(input)),

  create: adminProcedure
    .input(channelInputSchema.extend({ accountId: accountIdInput }))
    .mutation(({ ctx, input }) => ctx.nudge.notifications.create(input, callerOf(ctx))),

  update: adminProcedure
    .input(
      z.object({
        id: idInput,
        name: z.string().trim().min(1).max(100).optional(),
        target: channelTargetSchema.optional(),
        events: channelEventsSchema.optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input: { id, ...patch } }) => ctx.nudge.notifications.update(id, patch, callerOf(ctx))),

  remove: adminProcedure
    .input(z.object({ id: idInput }))
    .mutation(({ ctx, input }) => ctx.nudge.notifications.remove(input.id, callerOf(ctx))),

  /** A test event to one channel, or to every enabled channel of an account. */
  test: adminProcedure
    .input(z.object({ channelId: idInput.optional(), accountId: accountIdInput.optional() }).prefault({}))
    .mutation(({ ctx, input }) =>
      ctx.nudge.notifications.sendTest(
        input.channelId === undefined ? { accountId: input.accountId ?? 1 } : { channelId: input.channelId },
        callerOf(ctx),
      ),
    ),

  /** Delivery history, newest first: status (pending, sending, delivered, dead), attempts, last error. */
  deliveries: viewerProcedure
    .input(
      z
        .object({
          accountId: accountIdInput.optional(),
          channelId: idInput.optional(),
          eventId: idInput.optional(),
          status: z.enum(NOTIFICATION_DELIVERY_STATUSES).optional(),
          before: idInput.optional(),
          limit: limitInput,
        })
        .prefault({}),
    )
    .query(({ ctx, input }) => ctx.nudge.notifications.deliveries(input)),
} satisfies TRPCRouterRecord;
