import type { SelectorRow } from "@nudge/db";
import type { Locator } from "playwright-core";
import { firstLine } from "../../errors/first-line.js";
import { deriveCssCandidates } from "../in-page/in-page.js";
import { compileCandidate, isPage, type CompiledCandidate, type SelectorScope } from "./candidate.js";
import type { LookupKey } from "./catalog.js";
import { tryCandidate, type EngineParts } from "./resolution.js";
import type { SelectorOutcome } from "./selector-metrics.js";

/** Learned candidates a key may have at once: a key that needs more is changing too fast to learn. */
export const MAX_LEARNED_PER_KEY = 3;
/** Peers of the scope (the other cards of the list) a derived selector is checked on. */
const MAX_PEERS = 6;

/**
 * When a role, text or heuristic candidate found the element after higher ones failed, a plain
 * CSS selector for that element is derived in the page and stored as a `learned` candidate, so
 * the next lookup is one cheap query again (docs/linkedin-pages.md#selector-strategies). Only a
 * selector that generalises is stored: in the scope it must select exactly the elements the
 * fallback selects (all the cards, not the one card it came from), and in the scope's peers
 * (the other cards of the list) the element the fallback finds there. A key holds at most
 * `MAX_LEARNED_PER_KEY` learned candidates; the book retires the ones that stop working.
 * The outcome is `learned` for a new candidate, `fallback` otherwise.
 */
export async function learnCssCandidate(
  parts: EngineParts,
  key: LookupKey,
  winner: SelectorRow,
  element: Locator,
  scope: SelectorScope,
  options: { interactive: boolean; has?: string },
): Promise<SelectorOutcome> {
  const { book, emit, log } = parts;
  const fallback = { type: "selector.fallback", key, candidate: winner.candidate, strategy: winner.strategy } as const;
  const rows = book.stored(key);
  const learnedRows = rows.filter((r) => r.source === "learned" && !r.disabled);
  if (book.learningGaveUp(key) || learnedRows.length >= MAX_LEARNED_PER_KEY) {
    await emit(fallback);
    return "fallback";
  }
  let derived: string[] = [];
  try {
    const scopeHandle = isPage(scope) ? null : await scope.elementHandle({ timeout: 1000 });
    derived = await deriveCssCandidates(element, { scope: scopeHandle, interactive: options.interactive });
    await scopeHandle?.dispose();
  } catch (error) {
    log?.debug({ key, err: firstLine(error) }, "could not derive a css candidate");
  }
  const stored = derived.find((css) => rows.some((r) => r.strategy === "css" && r.candidate === css && !r.disabled));
  if (stored) {
    // Already a candidate that simply ranked lower: credit it, nothing to learn.
    const row = rows.find((r) => r.strategy === "css" && r.candidate === stored);
    if (row) await book.recordSuccess(key, row.id);
    await emit(fallback);
    return "fallback";
  }
  const winnerCompiled = book.compile(winner);
  let fresh: string | undefined;
  for (const css of derived.filter((c) => !rows.some((r) => r.strategy === "css" && r.candidate === c))) {
    if (winnerCompiled && (await generalises(parts, scope, winnerCompiled, css, options))) {
      fresh = css;
      break;
    }
  }
  if (!fresh) {
    if (derived.length > 0) book.learningRejected(key);
    await emit(fallback);
    return "fallback";
  }
  await book.learn(key, fresh);
  log?.info({ key, candidate: fresh, from: winner.candidate }, "selector candidate learned");
  await emit({
    type: "selector.learned",
    key,
    candidate: fresh,
    from: { strategy: winner.strategy, candidate: winner.candidate },
  });
  return "learned";
}

/**
 * Whether `css` selects what the fallback selects: the same elements in `scope`, and in each
 * peer of `scope` (its siblings of the same tag and role: the other cards) where the fallback
 * finds something, the same element.
 */
async function generalises(
  parts: EngineParts,
  scope: SelectorScope,
  fallback: CompiledCandidate,
  css: string,
  options: { interactive: boolean; has?: string },
): Promise<boolean> {
  let candidate: CompiledCandidate;
  try {
    candidate = compileCandidate("css", css);
  } catch {
    return false;
  }
  const every = { interactive: options.interactive, all: true, has: options.has };
  const inScope = await Promise.all([
    tryCandidate(parts, scope, fallback, every),
    tryCandidate(parts, scope, candidate, every),
  ]);
  if (!(await sameElements(inScope[0], inScope[1]))) return false;
  if (isPage(scope)) return true;

  const peers = await peersOf(scope);
  const first = { interactive: options.interactive, all: false, has: options.has };
  for (const peer of peers) {
    const [want] = await tryCandidate(parts, peer, fallback, first);
    if (!want) continue;
    const [got] = await tryCandidate(parts, peer, candidate, first);
    if (!got || !(await sameElements([want], [got]))) return false;
  }
  return true;
}

/** The scope's siblings with its tag and role (the other cards of its list), at most `MAX_PEERS`. */
async function peersOf(scope: Locator): Promise<Locator[]> {
  try {
    const shape = await scope.evaluate(
      (el: unknown) => {
        const e = el as { tagName: string; getAttribute(name: string): string | null };
        return { tag: e.tagName.toLowerCase(), role: e.getAttribute("role") };
      },
      undefined,
      { timeout: 1_000 },
    );
    const css = `:scope > ${shape.tag}${shape.role ? `[role="${shape.role.replace(/"/g, "")}"]` : ""}`;
    const siblings = scope.locator("xpath=..").locator(css);
    const n = Math.min(await siblings.count(), MAX_PEERS + 1);
    return Array.from({ length: n }, (_, i) => siblings.nth(i));
  } catch {
    return [];
  }
}

/** Same elements, in the same order (both lists are in document order). */
async function sameElements(a: Locator[], b: Locator[]): Promise<boolean> {
  if (a.length !== b.length) return false;
  for (const [i, x] of a.entries()) {
    const y = b[i];
    if (!y) return false;
    const handle = await y.elementHandle({ timeout: 1_000 }).catch(() => null);
    if (!handle) return false;
    try {
      const same = await x.evaluate((el: unknown, other: unknown) => el === other, handle, { timeout: 1_000 });
      if (!same) return false;
    } catch {
      return false;
    } finally {
      await handle.dispose();
    }
  }
  return true;
}
