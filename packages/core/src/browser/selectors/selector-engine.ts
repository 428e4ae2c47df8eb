import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Database, SelectorRow } from "@nudge/db";
import type { Logger } from "pino";
import type { Locator, Page } from "playwright-core";
import { Counter, type Registry } from "prom-client";
import { NudgeError } from "../../errors/nudge-error.js";
import { systemClock, type Clock } from "../../time/clock.js";
import { compileCandidate, type CompiledCandidate, type SelectorScope } from "./candidate.js";
import { INTERACTIVE_KEYS } from "./catalog.js";
import {
  cssProbe,
  cssProbeDocument,
  deriveCssCandidates,
  elementText,
  heuristicPick,
  readEach,
  readKeys,
  readKeysDocument,
  visibleIndices,
  type ReadCandidateSpec,
  type ReadKeyResult,
  type ReadKeySpec,
} from "./in-page.js";
import { sanitizeHtml } from "./sanitize-html.js";
import { insertSelectorCandidate, rankCandidates, recordSelectorFailures, recordSelectorSuccess, seedSelectorCatalog, selectorCandidatesFor } from "./selector-store.js";

/**
 * Finds logical elements (`composer.send`, `birthday.card`, …) by trying their stored candidates
 * best first (DESIGN §4). Outcomes update the counters, so a candidate that stops working sinks
 * and the one that took over rises. When a role, text or heuristic candidate saves the day after
 * the top one failed, a plain CSS selector for the element it found is derived, verified and
 * stored as a `learned` candidate. A total miss saves a screenshot and sanitized HTML, emits an
 * event and throws SELECTOR_MISSING.
 *
 * Matching never returns an element a person could not see: hidden, zero-size, transparent or
 * off-screen elements are skipped (the honeypot rules), and for clickable keys aria-hidden,
 * inert and pointer-events:none ones too.
 */

export type SelectorOutcome = "hit" | "fallback" | "learned" | "miss";

export type SelectorEvent =
  | { type: "selector.miss"; key: string; url: string; screenshot: string | null; html: string | null }
  | { type: "selector.learned"; key: string; candidate: string; from: { strategy: string; candidate: string } }
  | { type: "selector.fallback"; key: string; candidate: string; strategy: string };

export interface SelectorEngineOptions {
  db: Database;
  /** Where artifacts go: `<dataDir>/artifacts/<runId>/`. */
  dataDir: string;
  runId?: string | number;
  registry?: Registry;
  clock?: Clock;
  log?: Logger;
  onEvent?: (event: SelectorEvent) => void | Promise<void>;
  /** How long `resolve` keeps polling before a miss (ms). */
  defaultTimeoutMs?: number;
  pollIntervalMs?: number;
}

export interface ResolveOptions {
  /** Poll this long for a match; 0 = a single pass. */
  timeoutMs?: number;
  /**
   * What the element must satisfy besides matching (e.g. a profile link points to /in/). A
   * candidate whose match fails it counts as a failure, so a too-generic candidate never wins,
   * and is never learned, on the wrong element.
   */
  accept?: (element: Locator) => Promise<boolean>;
  /**
   * CSS the element must contain (e.g. a card holds a profile link). Checked in the same query
   * as the candidate (Playwright's `filter({ has })`, and in the page's own probes), so it costs
   * nothing per element, unlike `accept`.
   */
  has?: string;
}

/** One value `readMany` fetches: the text or href of a key's element, or whether it exists. */
export interface ReadRequest {
  key: string;
  read: "text" | "href" | "exists";
  /** Regex source the element's href must match (see `ResolveOptions.accept`). */
  hrefPattern?: string;
  /** Absent is a normal answer (null / false); otherwise a miss throws SELECTOR_MISSING. */
  optional?: boolean;
  /** Poll this long before a miss (non-optional keys only). */
  timeoutMs?: number;
}

export interface Resolution {
  locator: Locator;
  all: Locator[];
  outcome: SelectorOutcome;
  candidate: Pick<SelectorRow, "id" | "strategy" | "candidate" | "source">;
}

const METRIC = "nudge_selector_resolutions_total";

/** The resolutions counter on `registry` (created once per registry). */
export function selectorResolutionsCounter(registry: Registry): Counter<"key" | "outcome"> {
  const existing = registry.getSingleMetric(METRIC);
  if (existing) return existing as Counter<"key" | "outcome">;
  return new Counter({ name: METRIC, help: "Selector resolutions by logical key and outcome (hit, fallback, learned, miss).", labelNames: ["key", "outcome"], registers: [registry] });
}

export class SelectorEngine {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #onEvent: SelectorEngineOptions["onEvent"];
  readonly #counter: Counter<"key" | "outcome"> | undefined;
  readonly #artifactsDir: string;
  readonly #dataDir: string;
  readonly #timeoutMs: number;
  readonly #pollMs: number;
  readonly #rows = new Map<string, SelectorRow[]>();
  readonly #compiled = new Map<number, CompiledCandidate | null>();
  #artifactSeq = 0;

  constructor(options: SelectorEngineOptions) {
    this.#db = options.db;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log;
    this.#onEvent = options.onEvent;
    this.#counter = options.registry ? selectorResolutionsCounter(options.registry) : undefined;
    this.#dataDir = options.dataDir;
    this.#artifactsDir = join(options.dataDir, "artifacts", String(options.runId ?? "adhoc").replace(/[^\w-]/g, "_"));
    this.#timeoutMs = options.defaultTimeoutMs ?? 10_000;
    this.#pollMs = options.pollIntervalMs ?? 100;
  }

  /** Seeds the builtin catalog (idempotent) and returns an engine. */
  static async create(options: SelectorEngineOptions): Promise<SelectorEngine> {
    await seedSelectorCatalog(options.db);
    return new SelectorEngine(options);
  }

  /** The first visible match of `key` inside `scope`; a miss throws SELECTOR_MISSING. */
  async resolve(scope: SelectorScope, key: string, options: ResolveOptions = {}): Promise<Locator> {
    const found = await this.#run(scope, key, false, options.timeoutMs ?? this.#timeoutMs, false, options.accept, options.has);
    if (found) return found.locator;
    throw await this.#miss(scope, key);
  }

  /** Like `resolve`, with the outcome and the candidate that matched. */
  async resolveDetailed(scope: SelectorScope, key: string, options: ResolveOptions = {}): Promise<Resolution> {
    const found = await this.#run(scope, key, false, options.timeoutMs ?? this.#timeoutMs, false, options.accept, options.has);
    if (found) return found;
    throw await this.#miss(scope, key);
  }

  /** Every visible match of `key` (cards, results); a miss throws SELECTOR_MISSING. */
  async resolveAll(scope: SelectorScope, key: string, options: ResolveOptions = {}): Promise<Locator[]> {
    const found = await this.#run(scope, key, true, options.timeoutMs ?? this.#timeoutMs, false, options.accept, options.has);
    if (found) return found.all;
    throw await this.#miss(scope, key);
  }

  /** For elements that may legitimately be absent (a Connect button, a banner): null, no artifacts. */
  async find(scope: SelectorScope, key: string, options: ResolveOptions = {}): Promise<Locator | null> {
    return (await this.#run(scope, key, false, options.timeoutMs ?? 0, true, options.accept, options.has))?.locator ?? null;
  }

  async findAll(scope: SelectorScope, key: string, options: ResolveOptions = {}): Promise<Locator[]> {
    return (await this.#run(scope, key, true, options.timeoutMs ?? 0, true, options.accept, options.has))?.all ?? [];
  }

  /**
   * Reads several keys inside one scope in a single round trip in the common case: CSS and
   * heuristic candidates run together in the page, in rank order, with the same counters,
   * outcomes and metrics as `resolve`; role candidates are ruled out there when nothing could
   * match. Playwright is asked only about the candidates the page could not settle, and a key
   * whose winner must be learned, or that is missing and not optional, takes the regular path.
   */
  async readMany(scope: SelectorScope, requests: readonly ReadRequest[]): Promise<Map<string, string | boolean | null>> {
    const ranked = await Promise.all(requests.map((r) => this.#candidates(r.key)));
    const keys = requests.map((r, i) => this.#readSpec(r, ranked[i] ?? []));
    let results: ReadKeyResult[] | null = null;
    try {
      results = isPage(scope) ? await scope.evaluate(readKeysDocument, { keys }) : await scope.evaluate(readKeys, { keys });
    } catch {
      results = null;
    }
    const tally = new Tally();
    const out = new Map<string, string | boolean | null>();
    for (const [i, request] of requests.entries()) {
      const result = results?.[i] ?? { statuses: "p".repeat(ranked[i]?.length ?? 0), value: null };
      out.set(request.key, await this.#decide(scope, request, ranked[i] ?? [], result, tally));
    }
    await this.#flush(tally);
    return out;
  }

  /**
   * `readMany` for every item of a list (cards, results) from item `from` on, in one round trip
   * for the whole list when the list key's winning candidate is plain CSS.
   */
  async readEach(
    page: Page,
    listKey: string,
    requests: readonly ReadRequest[],
    options: { from?: number; has?: string } = {},
  ): Promise<{ count: number; items: Array<{ locator: Locator; values: Map<string, string | boolean | null> }> }> {
    const from = options.from ?? 0;
    const list = await this.#run(page, listKey, true, 0, true, undefined, options.has);
    if (!list) return { count: 0, items: [] };
    const ranked = await Promise.all(requests.map((r) => this.#candidates(r.key)));
    let batch: { count: number; items: ReadKeyResult[][] } | null = null;
    if (list.candidate.strategy === "css") {
      const keys = requests.map((r, i) => this.#readSpec(r, ranked[i] ?? []));
      try {
        batch = await page.evaluate(readEach, { listCss: list.candidate.candidate, listInteractive: INTERACTIVE_KEYS.has(listKey), listHas: options.has, from, keys });
      } catch {
        batch = null; // the page moved under us: per item below
      }
      // The list may have grown between the two calls (lazy loading appends): the first items are
      // still the same elements. If it shrank, it was re-rendered: per item below.
      if (batch && batch.count < list.all.length) batch = null;
    }
    const tally = new Tally();
    const items: Array<{ locator: Locator; values: Map<string, string | boolean | null> }> = [];
    for (const [k, locator] of list.all.slice(from).entries()) {
      const results = batch?.items[k];
      if (!results) {
        items.push({ locator, values: await this.readMany(locator, requests) });
        continue;
      }
      const values = new Map<string, string | boolean | null>();
      for (const [i, request] of requests.entries()) values.set(request.key, await this.#decide(locator, request, ranked[i] ?? [], results[i] ?? { statuses: "", value: null }, tally));
      items.push({ locator, values });
    }
    await this.#flush(tally);
    return { count: list.all.length, items };
  }

  #readSpec(request: ReadRequest, rows: SelectorRow[]): ReadKeySpec {
    return {
      interactive: INTERACTIVE_KEYS.has(request.key),
      read: request.read,
      hrefPattern: request.hrefPattern,
      candidates: rows.map((row): ReadCandidateSpec => {
        const compiled = this.#compile(row);
        if (compiled?.strategy === "css") return { strategy: "css", css: row.candidate };
        if (compiled?.strategy === "heuristic") return { strategy: "heuristic", config: compiled.config };
        if (compiled?.strategy === "role") {
          const name =
            compiled.name instanceof RegExp ? { source: compiled.name.source, flags: compiled.name.flags } : compiled.name !== undefined ? { exact: compiled.name } : undefined;
          return { strategy: "role", role: compiled.role, name, level: compiled.level };
        }
        return { strategy: "other" };
      }),
    };
  }

  /** Settles one key from its in-page statuses, asking Playwright only where the page could not. */
  async #decide(scope: SelectorScope, request: ReadRequest, rows: SelectorRow[], result: ReadKeyResult, tally: Tally): Promise<string | boolean | null> {
    const interactive = INTERACTIVE_KEYS.has(request.key);
    const accept = request.hrefPattern ? hrefAccept(new RegExp(request.hrefPattern)) : undefined;
    const failed: number[] = [];
    for (const [i, row] of rows.entries()) {
      const status = result.statuses[i] ?? "p";
      if (status === "m") {
        failed.push(row.id);
        continue;
      }
      if (status === "h") {
        if (i > 0 && row.strategy !== "css") return this.#slowRead(scope, request);
        tally.win(request.key, row, i, failed);
        return result.value;
      }
      const compiled = this.#compile(row);
      if (!compiled) continue;
      let matches = await this.#tryCandidate(scope, compiled, interactive, false);
      if (accept && matches.length > 0) matches = await filterAccepted(matches, accept);
      if (matches.length === 0) {
        failed.push(row.id);
        continue;
      }
      // A fallback that is not CSS gets learned: the regular path does that.
      if (i > 0 && row.strategy !== "css") return this.#slowRead(scope, request);
      tally.win(request.key, row, i, failed);
      return readValue(matches[0] as Locator, request.read);
    }
    if (request.optional) return request.read === "exists" ? false : null;
    return this.#slowRead(scope, request);
  }

  async #slowRead(scope: SelectorScope, request: ReadRequest): Promise<string | boolean | null> {
    const accept = request.hrefPattern ? hrefAccept(new RegExp(request.hrefPattern)) : undefined;
    const element = request.optional
      ? await this.find(scope, request.key, { accept, timeoutMs: request.timeoutMs ?? 0 })
      : await this.resolve(scope, request.key, { accept, timeoutMs: request.timeoutMs });
    if (!element) return request.read === "exists" ? false : null;
    return readValue(element, request.read);
  }

  /** Writes a batch of outcomes: one UPDATE per candidate, whatever the number of items. */
  async #flush(tally: Tally): Promise<void> {
    const at = this.#clock.now();
    for (const [id, n] of tally.successes) {
      await recordSelectorSuccess(this.#db, id, at, n.count);
      this.#bump(n.key, id, "success", n.count, at);
    }
    const byCount = new Map<number, number[]>();
    for (const [id, n] of tally.failures) {
      byCount.set(n.count, [...(byCount.get(n.count) ?? []), id]);
      this.#bump(n.key, id, "failure", n.count, at);
    }
    for (const [count, ids] of byCount) await recordSelectorFailures(this.#db, ids, at, count);
    for (const [label, count] of tally.outcomes) {
      const [key, outcome] = label.split("\u0000") as [string, SelectorOutcome];
      this.#counter?.inc({ key, outcome }, count);
    }
    for (const event of tally.fallbacks.values()) await this.#emit(event);
  }

  #bump(key: string, id: number, kind: "success" | "failure", count: number, at: Date): void {
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

  /** Forgets cached candidate rows (after the API added or disabled one). */
  invalidate(key?: string): void {
    if (key) this.#rows.delete(key);
    else this.#rows.clear();
  }

  async #candidates(key: string): Promise<SelectorRow[]> {
    let rows = this.#rows.get(key);
    if (!rows) {
      rows = await selectorCandidatesFor(this.#db, key);
      this.#rows.set(key, rows);
    }
    return rankCandidates(rows);
  }

  #compile(row: SelectorRow): CompiledCandidate | null {
    if (!this.#compiled.has(row.id)) {
      try {
        this.#compiled.set(row.id, compileCandidate(row.strategy, row.candidate));
      } catch (error) {
        this.#log?.warn({ key: row.key, id: row.id, err: String(error) }, "selector candidate does not compile; skipped");
        this.#compiled.set(row.id, null);
      }
    }
    return this.#compiled.get(row.id) ?? null;
  }

  async #tryCandidate(scope: SelectorScope, compiled: CompiledCandidate, interactive: boolean, all: boolean, has?: string): Promise<Locator[]> {
    const located = compiled.locate(scope);
    const base = has ? located.filter({ has: pageOf(scope).locator(has) }) : located;
    try {
      if (compiled.strategy === "heuristic") {
        const index = await base.evaluateAll(heuristicPick, { config: compiled.config, interactive });
        return index >= 0 ? [base.nth(index)] : [];
      }
      const indices = await base.evaluateAll(visibleIndices, { interactive, all });
      return indices.map((i) => base.nth(i));
    } catch (error) {
      // A broken CSS candidate or a navigation under our feet: no match this pass.
      this.#log?.debug({ err: String(error).split("\n")[0] }, "selector candidate errored");
      return [];
    }
  }

  async #run(
    scope: SelectorScope,
    key: string,
    all: boolean,
    timeoutMs: number,
    optional = false,
    accept?: ResolveOptions["accept"],
    has?: string,
  ): Promise<Resolution | null> {
    const interactive = INTERACTIVE_KEYS.has(key);
    const deadline = Date.now() + timeoutMs;
    const failed = new Set<number>();
    for (;;) {
      const ranked = await this.#candidates(key);
      if (ranked.length === 0) throw new NudgeError("SELECTOR_MISSING", `no selector candidates are stored for ${key}`, { details: { key } });
      // Steady state: the top candidate worked last time, so try it before probing the rest.
      const top = ranked[0] as SelectorRow;
      const topCompiled = this.#compile(top);
      const topHealthy = top.lastSuccessAt !== null && (top.lastFailureAt === null || top.lastSuccessAt >= top.lastFailureAt);
      let tried: number | null = null;
      if (topHealthy && topCompiled) {
        let matches = await this.#tryCandidate(scope, topCompiled, interactive, all, has);
        if (accept && matches.length > 0) matches = await filterAccepted(matches, accept);
        if (matches.length > 0) {
          const outcome = await this.#settle(key, top, 0, failed, matches[0] as Locator, scope, interactive);
          return { locator: matches[0] as Locator, all: matches, outcome, candidate: top };
        }
        failed.add(top.id);
        tried = top.id;
      }
      const probe = await this.#probeCss(scope, ranked, interactive, has);
      for (const [rank, row] of ranked.entries()) {
        if (row.id === tried) continue;
        const compiled = this.#compile(row);
        if (!compiled) continue;
        if (probe.get(row.id) === 0) {
          failed.add(row.id);
          continue;
        }
        let matches = await this.#tryCandidate(scope, compiled, interactive, all, has);
        if (accept && matches.length > 0) matches = await filterAccepted(matches, accept);
        if (matches.length === 0) {
          failed.add(row.id);
          continue;
        }
        failed.delete(row.id);
        const outcome = await this.#settle(key, row, rank, failed, matches[0] as Locator, scope, interactive);
        return { locator: matches[0] as Locator, all: matches, outcome, candidate: row };
      }
      if (Date.now() >= deadline) {
        // An optional lookup that found nothing says nothing about its candidates.
        if (!optional) await this.#recordFailures(key, [...failed]);
        return null;
      }
      await new Promise((r) => setTimeout(r, this.#pollMs));
    }
  }

  /** Which CSS candidates can be skipped without a Playwright round trip each (0 = no visible match). */
  async #probeCss(scope: SelectorScope, ranked: SelectorRow[], interactive: boolean, has?: string): Promise<Map<number, number>> {
    const rows = ranked.filter((r) => r.strategy === "css");
    const result = new Map<number, number>();
    if (rows.length < 2) return result;
    try {
      const arg = { list: rows.map((r) => r.candidate), interactive, has };
      const flags = isPage(scope) ? await scope.evaluate(cssProbeDocument, arg) : await scope.evaluate(cssProbe, arg);
      rows.forEach((r, i) => result.set(r.id, flags[i] ?? -1));
    } catch {
      // The scope is gone or the page navigated: every candidate gets its own try.
    }
    return result;
  }

  async #recordFailures(key: string, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const at = this.#clock.now();
    await recordSelectorFailures(this.#db, ids, at);
    for (const row of this.#rows.get(key) ?? []) {
      if (ids.includes(row.id)) {
        row.failures += 1;
        row.lastFailureAt = at;
      }
    }
  }

  async #recordSuccess(key: string, id: number): Promise<void> {
    const at = this.#clock.now();
    await recordSelectorSuccess(this.#db, id, at);
    const row = this.#rows.get(key)?.find((r) => r.id === id);
    if (row) {
      row.successes += 1;
      row.lastSuccessAt = at;
    }
  }

  async #settle(key: string, winner: SelectorRow, rank: number, failed: Set<number>, element: Locator, scope: SelectorScope, interactive: boolean): Promise<SelectorOutcome> {
    await this.#recordFailures(key, [...failed]);
    await this.#recordSuccess(key, winner.id);
    let outcome: SelectorOutcome = rank === 0 ? "hit" : "fallback";
    if (rank > 0 && winner.strategy !== "css") outcome = await this.#learn(key, winner, element, scope, interactive);
    else if (rank > 0) await this.#emit({ type: "selector.fallback", key, candidate: winner.candidate, strategy: winner.strategy });
    this.#counter?.inc({ key, outcome });
    return outcome;
  }

  /** Turns the element a role/text/heuristic candidate found into a stored CSS candidate. */
  async #learn(key: string, winner: SelectorRow, element: Locator, scope: SelectorScope, interactive: boolean): Promise<SelectorOutcome> {
    let derived: string[] = [];
    try {
      const scopeHandle = "page" in scope && typeof scope.page === "function" ? await (scope as Locator).elementHandle({ timeout: 1000 }) : null;
      derived = await element.evaluate(deriveCssCandidates, { scope: scopeHandle, interactive });
      await scopeHandle?.dispose();
    } catch (error) {
      this.#log?.debug({ key, err: String(error).split("\n")[0] }, "could not derive a css candidate");
    }
    const rows = this.#rows.get(key) ?? [];
    const stored = derived.find((css) => rows.some((r) => r.strategy === "css" && r.candidate === css && !r.disabled));
    if (stored) {
      const row = rows.find((r) => r.strategy === "css" && r.candidate === stored);
      if (row) await this.#recordSuccess(key, row.id);
      await this.#emit({ type: "selector.fallback", key, candidate: winner.candidate, strategy: winner.strategy });
      return "fallback";
    }
    const fresh = derived.find((css) => !rows.some((r) => r.strategy === "css" && r.candidate === css));
    if (!fresh) {
      await this.#emit({ type: "selector.fallback", key, candidate: winner.candidate, strategy: winner.strategy });
      return "fallback";
    }
    const { row } = await insertSelectorCandidate(this.#db, { key, strategy: "css", candidate: fresh, source: "learned" });
    await this.#recordSuccess(key, row.id);
    this.#rows.set(key, [...rows.filter((r) => r.id !== row.id), { ...row, successes: row.successes + 1, lastSuccessAt: this.#clock.now() }]);
    this.#log?.info({ key, candidate: fresh, from: winner.candidate }, "selector candidate learned");
    await this.#emit({ type: "selector.learned", key, candidate: fresh, from: { strategy: winner.strategy, candidate: winner.candidate } });
    return "learned";
  }

  async #miss(scope: SelectorScope, key: string): Promise<NudgeError> {
    this.#counter?.inc({ key, outcome: "miss" });
    const page = pageOf(scope);
    const url = safeUrl(page.url());
    const artifacts = await this.saveArtifacts(page, key).catch((error: unknown) => {
      this.#log?.warn({ key, err: String(error).split("\n")[0] }, "could not save selector-miss artifacts");
      return { screenshot: null, html: null };
    });
    this.#log?.warn({ key, url, ...artifacts }, "selector miss");
    await this.#emit({ type: "selector.miss", key, url, ...artifacts });
    return new NudgeError("SELECTOR_MISSING", `no candidate for ${key} matched on ${url}`, { details: { key, url, ...artifacts } });
  }

  /**
   * A screenshot and the sanitized HTML of the page, under `<dataDir>/artifacts/<runId>/`.
   * Returns paths relative to the data directory.
   */
  async saveArtifacts(page: Page, label: string): Promise<{ screenshot: string | null; html: string | null }> {
    await mkdir(this.#artifactsDir, { recursive: true });
    const stamp = this.#clock.now().toISOString().replace(/[:.]/g, "-");
    const base = join(this.#artifactsDir, `${stamp}-${String(++this.#artifactSeq).padStart(3, "0")}-${label.replace(/[^\w.-]/g, "_")}`);
    const secrets = (await page.context().cookies()).map((c) => c.value);
    let html: string | null = `${base}.html`;
    try {
      await writeFile(html, sanitizeHtml(await page.content(), secrets), { mode: 0o600 });
    } catch {
      html = null;
    }
    let screenshot: string | null = `${base}.png`;
    try {
      await page.screenshot({ path: screenshot, timeout: 5_000 });
    } catch {
      screenshot = null;
    }
    const rel = (p: string | null) => (p ? relative(this.#dataDir, p) : null);
    return { screenshot: rel(screenshot), html: rel(html) };
  }

  async #emit(event: SelectorEvent): Promise<void> {
    try {
      await this.#onEvent?.(event);
    } catch (error) {
      this.#log?.warn({ err: String(error) }, "selector event handler failed");
    }
  }
}

/** Outcomes of many reads, written at once. */
class Tally {
  readonly successes = new Map<number, { key: string; count: number }>();
  readonly failures = new Map<number, { key: string; count: number }>();
  readonly outcomes = new Map<string, number>();
  readonly fallbacks = new Map<string, SelectorEvent>();

  win(key: string, row: SelectorRow, rank: number, failed: number[]): void {
    const add = (map: Map<number, { key: string; count: number }>, id: number) => {
      const entry = map.get(id);
      if (entry) entry.count++;
      else map.set(id, { key, count: 1 });
    };
    add(this.successes, row.id);
    for (const id of failed) add(this.failures, id);
    const outcome: SelectorOutcome = rank === 0 ? "hit" : "fallback";
    const label = `${key}\u0000${outcome}`;
    this.outcomes.set(label, (this.outcomes.get(label) ?? 0) + 1);
    if (outcome === "fallback") this.fallbacks.set(`${key}\u0000${row.id}`, { type: "selector.fallback", key, candidate: row.candidate, strategy: row.strategy });
  }
}

async function readValue(element: Locator, read: ReadRequest["read"]): Promise<string | boolean> {
  if (read === "exists") return true;
  if (read === "href") return (await element.getAttribute("href")) ?? "";
  return element.evaluate(elementText);
}

async function filterAccepted(matches: Locator[], accept: (element: Locator) => Promise<boolean>): Promise<Locator[]> {
  const kept: Locator[] = [];
  for (const m of matches) if (await accept(m).catch(() => false)) kept.push(m);
  return kept;
}

function hrefAccept(pattern: RegExp): (element: Locator) => Promise<boolean> {
  return async (element) => pattern.test((await element.getAttribute("href", { timeout: 1_000 })) ?? "");
}

function isPage(scope: SelectorScope): scope is Page {
  return !("page" in scope && typeof scope.page === "function");
}

export function pageOf(scope: SelectorScope): Page {
  return "page" in scope && typeof scope.page === "function" ? (scope as Locator).page() : (scope as Page);
}

/** Origin and path only: query strings can carry tokens. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "about:blank";
  }
}
