import {
  and,
  desc,
  eq,
  gte,
  interactions,
  lt,
  type Database,
  type Interaction,
  type InteractionStatus,
  type InteractionType,
  type SQL,
} from "@nudge/db";
import type { Clock } from "../time/clock.js";
import { addDays, formatCalendarDate, startOfZonedDay, zonedDate, zonedTimeToInstant } from "../time/zoned.js";
import { afterCursor, toPage, type Page } from "./keyset-cursor.js";
import { MAX_PAGE_SIZE } from "./contact-queries.js";

export interface InteractionFilter {
  accountId: number;
  contactId?: number | undefined;
  type?: InteractionType | undefined;
  status?: InteractionStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Interactions, newest first, keyset-paginated on (created_at, id). */
export async function listInteractions(db: Database, filter: InteractionFilter): Promise<Page<Interaction>> {
  const limit = Math.min(Math.max(1, filter.limit), MAX_PAGE_SIZE);
  const where: SQL[] = [eq(interactions.accountId, filter.accountId)];
  if (filter.contactId !== undefined) where.push(eq(interactions.contactId, filter.contactId));
  if (filter.type) where.push(eq(interactions.type, filter.type));
  if (filter.status) where.push(eq(interactions.status, filter.status));
  if (filter.from) where.push(gte(interactions.createdAt, filter.from));
  if (filter.to) where.push(lt(interactions.createdAt, filter.to));
  if (filter.cursor) where.push(afterCursor(filter.cursor, interactions.createdAt, interactions.id));
  const rows = await db
    .select()
    .from(interactions)
    .where(and(...where))
    .orderBy(desc(interactions.createdAt), desc(interactions.id))
    .limit(limit + 1);
  return toPage(rows, limit, (i) => ({ at: i.createdAt.getTime(), id: i.id }));
}

export interface DailyStats {
  /** Calendar day in the account's time zone, YYYY-MM-DD. */
  date: string;
  counts: Partial<Record<InteractionType, Partial<Record<InteractionStatus, number>>>>;
}

/**
 * Counts per day for the last `days` days (today included), bucketed by the account's calendar
 * day — a message sent at 00:30 in Paris belongs to that Paris day, whatever UTC says.
 */
export async function dailyStats(
  db: Database,
  accountId: number,
  days: number,
  timeZone: string,
  clock: Clock,
): Promise<DailyStats[]> {
  const today = zonedDate(clock.now(), timeZone);
  const first = addDays(today, -(days - 1));
  const from = zonedTimeToInstant({ ...first, hour: 0 }, timeZone);
  const rows = await db
    .select({ type: interactions.type, status: interactions.status, createdAt: interactions.createdAt })
    .from(interactions)
    .where(and(eq(interactions.accountId, accountId), gte(interactions.createdAt, from)));
  const buckets = new Map<string, DailyStats>();
  for (let i = 0; i < days; i++) {
    const date = formatCalendarDate(addDays(first, i));
    buckets.set(date, { date, counts: {} });
  }
  for (const row of rows) {
    const date = formatCalendarDate(zonedDate(startOfZonedDay(row.createdAt, timeZone), timeZone));
    const bucket = buckets.get(date);
    if (!bucket) continue;
    const byStatus = (bucket.counts[row.type] ??= {});
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  }
  return [...buckets.values()];
}
