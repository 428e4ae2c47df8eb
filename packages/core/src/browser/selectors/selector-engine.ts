import type { Database } from "@nudge/db";
import type { Logger } from "pino";
import type { Locator, Page } from "playwright-core";
import type { Registry } from "prom-client";
import { firstLine } from "../../errors/first-line.js";
import { NudgeError } from "../../errors/nudge-error.js";
import { systemClock, type Clock } from "../../time/clock.js";
import { safeUrl } from "../pages/navigation.js";
import { readEach, readMany, type ReadRequest, type ReadValues } from "./batch-read.js";
import { CandidateBook } from "./candidate-book.js";
import { pageOf, type SelectorScope } from "./candidate.js";
import type { LookupKey } from "./catalog.js";
import { MissArtifacts, type ArtifactPaths } from "./miss-artifacts.js";
import { lookup, type EngineParts, type Resolution, type ResolveOptions } from "./resolution.js";
import { selectorEventSink, type SelectorEventHandler } from "./selector-events.js";
import { SelectorMetrics } from "./selector-metrics.js";

export interface SelectorEngineOptions {
  db: Database;
  /** Where artifacts go: `<dataDir>/artifacts/<runId>/`. */
  dataDir: string;
  runId?: string | number;
  registry?: Registry;
  clock?: Clock;
  log?: Logger;
  onEvent?: SelectorEventHandler;
  /** How long `resolve` keeps polling before a miss (ms). */
  defaultTimeoutMs?: number;
  pollIntervalMs?: number;
}

/**
 * Finds logical elements (`composer.send`, `birthday.card`, …) by trying their stored candidates
 * best first (docs/architecture.md#selector-strategy): the ranking loop is `resolution.ts`, the
 * one-round-trip reads `batch-read.ts`, learning a CSS candidate after a fallback `learning.ts`.
 * A total miss saves a screenshot and sanitized HTML (`miss-artifacts.ts`), emits an event,
 * counts `nudge_selector_resolutions_total{outcome="miss"}` and throws SELECTOR_MISSING.
 *
 * Matching never returns an element a person could not see: hidden, zero-size, transparent or
 * off-screen elements are skipped (the honeypot rules), and for clickable keys aria-hidden,
 * inert and pointer-events:none ones too. The candidates must have been seeded into the
 * database (`seedSelectorCatalog`) by whoever owns it.
 */
export class SelectorEngine {
  readonly #parts: EngineParts;
  readonly #artifacts: MissArtifacts;
  readonly #timeoutMs: number;

  constructor(options: SelectorEngineOptions) {
    const clock = options.clock ?? systemClock;
    this.#parts = {
      book: new CandidateBook(options.db, clock, options.log),
      metrics: new SelectorMetrics(options.registry),
      emit: selectorEventSink(options.onEvent, options.log),
      log: options.log,
      pollMs: options.pollIntervalMs ?? 100,
    };
    this.#artifacts = new MissArtifacts(options.dataDir, options.runId, clock);
    this.#timeoutMs = options.defaultTimeoutMs ?? 10_000;
  }

  /**
   * @deprecated Use `new SelectorEngine(options)`; the catalog is seeded by `seedSelectorCatalog`,
   * not as a side effect of building an engine. Kept until every caller has moved.
   */
  static create(options: SelectorEngineOptions): Promise<SelectorEngine> {
    return Promise.resolve(new SelectorEngine(options));
  }

  /** The first visible match of `key` inside `scope`; a miss throws SELECTOR_MISSING. */
  async resolve(scope: SelectorScope, key: LookupKey, options: ResolveOptions = {}): Promise<Locator> {
    return (await this.resolveDetailed(scope, key, options)).locator;
  }

  /** Like `resolve`, with the outcome and the candidate that matched. */
  async resolveDetailed(scope: SelectorScope, key: LookupKey, options: ResolveOptions = {}): Promise<Resolution> {
    const found = await lookup(this.#parts, scope, key, {
      ...options,
      all: false,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      optional: false,
    });
    if (found) return found;
    throw await this.#miss(scope, key);
  }

  /** Every visible match of `key` (cards, results); a miss throws SELECTOR_MISSING. */
  async resolveAll(scope: SelectorScope, key: LookupKey, options: ResolveOptions = {}): Promise<Locator[]> {
    const found = await lookup(this.#parts, scope, key, {
      ...options,
      all: true,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      optional: false,
    });
    if (found) return found.all;
    throw await this.#miss(scope, key);
  }

  /** For elements that may legitimately be absent (a Connect button, a banner): null, no artifacts. */
  async find(scope: SelectorScope, key: LookupKey, options: ResolveOptions = {}): Promise<Locator | null> {
    const found = await lookup(this.#parts, scope, key, {
      ...options,
      all: false,
      timeoutMs: options.timeoutMs ?? 0,
      optional: true,
    });
    return found?.locator ?? null;
  }

  async findAll(scope: SelectorScope, key: LookupKey, options: ResolveOptions = {}): Promise<Locator[]> {
    const found = await lookup(this.#parts, scope, key, {
      ...options,
      all: true,
      timeoutMs: options.timeoutMs ?? 0,
      optional: true,
    });
    return found?.all ?? [];
  }

  /** Several keys inside one scope, in a single round trip in the common case (`batch-read.ts`). */
  async readMany(scope: SelectorScope, requests: readonly ReadRequest[]): Promise<ReadValues> {
    return readMany(this.#parts, this, scope, requests);
  }

  /** `readMany` for every item of a list from item `from` on, in one round trip for the list. */
  async readEach(
    page: Page,
    listKey: LookupKey,
    requests: readonly ReadRequest[],
    options: { from?: number; has?: string } = {},
  ): Promise<{ count: number; items: Array<{ locator: Locator; values: ReadValues }> }> {
    return readEach(this.#parts, this, page, listKey, requests, options);
  }

  /** Forgets cached candidate rows (after the API added or disabled one). */
  invalidate(key?: LookupKey): void {
    this.#parts.book.invalidate(key);
  }

  /**
   * A screenshot and the sanitized HTML of the page, under `<dataDir>/artifacts/<runId>/`.
   * Returns paths relative to the data directory.
   */
  async saveArtifacts(page: Page, label: string): Promise<ArtifactPaths> {
    return this.#artifacts.save(page, label);
  }

  async #miss(scope: SelectorScope, key: LookupKey): Promise<NudgeError> {
    const { metrics, log, emit } = this.#parts;
    metrics.count(key, "miss");
    const page = pageOf(scope);
    const url = safeUrl(page.url());
    const artifacts = await this.saveArtifacts(page, key).catch((error: unknown) => {
      log?.warn({ key, err: firstLine(error) }, "could not save selector-miss artifacts");
      return { screenshot: null, html: null };
    });
    log?.warn({ key, url, ...artifacts }, "selector miss");
    await emit({ type: "selector.miss", key, url, ...artifacts });
    return new NudgeError("SELECTOR_MISSING", `no candidate for ${key} matched on ${url}`, {
      details: { key, url, ...artifacts },
    });
  }
}
