/**
 * The batch reads: several keys, or several keys in every item of a list, in one round trip in
 * the common case. CSS and heuristic candidates run together in the page, in rank order; role
 * candidates are ruled out there when nothing could match; each candidate comes back with a
 * `READ_STATUS` letter. Playwright is asked only about the candidates the page could not settle,
 * and a key whose winner must be learned, or that is missing and not optional, takes the regular
 * path (`resolve` / `find`), so counters, outcomes and metrics are the same as one lookup each.
 */
import type { SelectorRow } from "@nudge/db";
import type { Locator, Page } from "playwright-core";
import { elementText, readEach as readEachInPage, readKeys } from "../in-page/in-page.js";
import {
  READ_STATUS,
  type ReadCandidateSpec,
  type ReadKeyResult,
  type ReadKeySpec,
  type ReadStatus,
} from "../in-page/protocol.js";
import type { SelectorScope } from "./candidate.js";
import { isInteractiveKey, type LookupKey } from "./catalog.js";
import { acceptedMatches, lookup, type EngineParts, type ResolveOptions } from "./resolution.js";
import type { SelectorEvent } from "./selector-events.js";
import type { SelectorOutcome } from "./selector-metrics.js";

/** One value a batch read fetches: the text or href of a key's element, or whether it exists. */
export interface ReadRequest {
  key: LookupKey;
  read: "text" | "href" | "exists";
  /** Regex source the element's href must match (see `ResolveOptions.accept`). */
  hrefPattern?: string;
  /** Absent is a normal answer (null / false); otherwise a miss throws SELECTOR_MISSING. */
  optional?: boolean;
  /** Poll this long before a miss (non-optional keys only). */
  timeoutMs?: number;
}

export type ReadValues = Map<LookupKey, string | boolean | null>;

/** The regular lookups a key falls back to (the engine's own, with miss artifacts). */
export interface RegularPath {
  resolve(scope: SelectorScope, key: LookupKey, options: ResolveOptions): Promise<Locator>;
  find(scope: SelectorScope, key: LookupKey, options: ResolveOptions): Promise<Locator | null>;
}

export async function readMany(
  parts: EngineParts,
  regular: RegularPath,
  scope: SelectorScope,
  requests: readonly ReadRequest[],
): Promise<ReadValues> {
  const ranked = await Promise.all(requests.map((r) => parts.book.ranked(r.key)));
  const keys = requests.map((r, i) => readSpec(parts, r, ranked[i] ?? []));
  let results: ReadKeyResult[] | null = null;
  try {
    results = await readKeys(scope, keys);
  } catch {
    results = null;
  }
  const tally = new Tally();
  const out: ReadValues = new Map();
  for (const [i, request] of requests.entries()) {
    const unsettled = { statuses: READ_STATUS.askPlaywright.repeat(ranked[i]?.length ?? 0), value: null };
    out.set(
      request.key,
      await decide(parts, regular, scope, request, ranked[i] ?? [], results?.[i] ?? unsettled, tally),
    );
  }
  await flush(parts, tally);
  return out;
}

/**
 * `readMany` for every item of a list (cards, results) from item `from` on, in one round trip
 * for the whole list when the list key's winning candidate is plain CSS.
 */
export async function readEach(
  parts: EngineParts,
  regular: RegularPath,
  page: Page,
  listKey: LookupKey,
  requests: readonly ReadRequest[],
  options: { from?: number; has?: string } = {},
): Promise<{ count: number; items: Array<{ locator: Locator; values: ReadValues }> }> {
  const from = options.from ?? 0;
  const list = await lookup(parts, page, listKey, { all: true, timeoutMs: 0, optional: true, has: options.has });
  if (!list) return { count: 0, items: [] };
  const ranked = await Promise.all(requests.map((r) => parts.book.ranked(r.key)));
  let batch: { count: number; items: ReadKeyResult[][] } | null = null;
  if (list.candidate.strategy === "css") {
    const keys = requests.map((r, i) => readSpec(parts, r, ranked[i] ?? []));
    const listInteractive = isInteractiveKey(listKey);
    try {
      batch = await readEachInPage(page, {
        listCss: list.candidate.candidate,
        listInteractive,
        listHas: options.has,
        from,
        keys,
      });
    } catch {
      batch = null; // the page moved under us: per item below
    }
    // The list may have grown between the two calls (lazy loading appends): the first items are
    // still the same elements. If it shrank, it was re-rendered: per item below.
    if (batch && batch.count < list.all.length) batch = null;
  }
  const tally = new Tally();
  const items: Array<{ locator: Locator; values: ReadValues }> = [];
  for (const [k, locator] of list.all.slice(from).entries()) {
    const results = batch?.items[k];
    if (!results) {
      items.push({ locator, values: await readMany(parts, regular, locator, requests) });
      continue;
    }
    const values: ReadValues = new Map();
    for (const [i, request] of requests.entries()) {
      const result = results[i] ?? { statuses: "", value: null };
      values.set(request.key, await decide(parts, regular, locator, request, ranked[i] ?? [], result, tally));
    }
    items.push({ locator, values });
  }
  await flush(parts, tally);
  return { count: list.all.length, items };
}

function readSpec(parts: EngineParts, request: ReadRequest, rows: SelectorRow[]): ReadKeySpec {
  return {
    interactive: isInteractiveKey(request.key),
    read: request.read,
    hrefPattern: request.hrefPattern,
    candidates: rows.map((row): ReadCandidateSpec => {
      const compiled = parts.book.compile(row);
      if (compiled?.strategy === "css") return { strategy: "css", css: row.candidate };
      if (compiled?.strategy === "heuristic") return { strategy: "heuristic", config: compiled.config };
      if (compiled?.strategy === "role") {
        const { name } = compiled;
        const spec =
          name instanceof RegExp
            ? { source: name.source, flags: name.flags }
            : name !== undefined
              ? { exact: name }
              : undefined;
        return { strategy: "role", role: compiled.role, name: spec, level: compiled.level };
      }
      return { strategy: "other" };
    }),
  };
}

/** Settles one key from its in-page statuses, asking Playwright only where the page could not. */
async function decide(
  parts: EngineParts,
  regular: RegularPath,
  scope: SelectorScope,
  request: ReadRequest,
  rows: SelectorRow[],
  result: ReadKeyResult,
  tally: Tally,
): Promise<string | boolean | null> {
  const interactive = isInteractiveKey(request.key);
  const accept = request.hrefPattern ? hrefAccept(new RegExp(request.hrefPattern)) : undefined;
  const failed: number[] = [];
  for (const [i, row] of rows.entries()) {
    const status = (result.statuses[i] ?? READ_STATUS.askPlaywright) as ReadStatus;
    if (status === READ_STATUS.noMatch) {
      failed.push(row.id);
      continue;
    }
    if (status === READ_STATUS.matched) {
      if (i > 0 && row.strategy !== "css") return slowRead(regular, scope, request);
      tally.win(request.key, row, i, failed);
      return result.value;
    }
    const compiled = parts.book.compile(row);
    if (!compiled) continue;
    const matches = await acceptedMatches(parts, scope, compiled, { interactive, all: false }, accept);
    if (!matches[0]) {
      failed.push(row.id);
      continue;
    }
    // A fallback that is not CSS gets learned: the regular path does that.
    if (i > 0 && row.strategy !== "css") return slowRead(regular, scope, request);
    tally.win(request.key, row, i, failed);
    return readValue(matches[0], request.read);
  }
  if (request.optional) return request.read === "exists" ? false : null;
  return slowRead(regular, scope, request);
}

async function slowRead(
  regular: RegularPath,
  scope: SelectorScope,
  request: ReadRequest,
): Promise<string | boolean | null> {
  const accept = request.hrefPattern ? hrefAccept(new RegExp(request.hrefPattern)) : undefined;
  const element = request.optional
    ? await regular.find(scope, request.key, { accept, timeoutMs: request.timeoutMs ?? 0 })
    : await regular.resolve(scope, request.key, { accept, timeoutMs: request.timeoutMs });
  if (!element) return request.read === "exists" ? false : null;
  return readValue(element, request.read);
}

/** Writes a batch of outcomes: one UPDATE per candidate, whatever the number of items. */
async function flush(parts: EngineParts, tally: Tally): Promise<void> {
  await parts.book.recordCounts(tally.successes, tally.failures);
  for (const [label, count] of tally.outcomes) {
    const [key, outcome] = label.split("\u0000") as [LookupKey, SelectorOutcome];
    parts.metrics.count(key, outcome, count);
  }
  for (const event of tally.fallbacks.values()) await parts.emit(event);
}

/** Outcomes of many reads, written at once. */
class Tally {
  readonly successes = new Map<number, { key: LookupKey; count: number }>();
  readonly failures = new Map<number, { key: LookupKey; count: number }>();
  readonly outcomes = new Map<string, number>();
  readonly fallbacks = new Map<string, SelectorEvent>();

  win(key: LookupKey, row: SelectorRow, rank: number, failed: number[]): void {
    const add = (map: Map<number, { key: LookupKey; count: number }>, id: number) => {
      const entry = map.get(id);
      if (entry) entry.count++;
      else map.set(id, { key, count: 1 });
    };
    add(this.successes, row.id);
    for (const id of failed) add(this.failures, id);
    const outcome: SelectorOutcome = rank === 0 ? "hit" : "fallback";
    const label = `${key}\u0000${outcome}`;
    this.outcomes.set(label, (this.outcomes.get(label) ?? 0) + 1);
    if (outcome === "fallback") {
      this.fallbacks.set(`${key}\u0000${row.id}`, {
        type: "selector.fallback",
        key,
        candidate: row.candidate,
        strategy: row.strategy,
      });
    }
  }
}

async function readValue(element: Locator, read: ReadRequest["read"]): Promise<string | boolean> {
  if (read === "exists") return true;
  if (read === "href") return (await element.getAttribute("href")) ?? "";
  return elementText(element);
}

function hrefAccept(pattern: RegExp): (element: Locator) => Promise<boolean> {
  return async (element) => pattern.test((await element.getAttribute("href", { timeout: 1_000 })) ?? "");
}
