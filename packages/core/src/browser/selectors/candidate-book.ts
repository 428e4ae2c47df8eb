import type { Database, SelectorRow } from "@nudge/db";
import type { Logger } from "pino";
import { firstLine } from "../../errors/first-line.js";
import type { Clock } from "../../time/clock.js";
import { compileCandidate, type CompiledCandidate } from "./candidate.js";
import type { LookupKey } from "./catalog.js";
import {
  deleteSelectorCandidates,
  insertSelectorCandidate,
  rankCandidates,
  recordSelectorFailures,
  recordSelectorSuccess,
  selectorCandidatesFor,
} from "./selector-store.js";

/**
 * A learned candidate that failed at least as often as it worked has stopped working. (Once it
 * fails, a working candidate outranks it and it is rarely tried again: it would never fail
 * "enough" to go.)
 */
export const RETIRE_LEARNED_MARGIN = 0;
/** Derived selectors of a key that did not generalise before the engine stops deriving them. */
const GIVE_UP_LEARNING_AFTER = 3;

/** Outcomes per candidate id, counted over a batch and written at once. */
export type OutcomeCounts = ReadonlyMap<number, { key: LookupKey; count: number }>;

/**
 * An engine's view of the `selectors` table: each key's rows, read once and kept in step with
 * what the engine writes, their compiled form, and the counters' updates. Another engine's
 * writes are seen after `invalidate`.
 */
export class CandidateBook {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #rows = new Map<LookupKey, SelectorRow[]>();
  readonly #compiled = new Map<number, CompiledCandidate | null>();
  readonly #rejected = new Map<LookupKey, number>();
  /** Candidates this engine learned, and the keys where one of them failed since. */
  readonly #learnedHere = new Set<number>();
  readonly #unstable = new Set<LookupKey>();

  constructor(db: Database, clock: Clock, log: Logger | undefined) {
    this.#db = db;
    this.#clock = clock;
    this.#log = log;
  }

  /** The key's enabled candidates, best first. */
  async ranked(key: LookupKey): Promise<SelectorRow[]> {
    let rows = this.#rows.get(key);
    if (!rows) {
      rows = await selectorCandidatesFor(this.#db, key);
      this.#rows.set(key, rows);
    }
    return rankCandidates(rows);
  }

  /** Every stored row of the key (disabled ones too), as last read. */
  stored(key: LookupKey): readonly SelectorRow[] {
    return this.#rows.get(key) ?? [];
  }

  /** The runnable form of a row; null (logged once) for a row that does not compile. */
  compile(row: SelectorRow): CompiledCandidate | null {
    if (!this.#compiled.has(row.id)) {
      try {
        this.#compiled.set(row.id, compileCandidate(row.strategy, row.candidate));
      } catch (error) {
        this.#log?.warn(
          { key: row.key, id: row.id, err: firstLine(error) },
          "selector candidate does not compile; skipped",
        );
        this.#compiled.set(row.id, null);
      }
    }
    return this.#compiled.get(row.id) ?? null;
  }

  async recordSuccess(key: LookupKey, id: number): Promise<void> {
    const at = this.#clock.now();
    await recordSelectorSuccess(this.#db, id, at);
    this.#bump(key, id, "success", 1, at);
  }

  async recordFailures(key: LookupKey, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const at = this.#clock.now();
    await recordSelectorFailures(this.#db, ids, at);
    for (const id of ids) this.#bump(key, id, "failure", 1, at);
    this.#noteUnstable(key, ids);
    await this.#retire(key, ids);
  }

  /** A batch of outcomes: one UPDATE per candidate for successes, one per count for failures. */
  async recordCounts(successes: OutcomeCounts, failures: OutcomeCounts): Promise<void> {
    const at = this.#clock.now();
    for (const [id, n] of successes) {
      await recordSelectorSuccess(this.#db, id, at, n.count);
      this.#bump(n.key, id, "success", n.count, at);
    }
    const byCount = new Map<number, number[]>();
    for (const [id, n] of failures) {
      byCount.set(n.count, [...(byCount.get(n.count) ?? []), id]);
      this.#bump(n.key, id, "failure", n.count, at);
    }
    for (const [count, ids] of byCount) await recordSelectorFailures(this.#db, ids, at, count);
    for (const [id, n] of failures) this.#noteUnstable(n.key, [id]);
    const keys = new Set([...failures.values()].map((n) => n.key));
    for (const key of keys) await this.#retire(key, [...failures.keys()]);
  }

  /** A derived selector of `key` did not generalise (it fitted one card only). */
  learningRejected(key: LookupKey): void {
    this.#rejected.set(key, (this.#rejected.get(key) ?? 0) + 1);
  }

  /**
   * Whether this engine stopped deriving selectors for `key`: on a list whose classes are hashed
   * per card every card would be derived and rejected again, at a cost per card.
   */
  learningGaveUp(key: LookupKey): boolean {
    return this.#unstable.has(key) || (this.#rejected.get(key) ?? 0) >= GIVE_UP_LEARNING_AFTER;
  }

  /**
   * A selector this engine learned failed within the same run: the markup it came from varies
   * from one item to the next (a person's name in an overlay's label), so learning again would
   * store one selector per person and fall back on every one. The fallback that found the
   * element keeps winning and, being the most recent success, ranks first from then on.
   */
  #noteUnstable(key: LookupKey, ids: readonly number[]): void {
    if (ids.some((id) => this.#learnedHere.has(id))) this.#unstable.add(key);
  }

  /**
   * Deletes the learned candidates among `ids` that stopped working (see
   * `RETIRE_LEARNED_MARGIN`), and any this engine learned (it fitted the items seen so far only,
   * see `#noteUnstable`): the engine made them, nobody loses anything, and the store does not
   * keep what LinkedIn's markup left behind.
   */
  async #retire(key: LookupKey, ids: readonly number[]): Promise<void> {
    const rows = this.#rows.get(key);
    if (!rows) return;
    const wanted = new Set(ids);
    const dead = rows.filter(
      (r) =>
        wanted.has(r.id) &&
        r.source === "learned" &&
        (r.failures >= r.successes + RETIRE_LEARNED_MARGIN || this.#learnedHere.has(r.id)),
    );
    if (dead.length === 0) return;
    await deleteSelectorCandidates(
      this.#db,
      dead.map((r) => r.id),
    );
    const gone = new Set(dead.map((r) => r.id));
    this.#rows.set(
      key,
      rows.filter((r) => !gone.has(r.id)),
    );
    this.#log?.info({ key, candidates: dead.map((r) => r.candidate) }, "learned selector candidates retired");
  }

  /** Stores a learned CSS candidate for the key, with the success that taught it. */
  async learn(key: LookupKey, css: string): Promise<SelectorRow> {
    const { row } = await insertSelectorCandidate(this.#db, {
      key,
      strategy: "css",
      candidate: css,
      source: "learned",
    });
    await recordSelectorSuccess(this.#db, row.id, this.#clock.now());
    const learned = { ...row, successes: row.successes + 1, lastSuccessAt: this.#clock.now() };
    this.#learnedHere.add(row.id);
    this.#rows.set(key, [...this.stored(key).filter((r) => r.id !== row.id), learned]);
    return learned;
  }

  /** Forgets cached rows (after the API added or disabled a candidate). */
  invalidate(key?: LookupKey): void {
    if (key) this.#rows.delete(key);
    else this.#rows.clear();
  }

  #bump(key: LookupKey, id: number, kind: "success" | "failure", count: number, at: Date): void {
    const row = this.#rows.get(key)?.find((r) => r.id === id);
    if (!row) return;
    if (kind === "success") {
      row.successes += count;
      row.lastSuccessAt = at;
    } else {
      row.failures += count;
      row.lastFailureAt = at;
    }
  }
}
