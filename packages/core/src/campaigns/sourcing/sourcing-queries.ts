import { and, contacts, eq, gte, inArray, interactions, type Database } from "@nudge/db";

/** Visit statuses that mean the profile was (or may have been) opened: dry runs and failures do not count. */
const VISITED_STATUSES = ["pending", "sent", "unknown"] as const;

export interface KnownPerson {
  blacklisted: boolean;
  /** When the profile was last visited within the window, else null. */
  visitedAt: Date | null;
}

/** What the account already knows of a profile found in search results: blacklisted? visited since `since`? */
export async function knownPerson(
  db: Database,
  accountId: number,
  profileUrl: string,
  since: Date,
): Promise<KnownPerson> {
  const contact = await db
    .select({ id: contacts.id, status: contacts.status })
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), eq(contacts.profileUrl, profileUrl)))
    .get();
  if (!contact) return { blacklisted: false, visitedAt: null };
  const visit = await db
    .select({ at: interactions.createdAt })
    .from(interactions)
    .where(
      and(
        eq(interactions.contactId, contact.id),
        eq(interactions.type, "profile_visit"),
        inArray(interactions.status, [...VISITED_STATUSES]),
        gte(interactions.createdAt, since),
      ),
    )
    .limit(1)
    .get();
  return { blacklisted: contact.status === "blacklisted", visitedAt: visit?.at ?? null };
}
