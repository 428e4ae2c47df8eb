import type { SelectorRow } from "@nudge/db";
import type { Locator } from "playwright-core";
import { firstLine } from "../../errors/first-line.js";
import { deriveCssCandidates } from "../in-page/in-page.js";
import { isPage, type SelectorScope } from "./candidate.js";
import type { LookupKey } from "./catalog.js";
import type { EngineParts } from "./resolution.js";
import type { SelectorOutcome } from "./selector-metrics.js";

/**
 * When a role, text or heuristic candidate found the element after higher ones failed, a plain
 * CSS selector for that element is derived in the page, verified to select it, and stored as a
 * `learned` candidate: the next lookup is one cheap query again (docs/architecture.md#selector-strategy).
 * The outcome is `learned` for a new candidate, `fallback` when nothing new could be derived.
 */
export async function learnCssCandidate(
  parts: EngineParts,
  key: LookupKey,
  winner: SelectorRow,
  element: Locator,
  scope: SelectorScope,
  interactive: boolean,
): Promise<SelectorOutcome> {
  const { book, emit, log } = parts;
  let derived: string[] = [];
  try {
    const scopeHandle = isPage(scope) ? null : await scope.elementHandle({ timeout: 1000 });
    derived = await deriveCssCandidates(element, { scope: scopeHandle, interactive });
    await scopeHandle?.dispose();
  } catch (error) {
    log?.debug({ key, err: firstLine(error) }, "could not derive a css candidate");
  }
  const fallback = { type: "selector.fallback", key, candidate: winner.candidate, strategy: winner.strategy } as const;
  const rows = book.stored(key);
  const stored = derived.find((css) => rows.some((r) => r.strategy === "css" && r.candidate === css && !r.disabled));
  if (stored) {
    // Already a candidate that simply ranked lower: credit it, nothing to learn.
    const row = rows.find((r) => r.strategy === "css" && r.candidate === stored);
    if (row) await book.recordSuccess(key, row.id);
    await emit(fallback);
    return "fallback";
  }
  const fresh = derived.find((css) => !rows.some((r) => r.strategy === "css" && r.candidate === css));
  if (!fresh) {
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
