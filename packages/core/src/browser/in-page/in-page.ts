// The Node side of `page-functions.js`: one typed function per call the page understands.
import { readFileSync } from "node:fs";
import type { ElementHandle, Locator, Page } from "playwright-core";
import { isPage, type SelectorScope } from "../selectors/candidate.js";
import { READ_STATUS, type InPageCall, type InPageResult, type ReadKeySpec } from "./protocol.js";

type Call = InPageCall<ElementHandle | null>;
/** What Playwright is handed; the calls are typed by the functions below. */
type PageFunction = (first: unknown, second?: unknown) => unknown;

let loaded: PageFunction | undefined;

/**
 * Playwright ships a function to the page as its source text (`String(fn)`). The file, read once,
 * becomes the source of one function object: its function declaration, in parentheses, is the
 * function Playwright evaluates. So the page runs exactly the file: no transpiler helpers (tsx's
 * `__name` does not exist in the page), no `new Function`, and no global left in LinkedIn's page
 * for it to notice (docs/decisions/in-page-scripts.md). The file sits next to this module in
 * `src/` and in `dist/` (the build copies it).
 */
function pageFunction(): PageFunction {
  if (!loaded) {
    const source = `(${readFileSync(new URL("./page-functions.js", import.meta.url), "utf8")}\n)`;
    const fn: PageFunction = () => {
      throw new Error("page-functions.js runs in the page only");
    };
    fn.toString = () => source;
    loaded = fn;
  }
  return loaded;
}

/** Calls the page with `call`, on one element, on every match of a locator, or on the document. */
async function onElement<K extends Call["op"]>(
  element: Locator,
  call: Extract<Call, { op: K }>,
  options?: { timeout?: number },
): Promise<InPageResult[K]> {
  return (await element.evaluate(pageFunction(), call, options)) as InPageResult[K];
}

async function onEach<K extends Call["op"]>(
  elements: Locator,
  call: Extract<Call, { op: K }>,
): Promise<InPageResult[K]> {
  return (await elements.evaluateAll(pageFunction(), call)) as InPageResult[K];
}

async function onScope<K extends Call["op"]>(
  scope: SelectorScope,
  call: Extract<Call, { op: K }>,
): Promise<InPageResult[K]> {
  const result = isPage(scope)
    ? await scope.evaluate(pageFunction(), call)
    : await scope.evaluate(pageFunction(), call);
  return result as InPageResult[K];
}

/** Indices of the matches that are really visible (the first only unless `all`). */
export function visibleIndices(matches: Locator, options: { interactive: boolean; all: boolean }): Promise<number[]> {
  return onEach(matches, { op: "visibleIndices", ...options });
}

/** The index of the match the scored heuristic picks, or -1. */
export function heuristicPick(
  matches: Locator,
  options: Omit<Extract<Call, { op: "heuristicPick" }>, "op">,
): Promise<number> {
  return onEach(matches, { op: "heuristicPick", ...options });
}

/**
 * Plain-CSS selectors that find `element` again inside `scope` (or the document), most stable
 * first, each verified to select that very element as the first visible match.
 */
export function deriveCssCandidates(
  element: Locator,
  options: { scope: ElementHandle | null; interactive: boolean },
): Promise<string[]> {
  return onElement(element, { op: "deriveCssCandidates", ...options });
}

/** Why the element must not be clicked (the honeypot rules), or ok. */
export function clickCheck(element: Locator, options: { timeout?: number } = {}): Promise<InPageResult["clickCheck"]> {
  return onElement(element, { op: "clickCheck" }, options);
}

/** Scrolls the element's own scrolling ancestor by a screen; false when only the window scrolls. */
export function scrollContainer(element: Locator): Promise<boolean> {
  return onElement(element, { op: "scrollContainer" });
}

/** Whether the element is the last item of a list that shows nothing after it (see page-functions.js). */
export function listEnds(element: Locator): Promise<boolean> {
  return onElement(element, { op: "listEnds" });
}

/** The element's text, whitespace collapsed. */
export function elementText(element: Locator): Promise<string> {
  return onElement(element, { op: "elementText" });
}

/** The text a warning-sign check reads: banners and dialogs, and the body of a bare page. */
export function signalTexts(page: Page): Promise<InPageResult["signalTexts"]> {
  return onScope(page, { op: "signalTexts" });
}

/**
 * For each CSS candidate: 1 when it has a visible match in `scope`, 0 when not, -1 when the
 * browser cannot parse it (Playwright-only syntax). One round trip rules out every dead one.
 */
export function cssProbe(
  scope: SelectorScope,
  options: { list: string[]; interactive: boolean; has?: string },
): Promise<number[]> {
  return onScope(scope, { op: "cssProbe", ...options });
}

/** Several keys inside one scope, in one round trip (the batch-read protocol, `protocol.ts`). */
export function readKeys(scope: SelectorScope, keys: ReadKeySpec[]): Promise<InPageResult["readKeys"]> {
  return onScope(scope, { op: "readKeys", keys, codes: READ_STATUS });
}

/**
 * The same keys inside each visible match of `listCss` (the k-th match is the k-th item), from
 * item `from` on: one round trip for a whole page of cards.
 */
export function readEach(
  page: Page,
  options: { listCss: string; listInteractive: boolean; listHas?: string; from: number; keys: ReadKeySpec[] },
): Promise<InPageResult["readEach"]> {
  return onScope(page, { op: "readEach", ...options, codes: READ_STATUS });
}
