import {
  and,
  eq,
  inArray,
  interactions,
  OCCASION_HOLDING_STATUSES,
  type Database,
  type InteractionType,
} from "@nudge/db";
import { birthdayOccasion } from "../campaigns/birthday/birthday-wish.js";
import { WEEK_MS } from "../coordination/quota-policy.js";
import { importedReservationId } from "../coordination/quota-import.js";
import { addDays, formatCalendarDate, zonedDate } from "../time/zoned.js";
import type { ImportTally } from "./import-report.js";
import { PeopleResolver, personChanges, type Ambiguity, type Person, type PersonFacts } from "./people.js";
import type { SourceRows } from "./source-rows.js";
import { sourceRefs, type RowAction, type RowRef } from "./history-refs.js";

/**
 * The original's history as Nudge rows: who each row is about (see `PeopleResolver`), sent
 * birthday messages as `birthday_message` interactions for the occasion of the birthday they
 * celebrated, visits as `profile_visit` interactions (one per person and day), and what Nudge
 * already has (an earlier import, its own runs) left alone. Reads only; `applyImport` writes.
 */

export interface PlannedInteraction {
  person: Person;
  type: InteractionType;
  occasion: string;
  status: "sent" | "failed";
  messageText: string | null;
  daysLate: number | null;
  at: Date;
  reason: string;
  /** Set when the action falls inside the current quota windows: it is counted there. */
  reservationId: string | null;
}

export interface HistoryPlan {
  people: Person[];
  interactions: PlannedInteraction[];
  ambiguities: Ambiguity[];
}

export interface HistoryContext {
  accountId: number;
  /** The account's zone: which calendar day an action fell on. */
  accountZone: string;
  /** The zone the original's naive timestamps are wall-clock times of. */
  sourceZone: string;
  baseUrl: string;
  now: Date;
}

export const IMPORTED_REASON = "imported from the original bot";
const CHUNK = 400;

/** Fills what `facts` lacks from `more` (the first source to know a fact wins). */
function learn(facts: PersonFacts, more: Partial<PersonFacts>): void {
  for (const [key, value] of Object.entries(more) as [keyof PersonFacts, unknown][]) {
    if (value === null || value === undefined) continue;
    if (key === "blacklisted") facts.blacklisted ||= value === true;
    else if (key === "latestInteraction") {
      const at = value as Date;
      if (!facts.latestInteraction || facts.latestInteraction < at) facts.latestInteraction = at;
    } else if (facts[key] === null) (facts as unknown as Record<string, unknown>)[key] = value;
  }
}

export async function planHistory(
  db: Database,
  source: SourceRows,
  ctx: HistoryContext,
  tally: ImportTally,
): Promise<HistoryPlan> {
  const people = new PeopleResolver(db, ctx.accountId, ctx.baseUrl);
  const refs = sourceRefs(source, people, ctx, tally);
  for (const r of refs) {
    if (r.target.kind === "url") people.wantUrl(r.target.profile.profileUrl, r.target.name);
    else people.wantName(r.target.name);
  }
  await people.load();
  const resolved = refs.map((ref) => {
    const t = ref.target;
    const person =
      t.kind === "url" ? people.byUrl(t.profile) : t.byNameOnly ? people.byNameOnly(t.name) : people.byName(t.name);
    if (ref.facts) learn(person.facts, ref.facts);
    return { ref, person };
  });

  // Earliest first, so of a repeated wish or visit the first one is kept.
  const actions = resolved
    .filter((r): r is { ref: RowRef & { action: RowAction }; person: Person } => r.ref.action !== undefined)
    .sort((a, b) => a.ref.action.at.getTime() - b.ref.action.at.getTime() || a.ref.id - b.ref.id);
  const existing = await existingInteractions(db, ctx.accountId, people.people());
  const taken = new Set<string>();
  const planned: PlannedInteraction[] = [];
  for (const { ref, person } of actions) {
    const { action } = ref;
    let occasion: string;
    if (action.type === "birthday_message") {
      // The birthday celebrated: the day the wish went out (in the account's zone) minus the
      // days it was late. A wish on Jan 2 for Dec 31 belongs to the previous year's occasion.
      const birthday = addDays(zonedDate(action.at, ctx.accountZone), -(action.daysLate ?? 0));
      occasion = birthdayOccasion(birthday);
      learn(person.facts, { birthday: { month: birthday.month, day: birthday.day, year: null } });
    } else occasion = `visit:${formatCalendarDate(zonedDate(action.at, ctx.accountZone))}`;
    learn(person.facts, { latestInteraction: action.at });
    const held = `${action.type}|${occasion}`;
    const key = action.status === "sent" ? held : `${held}|failed|${action.at.getTime()}`;
    const count = (outcome: "imported" | "alreadyPresent" | "duplicates") => {
      if (!ref.derived) tally.add(ref.table, outcome);
    };
    if (taken.has(`${person.profileUrl}|${key}`)) {
      count("duplicates");
      continue;
    }
    taken.add(`${person.profileUrl}|${key}`);
    if (person.existing && existing.has(`${person.existing.id}|${key}`)) {
      count("alreadyPresent");
      continue;
    }
    const inWindows = action.at.getTime() > ctx.now.getTime() - WEEK_MS && action.at <= ctx.now;
    planned.push({
      person,
      type: action.type,
      occasion,
      status: action.status,
      messageText: action.messageText,
      daysLate: action.daysLate,
      at: action.at,
      reason: action.failure ? `${IMPORTED_REASON}: ${action.failure}`.slice(0, 300) : IMPORTED_REASON,
      reservationId:
        action.status === "sent" && inWindows
          ? importedReservationId({
              accountId: ctx.accountId,
              action: action.type,
              profileUrl: person.profileUrl,
              occasion,
              at: action.at,
            })
          : null,
    });
    count("imported");
  }

  // A contact row counts as imported when its person is new or gains something.
  const seen = new Set<string>();
  for (const { ref, person } of resolved) {
    if (ref.kind !== "contact") continue;
    const key = `${ref.table}|${person.profileUrl}`;
    if (seen.has(key)) tally.add(ref.table, "duplicates");
    else if (!person.existing || Object.keys(personChanges(person)).length > 0) tally.add(ref.table, "imported");
    else tally.add(ref.table, "alreadyPresent");
    seen.add(key);
  }
  return { people: people.people(), interactions: planned, ambiguities: people.ambiguities() };
}

/** Keys (`contactId|type|occasion` for held occasions, plus `|failed|at` for failures) already in Nudge. */
async function existingInteractions(db: Database, accountId: number, people: Person[]): Promise<Set<string>> {
  const ids = people.map((p) => p.existing?.id).filter((id): id is number => id !== undefined);
  const keys = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .select({
        contactId: interactions.contactId,
        type: interactions.type,
        occasion: interactions.occasion,
        status: interactions.status,
        createdAt: interactions.createdAt,
      })
      .from(interactions)
      .where(and(eq(interactions.accountId, accountId), inArray(interactions.contactId, ids.slice(i, i + CHUNK))));
    for (const row of rows) {
      const held = `${row.contactId}|${row.type}|${row.occasion}`;
      if ((OCCASION_HOLDING_STATUSES as readonly string[]).includes(row.status)) keys.add(held);
      if (row.status === "failed") keys.add(`${held}|failed|${row.createdAt.getTime()}`);
    }
  }
  return keys;
}
