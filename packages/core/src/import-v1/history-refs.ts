import type { InteractionType } from "@nudge/db";
import type { ImportTally } from "./import-report.js";
import type { PeopleResolver, PersonFacts } from "./people.js";
import { parseSourceInstant } from "./source-time.js";
import type { SourceRows, V1Contact } from "./source-rows.js";

/**
 * Each row of the original's tables as a reference to a person (a profile URL, or a name) and
 * what it says: facts about them (contact tables) or an action (sent wishes, visits). Rows that
 * cannot be read are skipped here, with the reason, before anything is looked up.
 */

export type RowTarget =
  | { kind: "url"; profile: { profileUrl: string; publicId: string }; name: string }
  /** `byNameOnly`: the original matched this row by name alone (its blacklist), so Nudge does too. */
  | { kind: "name"; name: string; byNameOnly?: boolean };

export interface RowAction {
  type: InteractionType;
  status: "sent" | "failed";
  at: Date;
  messageText: string | null;
  daysLate: number | null;
  failure: string | null;
}

export interface RowRef {
  table: string;
  id: number;
  kind: "contact" | "interaction";
  target: RowTarget;
  facts?: Partial<PersonFacts>;
  action?: RowAction;
  /** An action inferred from a row counted elsewhere (a scraped profile's visit): not tallied again. */
  derived?: boolean;
}

export interface RefContext {
  sourceZone: string;
  now: Date;
}

/** app_v2 stamped rows with SQLite's CURRENT_TIMESTAMP: naive, but UTC. */
const APP_V2_ZONE = "UTC";
const MAX_DAYS_LATE = 365;
const MAX_PROFILE_BYTES = 16_384;

const clip = (s: string | null, n: number) => (s === null ? null : s.slice(0, n));

/** The lists a visit scraped, bounded so one contact row stays small. */
function profileOf(lists: Record<string, unknown>, openToWork: boolean | null): Record<string, unknown> | null {
  const profile: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lists)) {
    if (!Array.isArray(value)) continue;
    profile[key] = value.slice(0, 50).map((v) => (typeof v === "string" ? v.slice(0, 300) : v));
  }
  if (openToWork !== null) profile.openToWork = openToWork;
  for (const key of Object.keys(profile).sort(
    (a, b) => JSON.stringify(profile[b]).length - JSON.stringify(profile[a]).length,
  )) {
    if (Buffer.byteLength(JSON.stringify(profile)) <= MAX_PROFILE_BYTES) break;
    delete profile[key];
  }
  return Object.keys(profile).length > 0 ? profile : null;
}

export function sourceRefs(source: SourceRows, people: PeopleResolver, ctx: RefContext, tally: ImportTally): RowRef[] {
  const refs: RowRef[] = [];
  const target = (url: string | null, name: string): RowTarget | null => {
    const profile = people.canonical(url);
    if (profile) return { kind: "url", profile, name: name.trim() };
    return name.trim() ? { kind: "name", name } : null;
  };
  const v1Contacts = new Map(source.contacts.map((c) => [c.id, c]));
  const appV2Contacts = new Map(source.appV2Contacts.map((c) => [c.id, c]));
  const contactTarget = (c: V1Contact) => target(c.linkedinUrl, c.name);

  tally.rows("contacts", source.contacts.length);
  for (const c of source.contacts) {
    const t = contactTarget(c);
    if (!t) tally.skip("contacts", c.id, "no name and no profile URL");
    else {
      const createdAt = parseSourceInstant(c.createdAt, ctx.sourceZone);
      refs.push({
        table: "contacts",
        id: c.id,
        kind: "contact",
        target: t,
        facts: { notes: clip(c.notes, 4000), createdAt },
      });
    }
  }

  tally.rows("birthday_messages", source.birthdayMessages.length);
  for (const m of source.birthdayMessages) {
    const linked = m.contactId === null ? undefined : v1Contacts.get(m.contactId);
    const t = (linked && contactTarget(linked)) ?? target(null, m.contactName);
    const at = parseSourceInstant(m.sentAt, ctx.sourceZone);
    const daysLate = m.isLate ? Math.max(0, Math.trunc(m.daysLate)) : 0;
    if (!t) tally.skip("birthday_messages", m.id, "no contact name");
    else if (!at)
      tally.skip("birthday_messages", m.id, `unreadable sent_at ${JSON.stringify(String(m.sentAt).slice(0, 40))}`);
    else if (at > ctx.now) tally.skip("birthday_messages", m.id, "sent_at is in the future");
    else if (daysLate > MAX_DAYS_LATE)
      tally.skip("birthday_messages", m.id, `days_late ${m.daysLate} is not a plausible delay`);
    else {
      const action: RowAction = {
        type: "birthday_message",
        status: "sent",
        at,
        messageText: m.messageText.trim() ? m.messageText : null,
        daysLate,
        failure: null,
      };
      refs.push({ table: "birthday_messages", id: m.id, kind: "interaction", target: t, action });
    }
  }

  tally.rows("profile_visits", source.profileVisits.length);
  const visitedUrls = new Set<string>();
  for (const v of source.profileVisits) {
    const t = target(v.profileUrl, v.profileName);
    const at = parseSourceInstant(v.visitedAt, ctx.sourceZone);
    if (!t) tally.skip("profile_visits", v.id, "no name and no profile URL");
    else if (!at)
      tally.skip("profile_visits", v.id, `unreadable visited_at ${JSON.stringify(String(v.visitedAt).slice(0, 40))}`);
    else if (at > ctx.now) tally.skip("profile_visits", v.id, "visited_at is in the future");
    else {
      if (t.kind === "url") visitedUrls.add(t.profile.profileUrl);
      const status = v.success ? "sent" : "failed";
      const action: RowAction = {
        type: "profile_visit",
        status,
        at,
        messageText: null,
        daysLate: null,
        failure: v.success ? null : (v.errorMessage ?? "the visit failed"),
      };
      refs.push({ table: "profile_visits", id: v.id, kind: "interaction", target: t, action });
    }
  }

  tally.rows("scraped_profiles", source.scrapedProfiles.length);
  for (const p of source.scrapedProfiles) {
    const profile = people.canonical(p.profileUrl);
    if (!profile) {
      tally.skip("scraped_profiles", p.id, "profile_url is not a LinkedIn profile URL");
      continue;
    }
    const t: RowTarget = { kind: "url", profile, name: p.fullName ?? "" };
    const facts: Partial<PersonFacts> = {
      headline: clip(p.headline, 500),
      location: clip(p.location, 200),
      company: clip(p.company, 200),
      fitScore: p.fitScore === null ? null : Math.min(100, Math.max(0, p.fitScore)),
      profile: profileOf(p.lists, p.openToWork),
    };
    refs.push({ table: "scraped_profiles", id: p.id, kind: "contact", target: t, facts });
    // The original recorded every visit in profile_visits too; a scraped profile stands for a
    // visit only when that table has none for the profile.
    const at = parseSourceInstant(p.scrapedAt, ctx.sourceZone);
    if (!visitedUrls.has(profile.profileUrl) && at && at <= ctx.now) {
      const action: RowAction = {
        type: "profile_visit",
        status: "sent",
        at,
        messageText: null,
        daysLate: null,
        failure: null,
      };
      refs.push({ table: "scraped_profiles", id: p.id, kind: "interaction", target: t, action, derived: true });
    }
  }

  tally.rows("blacklist", source.blacklist.length);
  for (const b of source.blacklist) {
    const profile = people.canonical(b.linkedinUrl);
    const t: RowTarget | null = profile
      ? { kind: "url", profile, name: b.contactName.trim() }
      : b.contactName.trim()
        ? { kind: "name", name: b.contactName, byNameOnly: true }
        : null;
    if (!b.isActive) tally.skip("blacklist", b.id, "removed from the blacklist in the original (inactive)");
    else if (!t) tally.skip("blacklist", b.id, "no name and no profile URL");
    else refs.push({ table: "blacklist", id: b.id, kind: "contact", target: t, facts: { blacklisted: true } });
  }

  tally.rows("contacts (app_v2)", source.appV2Contacts.length);
  for (const c of source.appV2Contacts) {
    const t = target(c.profileUrl, c.name);
    const birth = c.birthDate ? /^(\d{4})-(\d{2})-(\d{2})/.exec(c.birthDate) : null;
    if (!t) {
      tally.skip("contacts (app_v2)", c.id, "no name and no profile URL");
      continue;
    }
    const facts: Partial<PersonFacts> = {
      headline: clip(c.headline, 500),
      location: clip(c.location, 200),
      fitScore: c.fitScore,
      birthday: birth ? { year: Number(birth[1]), month: Number(birth[2]), day: Number(birth[3]) } : null,
      createdAt: parseSourceInstant(c.createdAt, APP_V2_ZONE),
      blacklisted: c.status === "blacklisted",
    };
    refs.push({ table: "contacts (app_v2)", id: c.id, kind: "contact", target: t, facts });
  }

  tally.rows("interactions (app_v2)", source.appV2Interactions.length);
  for (const i of source.appV2Interactions) {
    const table = "interactions (app_v2)";
    const payload = i.payload ?? {};
    const v1 = i.contactId === null ? undefined : v1Contacts.get(i.contactId);
    const v2 = i.contactId === null ? undefined : appV2Contacts.get(i.contactId);
    const name = typeof payload.contact_name === "string" ? payload.contact_name : "";
    const t = (v1 && contactTarget(v1)) ?? (v2 && target(v2.profileUrl, v2.name)) ?? target(null, name);
    const at = parseSourceInstant(i.createdAt, APP_V2_ZONE);
    const type =
      i.type === "birthday_sent"
        ? "birthday_message"
        : ["visit", "profile_visit"].includes(i.type)
          ? "profile_visit"
          : null;
    if (payload.migrated_from === "birthday_messages") {
      tally.add(table, "duplicates"); // app_v2's consolidation copied a birthday_messages row
    } else if (payload.dry_run === true) tally.skip(table, i.id, "a dry run (app_v2 recorded it as a success)");
    else if (type === null)
      tally.skip(table, i.id, `type ${JSON.stringify(i.type.slice(0, 40))} has no Nudge counterpart`);
    else if (i.status !== "success" && !(type === "profile_visit" && i.status === "failed")) {
      tally.skip(table, i.id, `not done (status ${JSON.stringify(i.status.slice(0, 20))})`);
    } else if (!t) tally.skip(table, i.id, "its contact is not in the file");
    else if (!at || at > ctx.now) tally.skip(table, i.id, "no readable created_at");
    else {
      const daysLate = typeof payload.days_late === "number" ? Math.max(0, Math.trunc(payload.days_late)) : 0;
      const message = typeof payload.message === "string" ? payload.message : null;
      const action: RowAction = {
        type,
        status: i.status === "success" ? "sent" : "failed",
        at,
        messageText: type === "birthday_message" ? message : null,
        daysLate: type === "birthday_message" ? daysLate : null,
        failure: i.status === "success" ? null : typeof payload.error === "string" ? payload.error : "the visit failed",
      };
      refs.push({ table, id: i.id, kind: "interaction", target: t, action });
    }
  }
  return refs;
}
