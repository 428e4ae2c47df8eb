import {
  and,
  eq,
  notificationChannels,
  notificationDeliveries,
  notificationEvents,
  write,
  type Database,
  type NotificationEventType,
} from "@nudge/db";

export interface NotificationInput {
  accountId: number;
  type: NotificationEventType;
  /** What the message says: ids, counts, reasons, dates. Never a secret. */
  data?: Record<string, unknown>;
  /** An event said once whatever happens (a session expiring on a date, a day's digest). */
  dedupeKey?: string;
  at: Date;
  /** Only this channel (a test send). */
  channelId?: number;
}

/**
 * Records an event in the outbox, with one pending delivery for each enabled channel of the
 * account that wants it, inside `tx`: the transaction of the state change that caused it, so
 * the event exists if and only if the change does (docs/notifications.md#outbox). Sending is
 * the sender's job, later and elsewhere: this never waits on the network. Returns the event id,
 * or null when an event with the same dedupe key was already recorded.
 */
export function notify(tx: Database, event: NotificationInput): Promise<number | null> {
  return write(tx, async (w) => {
    const [row] = await w
      .insert(notificationEvents)
      .values({
        accountId: event.accountId,
        type: event.type,
        data: event.data ?? {},
        dedupeKey: event.dedupeKey ?? null,
        occurredAt: event.at,
      })
      .onConflictDoNothing()
      .returning({ id: notificationEvents.id });
    if (!row) return null;
    const channels = await w
      .select({ id: notificationChannels.id, events: notificationChannels.events })
      .from(notificationChannels)
      .where(and(eq(notificationChannels.accountId, event.accountId), eq(notificationChannels.enabled, true)));
    const wanted = channels.filter((c) =>
      event.channelId !== undefined ? c.id === event.channelId : event.type === "test" || c.events.includes(event.type),
    );
    if (wanted.length > 0)
      await w
        .insert(notificationDeliveries)
        .values(
          wanted.map((c) => ({ eventId: row.id, channelId: c.id, nextAttemptAt: event.at, createdAt: event.at })),
        );
    return row.id;
  });
}
