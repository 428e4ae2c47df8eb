import { and, contacts, eq, inArray, type Contact, type Database } from "@nudge/db";
import { canonicalProfile } from "../browser/pages/linkedin-urls.js";
import { firstNameOf, NAME_ONLY_PROFILE_PREFIX, nameKey, nameOnlyProfileUrl } from "../contacts/contact-upsert.js";

/**
 * Who each row of the original's database is about. Nudge's identity is the canonical profile
 * URL; the original keyed people by display name and rarely stored a URL. So a row with a URL is
 * that profile; a row with only a name is matched by name: to the record of that name an earlier
 * import made, else to the one contact of that name (known to Nudge or met in this file with a
 * URL), else to a new record known only by name. Two or more people of one name is an
 * ambiguity: the row stays on the name-only record and the report names the candidates.
 */

/** Everything the import may fill in on a contact (only where the contact has nothing yet). */
export interface PersonFacts {
  headline: string | null;
  location: string | null;
  company: string | null;
  fitScore: number | null;
  profile: Record<string, unknown> | null;
  notes: string | null;
  birthday: { month: number; day: number; year: number | null } | null;
  createdAt: Date | null;
  latestInteraction: Date | null;
  blacklisted: boolean;
}

export interface Person {
  profileUrl: string;
  publicId: string | null;
  fullName: string;
  nameOnly: boolean;
  /** The contact as it was before the import; null for a contact the import creates. */
  existing: Contact | null;
  facts: PersonFacts;
}

export interface Ambiguity {
  name: string;
  /** Profile URLs of the people who bear the name. */
  candidates: string[];
  /** Rows of the original's database that name only this person. */
  rows: number;
}

const CHUNK = 400;

const emptyFacts = (): PersonFacts => ({
  headline: null,
  location: null,
  company: null,
  fitScore: null,
  profile: null,
  notes: null,
  birthday: null,
  createdAt: null,
  latestInteraction: null,
  blacklisted: false,
});

/** Collects references first (`wantUrl`, `wantName`), loads what Nudge knows in a few queries, then resolves. */
export class PeopleResolver {
  readonly #db: Database;
  readonly #accountId: number;
  readonly #baseUrl: string;
  readonly #people = new Map<string, Person>();
  readonly #urlNames = new Map<string, string>();
  readonly #names = new Map<string, string>();
  readonly #existingByUrl = new Map<string, Contact>();
  readonly #existingByName = new Map<string, Contact[]>();
  readonly #ambiguities = new Map<string, Ambiguity>();
  #byNameKey: Map<string, string[]> | null = null;

  constructor(db: Database, accountId: number, baseUrl: string) {
    this.#db = db;
    this.#accountId = accountId;
    this.#baseUrl = baseUrl;
  }

  /** The canonical profile URL of a stored link, or null when it is not a LinkedIn profile. */
  canonical(rawUrl: string | null): { profileUrl: string; publicId: string } | null {
    if (!rawUrl) return null;
    const absolute = /^https?:\/\//i.test(rawUrl) ? rawUrl : `https://www.linkedin.com/${rawUrl.replace(/^\/+/, "")}`;
    return canonicalProfile(absolute, this.#baseUrl);
  }

  wantUrl(profileUrl: string, name: string): void {
    // The first name a row gives a profile is the one it is known by; later rows may fill it in.
    if (!this.#urlNames.get(profileUrl)) this.#urlNames.set(profileUrl, name.trim());
  }

  wantName(name: string): void {
    const key = nameKey(name);
    if (key && !this.#names.has(key)) this.#names.set(key, name.normalize("NFC").trim().replace(/\s+/gu, " "));
  }

  /** Reads the contacts of the account the references may be (by URL, by name-only URL, by exact name). */
  async load(): Promise<void> {
    const urls = [...this.#urlNames.keys(), ...[...this.#names.values()].map(nameOnlyProfileUrl)];
    for (let i = 0; i < urls.length; i += CHUNK) {
      const rows = await this.#db
        .select()
        .from(contacts)
        .where(and(eq(contacts.accountId, this.#accountId), inArray(contacts.profileUrl, urls.slice(i, i + CHUNK))));
      for (const row of rows) this.#existingByUrl.set(row.profileUrl, row);
    }
    const names = [...this.#names.values()];
    for (let i = 0; i < names.length; i += CHUNK) {
      const rows = await this.#db
        .select()
        .from(contacts)
        .where(and(eq(contacts.accountId, this.#accountId), inArray(contacts.fullName, names.slice(i, i + CHUNK))));
      for (const row of rows) {
        if (row.profileUrl.startsWith(NAME_ONLY_PROFILE_PREFIX)) continue;
        this.#existingByUrl.set(row.profileUrl, row);
        const key = nameKey(row.fullName);
        this.#existingByName.set(key, [...(this.#existingByName.get(key) ?? []), row]);
      }
    }
  }

  #person(profileUrl: string, publicId: string | null, fullName: string, nameOnly: boolean): Person {
    let person = this.#people.get(profileUrl);
    if (!person) {
      const existing = this.#existingByUrl.get(profileUrl) ?? null;
      person = {
        profileUrl,
        publicId,
        fullName: existing?.fullName ?? (fullName || publicId || "unknown"),
        nameOnly,
        existing,
        facts: emptyFacts(),
      };
      this.#people.set(profileUrl, person);
    }
    return person;
  }

  /** The person of a profile URL (registered with `wantUrl`). */
  byUrl(profile: { profileUrl: string; publicId: string }): Person {
    return this.#person(profile.profileUrl, profile.publicId, this.#urlNames.get(profile.profileUrl) ?? "", false);
  }

  /** The record known only by this name (the original's blacklist worked by name alone). */
  byNameOnly(name: string): Person {
    const display = this.#names.get(nameKey(name)) ?? name.trim();
    return this.#person(nameOnlyProfileUrl(display), null, display, true);
  }

  /** Profiles met in the file, by name key (built once, after every `wantUrl`). */
  #urlsNamed(): Map<string, string[]> {
    if (!this.#byNameKey) {
      this.#byNameKey = new Map();
      for (const [url, name] of this.#urlNames) {
        if (!name) continue;
        const key = nameKey(name);
        this.#byNameKey.set(key, [...(this.#byNameKey.get(key) ?? []), url]);
      }
    }
    return this.#byNameKey;
  }

  /** A row that names a person without a URL (registered with `wantName`). */
  byName(name: string): Person {
    const key = nameKey(name);
    const candidates = new Map<string, Contact | null>();
    for (const row of this.#existingByName.get(key) ?? []) candidates.set(row.profileUrl, row);
    for (const url of this.#urlsNamed().get(key) ?? []) if (!candidates.has(url)) candidates.set(url, null);
    if (candidates.size > 1) {
      const ambiguity = this.#ambiguities.get(key) ?? {
        name: name.trim(),
        candidates: [...candidates.keys()].sort(),
        rows: 0,
      };
      ambiguity.rows++;
      this.#ambiguities.set(key, ambiguity);
    }
    // The record an earlier import made for this name stays the one, whoever Nudge met since.
    if (this.#existingByUrl.has(nameOnlyProfileUrl(name)) || candidates.size !== 1) return this.byNameOnly(name);
    const [url] = [...candidates.keys()] as [string];
    const existing = candidates.get(url);
    if (existing) return this.#person(url, existing.publicId, existing.fullName, false);
    return this.#person(url, this.canonical(url)?.publicId ?? null, this.#urlNames.get(url) ?? name, false);
  }

  people(): Person[] {
    return [...this.#people.values()];
  }

  ambiguities(): Ambiguity[] {
    return [...this.#ambiguities.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** What the import writes on a contact that exists: only facts it lacks, and a blacklisting. */
export function personChanges(person: Person): Partial<Contact> {
  const { existing, facts } = person;
  if (!existing) return {};
  const changes: Partial<Contact> = {};
  if (existing.headline === null && facts.headline) changes.headline = facts.headline;
  if (existing.location === null && facts.location) changes.location = facts.location;
  if (existing.company === null && facts.company) changes.company = facts.company;
  if (existing.fitScore === null && facts.fitScore !== null) changes.fitScore = facts.fitScore;
  if (existing.profile === null && facts.profile) changes.profile = facts.profile;
  if (existing.notes === "" && facts.notes) changes.notes = facts.notes;
  if (existing.birthMonth === null && facts.birthday) {
    changes.birthMonth = facts.birthday.month;
    changes.birthDay = facts.birthday.day;
    if (existing.birthYear === null && facts.birthday.year !== null) changes.birthYear = facts.birthday.year;
  }
  if (facts.blacklisted && existing.status !== "blacklisted") changes.status = "blacklisted";
  const latest = facts.latestInteraction;
  if (latest && (existing.lastInteractionAt === null || existing.lastInteractionAt < latest)) {
    changes.lastInteractionAt = latest;
  }
  return changes;
}

/** The row the import inserts for a person Nudge does not know yet. */
export function newContactRow(person: Person, accountId: number, now: Date) {
  const { facts } = person;
  return {
    accountId,
    profileUrl: person.profileUrl,
    publicId: person.publicId,
    fullName: person.fullName,
    firstName: firstNameOf(person.fullName),
    headline: facts.headline,
    location: facts.location,
    company: facts.company,
    fitScore: facts.fitScore,
    profile: facts.profile,
    notes: facts.notes ?? "",
    birthMonth: facts.birthday?.month ?? null,
    birthDay: facts.birthday?.day ?? null,
    birthYear: facts.birthday?.year ?? null,
    source: "import" as const,
    status: facts.blacklisted ? ("blacklisted" as const) : ("active" as const),
    createdAt: facts.createdAt ?? now,
    updatedAt: now,
    lastInteractionAt: facts.latestInteraction,
  };
}
