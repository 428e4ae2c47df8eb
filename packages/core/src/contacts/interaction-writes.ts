import {
  and,
  contacts,
  desc,
  eq,
  interactions,
  isUniqueViolation,
  OCCASION_HOLDING_STATUSES,
  inArray,
  type Database,
  type Interaction,
  type InteractionStatus,
  type InteractionType,
} from "@nudge/db";
import { nameOnlyProfileUrl } from "./contact-upsert.js";

/**
 * Interactions as a run writes them. A real action goes `pending` (with its exact text and
 * quota reservation) → `action_started` marked just before the irreversible click → `sent` /
 * `failed` / `unknown`. The partial unique index over pending, sent and unknown rows is what
 * refuses a second wish for one occasion, across every process.
 */

/** Marks the moment an action can no longer be taken back (Send is about to be clicked). */
export const ACTION_STARTED = "action_started";

export interface NewInteraction {
  accountId: number;
  contactId: number;
  runId: number;
  type: InteractionType;
  occasion: string;
  status: Extract<InteractionStatus, "pending" | "dry_run" | "skipped">;
  messageText?: string | null;
  daysLate?: number | null;
  reason?: string | null;
  reservationId?: string | null;
  at: Date;
}

/** Inserts the interaction; null when the occasion is already held (a pending, sent or unknown row exists). */
export async function beginInteraction(db: Database, input: NewInteraction): Promise<Interaction | null> {
  try {
    const [row] = await db
      .insert(interactions)
      .values({
        accountId: input.accountId,
        contactId: input.contactId,
        runId: input.runId,
        type: input.type,
        occasion: input.occasion,
        status: input.status,
        messageText: input.messageText ?? null,
        daysLate: input.daysLate ?? null,
        reason: input.reason ?? null,
        reservationId: input.reservationId ?? null,
        createdAt: input.at,
        completedAt: input.status === "pending" ? null : input.at,
      })
      .returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export async function markActionStarted(db: Database, id: number): Promise<void> {
  await db.update(interactions).set({ reason: ACTION_STARTED }).where(eq(interactions.id, id));
}

export async function completeInteraction(
  db: Database,
  id: number,
  outcome: {
    status: Extract<InteractionStatus, "sent" | "failed" | "unknown" | "skipped">;
    reason?: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .update(interactions)
    .set({ status: outcome.status, reason: outcome.reason ?? null, completedAt: outcome.at })
    .where(eq(interactions.id, id));
}

/** The interaction that holds this occasion, if any (pending, sent or unknown). */
export async function occasionHolder(
  db: Database,
  accountId: number,
  contactId: number,
  type: InteractionType,
  occasion: string,
): Promise<Interaction | null> {
  const row = await db
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.accountId, accountId),
        eq(interactions.contactId, contactId),
        eq(interactions.type, type),
        eq(interactions.occasion, occasion),
        inArray(interactions.status, [...OCCASION_HOLDING_STATUSES]),
      ),
    )
    .get();
  return row ?? null;
}

/**
 * The interaction that holds this occasion for the contact known only by `fullName` (history
 * imported from a tool that never stored profile URLs), if any. Homonyms share that record, so
 * each of them counts as holding it: never a second wish is worth more than a wish for all.
 */
export async function nameOnlyOccasionHolder(
  db: Database,
  accountId: number,
  fullName: string,
  type: InteractionType,
  occasion: string,
): Promise<Interaction | null> {
  const record = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), eq(contacts.profileUrl, nameOnlyProfileUrl(fullName))))
    .get();
  return record ? occasionHolder(db, accountId, record.id, type, occasion) : null;
}

/** The text of the last message of this type that went (or may have gone) to the contact. */
export async function lastMessageText(db: Database, contactId: number, type: InteractionType): Promise<string | null> {
  const row = await db
    .select({ text: interactions.messageText })
    .from(interactions)
    .where(
      and(
        eq(interactions.contactId, contactId),
        eq(interactions.type, type),
        inArray(interactions.status, ["sent", "unknown"]),
      ),
    )
    .orderBy(desc(interactions.createdAt), desc(interactions.id))
    .limit(1)
    .get();
  return row?.text ?? null;
}

/** The pending interactions a run left behind (it was interrupted mid-action). */
export function pendingInteractionsOfRun(db: Database, runId: number): Promise<Interaction[]> {
  return db
    .select()
    .from(interactions)
    .where(and(eq(interactions.runId, runId), eq(interactions.status, "pending")));
}
