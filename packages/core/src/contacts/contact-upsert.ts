import {
  and,
  CONTACT_LIMITS,
  contacts,
  eq,
  single,
  sql,
  write,
  type Contact,
  type ContactSource,
  type Database,
} from "@nudge/db";

/**
 * A person as a run met them. Identity is the canonical profile URL (decoded, then re-encoded
 * one way, so `/in/jane%2Ddoe` and `/in/jane-doe` are one person); the display name is only a
 * label that may change.
 */
export interface SeenPerson {
  accountId: number;
  profileUrl: string;
  publicId: string | null;
  fullName: string;
  source: ContactSource;
  /** Known from a birthday card: month and day of the birthday. */
  birthday?: { month: number; day: number } | undefined;
  headline?: string | null | undefined;
  location?: string | null | undefined;
  company?: string | null | undefined;
  /** What a profile visit read beyond the columns (bounded by `CONTACT_LIMITS.profileJsonBytes`). */
  profile?: Record<string, unknown> | undefined;
  fitScore?: number | undefined;
  fitBreakdown?: Record<string, unknown> | undefined;
}

/** The first word of a display name ("Jean-Pierre Dupont" → "Jean-Pierre"). */
export function firstNameOf(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? fullName.trim();
}

/**
 * Inserts the person, or refreshes what the page showed of them. A contact keeps the source it
 * was first met through and its status (a blacklisted person stays blacklisted).
 */
export async function upsertContact(db: Database, person: SeenPerson, at: Date): Promise<Contact> {
  const fresh = {
    publicId: person.publicId,
    fullName: person.fullName,
    firstName: firstNameOf(person.fullName),
    ...(person.birthday ? { birthMonth: person.birthday.month, birthDay: person.birthday.day } : {}),
    ...(person.headline !== undefined ? { headline: person.headline } : {}),
    ...(person.location !== undefined ? { location: person.location } : {}),
    ...(person.company !== undefined ? { company: person.company } : {}),
    ...(person.profile !== undefined ? { profile: boundedProfile(person.profile) } : {}),
    ...(person.fitScore !== undefined ? { fitScore: person.fitScore } : {}),
    ...(person.fitBreakdown !== undefined ? { fitBreakdown: person.fitBreakdown } : {}),
    updatedAt: at,
  };
  const rows = await write(db, (tx) =>
    tx
      .insert(contacts)
      .values({
        accountId: person.accountId,
        profileUrl: person.profileUrl,
        source: person.source,
        createdAt: at,
        ...fresh,
      })
      .onConflictDoUpdate({ target: [contacts.accountId, contacts.profileUrl], set: fresh })
      .returning(),
  );
  return single(rows, "contact");
}

/** The profile document as stored: over the byte bound, its longest text (About) is cut until it fits. */
function boundedProfile(profile: Record<string, unknown>): Record<string, unknown> {
  let doc = profile;
  while (Buffer.byteLength(JSON.stringify(doc)) > CONTACT_LIMITS.profileJsonBytes) {
    const about = typeof doc.about === "string" ? doc.about : "";
    if (about.length === 0) return {};
    doc = { ...doc, about: about.slice(0, Math.floor(about.length / 2)) };
  }
  return doc;
}

/**
 * Contacts known only by name (imported from a tool that never stored profile URLs) carry a
 * profile URL of this form, so they can still be blacklisted by name.
 */
export const NAME_ONLY_PROFILE_PREFIX = "urn:nudge:name:";

/** A display name as a key: Unicode-normalised, spaces collapsed, lower case. */
export function nameKey(fullName: string): string {
  return fullName.normalize("NFC").trim().replace(/\s+/gu, " ").toLowerCase();
}

/** The profile URL of the contact known only by this name: one per name, so every import finds the same record. */
export function nameOnlyProfileUrl(fullName: string): string {
  return NAME_ONLY_PROFILE_PREFIX + encodeURIComponent(nameKey(fullName));
}

/**
 * True when a blacklisted contact known only by name has this display name (case and accents
 * ignored). People with a profile URL are matched by URL, never by name: homonyms exist.
 */
export async function isBlacklistedByName(db: Database, accountId: number, fullName: string): Promise<boolean> {
  const row = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        eq(contacts.accountId, accountId),
        eq(contacts.status, "blacklisted"),
        sql`${contacts.profileUrl} like ${`${NAME_ONLY_PROFILE_PREFIX}%`}`,
        sql`lower(${contacts.fullName}) = lower(${fullName.trim()})`,
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}
