import {
  and,
  asc,
  eq,
  inArray,
  selectors,
  sql,
  write,
  type Database,
  type SelectorRow,
  type SelectorSource,
  type SelectorStrategy,
} from "@nudge/db";
import { NudgeError } from "../../errors/nudge-error.js";
import { validateCandidate } from "./candidate.js";
import { parseSelectorKey, SELECTOR_CATALOG, type CatalogEntry } from "./catalog.js";

/**
 * The `selectors` table: ranked candidates per logical element, with their counters. Builtins are
 * upserted from the catalog by `seedSelectorCatalog`, which whoever owns the database calls (the
 * server at start, a test's setup); the engine adds `learned` rows; people add `user` rows and
 * disable bad ones through the API.
 */

/**
 * Inserts the catalog's candidates that are not stored yet (existing counters are kept), and
 * disables builtin rows a newer catalog no longer lists. Idempotent; returns how many it inserted.
 */
export async function seedSelectorCatalog(
  db: Database,
  catalog: readonly CatalogEntry[] = SELECTOR_CATALOG,
): Promise<number> {
  const rows = catalog.flatMap((entry) =>
    entry.candidates.map((c) => ({
      key: entry.key,
      strategy: c.strategy,
      candidate: c.candidate,
      source: "builtin" as const,
    })),
  );
  let inserted = 0;
  // SQLite limits bound parameters per statement; a few dozen rows at a time is plenty.
  for (let i = 0; i < rows.length; i += 50) {
    const result = await write(db, (tx) =>
      tx
        .insert(selectors)
        .values(rows.slice(i, i + 50))
        .onConflictDoNothing()
        .returning({ id: selectors.id }),
    );
    inserted += result.length;
  }
  const current = new Set(rows.map((r) => `${r.key}\u0000${r.strategy}\u0000${r.candidate}`));
  const stored = await db
    .select()
    .from(selectors)
    .where(and(eq(selectors.source, "builtin"), eq(selectors.disabled, false)));
  const stale = stored.filter((r) => !current.has(`${r.key}\u0000${r.strategy}\u0000${r.candidate}`)).map((r) => r.id);
  if (stale.length > 0)
    await write(db, (tx) => tx.update(selectors).set({ disabled: true }).where(inArray(selectors.id, stale)));
  return inserted;
}

export async function selectorCandidatesFor(db: Database, key: string): Promise<SelectorRow[]> {
  return db.select().from(selectors).where(eq(selectors.key, key)).orderBy(asc(selectors.id));
}

/**
 * Best first: a candidate whose last outcome was a success, most recent success first; then by
 * success ratio (Laplace-smoothed, so untried ones sit at 0.5); then catalog order.
 */
export function rankCandidates(rows: readonly SelectorRow[]): SelectorRow[] {
  const healthy = (r: SelectorRow) =>
    r.lastSuccessAt !== null && (r.lastFailureAt === null || r.lastSuccessAt.getTime() >= r.lastFailureAt.getTime());
  const ratio = (r: SelectorRow) => (r.successes + 1) / (r.successes + r.failures + 2);
  return rows
    .filter((r) => !r.disabled)
    .slice()
    .sort((a, b) => {
      const ha = healthy(a) ? 1 : 0;
      const hb = healthy(b) ? 1 : 0;
      if (ha !== hb) return hb - ha;
      if (ha && hb) {
        const t = (b.lastSuccessAt?.getTime() ?? 0) - (a.lastSuccessAt?.getTime() ?? 0);
        if (t !== 0) return t;
      }
      const r = ratio(b) - ratio(a);
      if (r !== 0) return r;
      return a.id - b.id;
    });
}

export async function recordSelectorSuccess(db: Database, id: number, at: Date, count = 1): Promise<void> {
  await write(db, (tx) =>
    tx
      .update(selectors)
      .set({ successes: sql`${selectors.successes} + ${count}`, lastSuccessAt: at })
      .where(eq(selectors.id, id)),
  );
}

export async function recordSelectorFailures(db: Database, ids: readonly number[], at: Date, count = 1): Promise<void> {
  if (ids.length === 0) return;
  await write(db, (tx) =>
    tx
      .update(selectors)
      .set({ failures: sql`${selectors.failures} + ${count}`, lastFailureAt: at })
      .where(inArray(selectors.id, [...ids])),
  );
}

/** Deletes candidates (learned ones that stopped working: see `CandidateBook`). */
export async function deleteSelectorCandidates(db: Database, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await write(db, (tx) => tx.delete(selectors).where(inArray(selectors.id, [...ids])));
}

/** Stores a candidate (or returns the existing row for the same key, strategy and text). */
export async function insertSelectorCandidate(
  db: Database,
  input: { key: string; strategy: SelectorStrategy; candidate: string; source: SelectorSource },
): Promise<{ row: SelectorRow; created: boolean }> {
  const [created] = await write(db, (tx) => tx.insert(selectors).values(input).onConflictDoNothing().returning());
  if (created) return { row: created, created: true };
  const [existing] = await db
    .select()
    .from(selectors)
    .where(
      and(
        eq(selectors.key, input.key),
        eq(selectors.strategy, input.strategy),
        eq(selectors.candidate, input.candidate),
      ),
    );
  if (!existing) throw new NudgeError("INTERNAL", "selector candidate vanished after a conflicting insert");
  return { row: existing, created: false };
}

// ---- for the API (router `selectors`) ----

export interface SelectorCandidateView {
  id: number;
  key: string;
  strategy: SelectorStrategy;
  candidate: string;
  source: SelectorSource;
  successes: number;
  failures: number;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  disabled: boolean;
  /** Position in the current ranking for its key (1 = tried first); null when disabled. */
  rank: number | null;
}

/** Every candidate with its counters, grouped by key in ranking order. */
export async function listSelectorCandidates(
  db: Database,
  filter: { key?: string } = {},
): Promise<SelectorCandidateView[]> {
  const rows = await db
    .select()
    .from(selectors)
    .where(filter.key ? eq(selectors.key, filter.key) : undefined)
    .orderBy(asc(selectors.key), asc(selectors.id));
  const byKey = new Map<string, SelectorRow[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const out: SelectorCandidateView[] = [];
  for (const [, group] of byKey) {
    const ranked = rankCandidates(group);
    const rank = new Map(ranked.map((r, i) => [r.id, i + 1]));
    for (const r of [...ranked, ...group.filter((g) => g.disabled)]) {
      out.push({ ...r, rank: rank.get(r.id) ?? null });
    }
  }
  return out;
}

/** A person's own candidate for a key (validated; source `user`). */
export async function addSelectorCandidate(
  db: Database,
  input: { key: string; strategy: SelectorStrategy; candidate: string },
): Promise<SelectorCandidateView> {
  parseSelectorKey(input.key);
  validateCandidate(input.strategy, input.candidate);
  const { row, created } = await insertSelectorCandidate(db, { ...input, source: "user" });
  if (!created && row.disabled) await setSelectorCandidateDisabled(db, row.id, false);
  return { ...row, disabled: false, rank: null };
}

export async function setSelectorCandidateDisabled(
  db: Database,
  id: number,
  disabled: boolean,
): Promise<SelectorCandidateView> {
  const [row] = await write(db, (tx) => tx.update(selectors).set({ disabled }).where(eq(selectors.id, id)).returning());
  if (!row) throw new NudgeError("NOT_FOUND", `no selector candidate ${id}`);
  return { ...row, rank: null };
}
