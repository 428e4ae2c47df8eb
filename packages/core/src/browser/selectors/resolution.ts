import type { SelectorRow } from "@nudge/db";
import type { Logger } from "pino";
import type { Locator } from "playwright-core";
import { firstLine } from "../../errors/first-line.js";
import { NudgeError } from "../../errors/nudge-error.js";
import { pollUntil } from "../../time/poll-until.js";
import { cssProbe, heuristicPick, visibleIndices } from "../in-page/in-page.js";
import type { CandidateBook } from "./candidate-book.js";
import { pageOf, type CompiledCandidate, type SelectorScope } from "./candidate.js";
import { isInteractiveKey, type LookupKey } from "./catalog.js";
import { learnCssCandidate } from "./learning.js";
import type { SelectorEvent } from "./selector-events.js";
import type { SelectorMetrics, SelectorOutcome } from "./selector-metrics.js";

/** What the lookup modules of one engine share. */
export interface EngineParts {
  book: CandidateBook;
  metrics: SelectorMetrics;
  emit: (event: SelectorEvent) => Promise<void>;
  log: Logger | undefined;
  /** The pause between two passes while a lookup waits for its element (ms). */
  pollMs: number;
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

export interface Resolution {
  locator: Locator;
  all: Locator[];
  outcome: SelectorOutcome;
  candidate: Pick<SelectorRow, "id" | "strategy" | "candidate" | "source">;
}

export interface LookupOptions extends ResolveOptions {
  /** Every visible match, not only the first. */
  all: boolean;
  timeoutMs: number;
  /** Absence is a normal answer: a lookup that finds nothing records no failure. */
  optional: boolean;
}

/**
 * The ranking loop: tries the key's candidates best first until one has a visible match that
 * satisfies `accept` and `has`, passing again until `timeoutMs`. Outcomes update the counters,
 * so a candidate that stops working sinks and the one that took over rises. Null when nothing
 * matched in time.
 */
export async function lookup(
  parts: EngineParts,
  scope: SelectorScope,
  key: LookupKey,
  options: LookupOptions,
): Promise<Resolution | null> {
  const failed = new Set<number>();
  const found = await pollUntil(
    () => onePass(parts, scope, key, options, failed),
    (r) => r !== null,
    {
      timeoutMs: options.timeoutMs,
      intervalMs: parts.pollMs,
    },
  );
  // An optional lookup that found nothing says nothing about its candidates.
  if (!found && !options.optional) await parts.book.recordFailures(key, [...failed]);
  return found;
}

async function onePass(
  parts: EngineParts,
  scope: SelectorScope,
  key: LookupKey,
  options: LookupOptions,
  failed: Set<number>,
): Promise<Resolution | null> {
  const { book } = parts;
  const interactive = isInteractiveKey(key);
  const { all, has, accept } = options;
  const ranked = await book.ranked(key);
  if (ranked.length === 0)
    throw new NudgeError("SELECTOR_MISSING", `no selector candidates are stored for ${key}`, { details: { key } });
  // Steady state: the top candidate worked last time, so try it before probing the rest.
  const top = ranked[0] as SelectorRow;
  const topCompiled = book.compile(top);
  const topHealthy =
    top.lastSuccessAt !== null && (top.lastFailureAt === null || top.lastSuccessAt >= top.lastFailureAt);
  let tried: number | null = null;
  if (topHealthy && topCompiled) {
    const matches = await acceptedMatches(parts, scope, topCompiled, { interactive, all, has }, accept);
    if (matches[0]) {
      const outcome = await settle(parts, key, {
        winner: top,
        rank: 0,
        failed,
        element: matches[0],
        scope,
        interactive,
        has,
      });
      return { locator: matches[0], all: matches, outcome, candidate: top };
    }
    failed.add(top.id);
    tried = top.id;
  }
  const probe = await probeCss(parts, scope, ranked, interactive, has);
  for (const [rank, row] of ranked.entries()) {
    if (row.id === tried) continue;
    const compiled = book.compile(row);
    if (!compiled) continue;
    if (probe.get(row.id) === 0) {
      failed.add(row.id);
      continue;
    }
    const matches = await acceptedMatches(parts, scope, compiled, { interactive, all, has }, accept);
    if (!matches[0]) {
      failed.add(row.id);
      continue;
    }
    failed.delete(row.id);
    const outcome = await settle(parts, key, {
      winner: row,
      rank,
      failed,
      element: matches[0],
      scope,
      interactive,
      has,
    });
    return { locator: matches[0], all: matches, outcome, candidate: row };
  }
  return null;
}

/** The visible matches of one candidate in `scope` (the first only unless `all`). */
export async function tryCandidate(
  parts: EngineParts,
  scope: SelectorScope,
  compiled: CompiledCandidate,
  options: { interactive: boolean; all: boolean; has?: string },
): Promise<Locator[]> {
  const located = compiled.locate(scope);
  const base = options.has ? located.filter({ has: pageOf(scope).locator(options.has) }) : located;
  try {
    if (compiled.strategy === "heuristic") {
      const index = await heuristicPick(base, { config: compiled.config, interactive: options.interactive });
      return index >= 0 ? [base.nth(index)] : [];
    }
    const indices = await visibleIndices(base, { interactive: options.interactive, all: options.all });
    return indices.map((i) => base.nth(i));
  } catch (error) {
    // A broken CSS candidate or a navigation under our feet: no match this pass.
    parts.log?.debug({ err: firstLine(error) }, "selector candidate errored");
    return [];
  }
}

/** `tryCandidate`, keeping only the matches `accept` takes. */
export async function acceptedMatches(
  parts: EngineParts,
  scope: SelectorScope,
  compiled: CompiledCandidate,
  options: { interactive: boolean; all: boolean; has?: string },
  accept: ResolveOptions["accept"],
): Promise<Locator[]> {
  const matches = await tryCandidate(parts, scope, compiled, options);
  if (!accept || matches.length === 0) return matches;
  const kept: Locator[] = [];
  for (const m of matches) if (await accept(m).catch(() => false)) kept.push(m);
  return kept;
}

/** Which CSS candidates can be skipped without a Playwright round trip each (0 = no visible match). */
async function probeCss(
  parts: EngineParts,
  scope: SelectorScope,
  ranked: SelectorRow[],
  interactive: boolean,
  has?: string,
): Promise<Map<number, number>> {
  const rows = ranked.filter((r) => r.strategy === "css");
  const result = new Map<number, number>();
  if (rows.length < 2) return result;
  try {
    const flags = await cssProbe(scope, { list: rows.map((r) => r.candidate), interactive, has });
    rows.forEach((r, i) => result.set(r.id, flags[i] ?? -1));
  } catch {
    // The scope is gone or the page navigated: every candidate gets its own try.
  }
  return result;
}

/** Records a win: the candidates that failed before it, its success, the outcome, learning. */
async function settle(
  parts: EngineParts,
  key: LookupKey,
  win: {
    winner: SelectorRow;
    rank: number;
    failed: Set<number>;
    element: Locator;
    scope: SelectorScope;
    interactive: boolean;
    has?: string;
  },
): Promise<SelectorOutcome> {
  const { winner, rank } = win;
  await parts.book.recordFailures(key, [...win.failed]);
  await parts.book.recordSuccess(key, winner.id);
  let outcome: SelectorOutcome = rank === 0 ? "hit" : "fallback";
  if (rank > 0 && winner.strategy !== "css")
    outcome = await learnCssCandidate(parts, key, winner, win.element, win.scope, {
      interactive: win.interactive,
      has: win.has,
    });
  else if (rank > 0)
    await parts.emit({ type: "selector.fallback", key, candidate: winner.candidate, strategy: winner.strategy });
  parts.metrics.count(key, outcome);
  return outcome;
}
