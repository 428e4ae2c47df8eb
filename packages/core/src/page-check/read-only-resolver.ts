import type { Database } from "@nudge/db";
import type { Logger } from "pino";
import type { Locator } from "playwright-core";
import { CandidateBook } from "../browser/selectors/candidate-book.js";
import type { SelectorScope } from "../browser/selectors/candidate.js";
import { isInteractiveKey, type LookupKey } from "../browser/selectors/catalog.js";
import { tryCandidate, type EngineParts } from "../browser/selectors/resolution.js";
import { SelectorMetrics } from "../browser/selectors/selector-metrics.js";
import { systemClock } from "../time/clock.js";
import { pollUntil } from "../time/poll-until.js";

/**
 * Resolves selector keys the way the engine ranks them, and changes nothing: no success or
 * failure counters, no learned candidate, no event. The page check must observe the pages, not
 * teach the engine from them (a too generic candidate winning on a changed page would be
 * learned by the engine; here it is only reported).
 */
export class ReadOnlyResolver {
  readonly #book: CandidateBook;
  readonly #parts: EngineParts;

  constructor(db: Database, log: Logger | undefined) {
    // Wall time, not the domain clock: this waits for a page to render.
    this.#book = new CandidateBook(db, systemClock, log);
    this.#parts = {
      book: this.#book,
      metrics: new SelectorMetrics(),
      emit: () => Promise.resolve(),
      log,
      pollMs: 200,
    };
  }

  /** The first visible match of `key` in `scope` by any enabled candidate, or null after `timeoutMs`. */
  async resolve(
    scope: SelectorScope,
    key: LookupKey,
    options: { timeoutMs: number; has?: string },
  ): Promise<Locator | null> {
    const interactive = isInteractiveKey(key);
    const onePass = async (): Promise<Locator | null> => {
      for (const row of await this.#book.ranked(key)) {
        const compiled = this.#book.compile(row);
        if (!compiled) continue;
        const [match] = await tryCandidate(this.#parts, scope, compiled, { interactive, all: false, has: options.has });
        if (match) return match;
      }
      return null;
    };
    return pollUntil(onePass, (found) => found !== null, {
      timeoutMs: options.timeoutMs,
      intervalMs: this.#parts.pollMs,
    });
  }
}
