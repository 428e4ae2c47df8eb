// What Node and the page exchange. The page half (`page-functions.js`) takes its types from this
// file through JSDoc imports, so both halves are type-checked against one definition. Nothing
// here may depend on Node or the DOM: it is compiled into both programs. Types that name an
// element take it as a parameter (`E`): an `ElementHandle` on the Node side, an `Element` in the
// page.

/** The original bot's scored heuristic, as JSON in a `heuristic` candidate (docs/linkedin-pages.md). */
export interface HeuristicConfig {
  /** CSS for the elements to score, inside the scope. */
  candidates: string;
  positive?: string[];
  negative?: string[];
  weights?: { text?: number; visible?: number; aria?: number };
  threshold?: number;
  /** Text length bounds for elements that qualify at all (names, dates). */
  minLength?: number;
  maxLength?: number;
}

/**
 * The batch-read protocol: per candidate, in rank order, one letter of `ReadKeyResult.statuses`
 * says what the page could tell about it. Letters keep the answer for a page of cards small.
 */
export const READ_STATUS = {
  /** A visible match: the scan stopped there and `value` was read from it. */
  matched: "h",
  /** No visible match. */
  noMatch: "m",
  /** Only Playwright can tell: a role or text candidate that could not be ruled out, Playwright-only CSS. */
  askPlaywright: "p",
} as const;

export type ReadStatus = (typeof READ_STATUS)[keyof typeof READ_STATUS];

/** A candidate as the batch read sees it; `role` carries what is needed to rule it out in the page. */
export type ReadCandidateSpec =
  | { strategy: "css"; css: string }
  | { strategy: "heuristic"; config: HeuristicConfig }
  | { strategy: "role"; role: string; name?: { source: string; flags: string } | { exact: string }; level?: number }
  | { strategy: "other" };

/** One logical key of a batch read: its ranked candidates and what to read from the winner. */
export interface ReadKeySpec {
  interactive: boolean;
  read: "text" | "href" | "exists";
  /** A regex source the winner's href must match (e.g. a profile link). */
  hrefPattern?: string;
  candidates: ReadCandidateSpec[];
}

/** `statuses` holds one `ReadStatus` letter per candidate the page looked at. */
export interface ReadKeyResult {
  statuses: string;
  value: string | boolean | null;
}

export interface ClickCheck {
  ok: boolean;
  reason?: string;
}

/** Every call the page understands; `op` picks the function. */
export type InPageCall<E> =
  | { op: "visibleIndices"; interactive: boolean; all: boolean }
  | { op: "heuristicPick"; config: HeuristicConfig; interactive: boolean }
  | { op: "deriveCssCandidates"; scope: E | null; interactive: boolean }
  | { op: "clickCheck" }
  | { op: "elementText" }
  | { op: "scrollContainer" }
  | { op: "listEnds" }
  | { op: "signalTexts" }
  | { op: "cssProbe"; list: string[]; interactive: boolean; has?: string }
  | { op: "readKeys"; keys: ReadKeySpec[]; codes: typeof READ_STATUS }
  | {
      op: "readEach";
      listCss: string;
      listInteractive: boolean;
      listHas?: string;
      from: number;
      keys: ReadKeySpec[];
      codes: typeof READ_STATUS;
    };

/** What each call answers. */
export interface InPageResult {
  visibleIndices: number[];
  heuristicPick: number;
  deriveCssCandidates: string[];
  clickCheck: ClickCheck;
  elementText: string;
  /** Whether an element that scrolls (not the window) was scrolled. */
  scrollContainer: boolean;
  listEnds: boolean;
  signalTexts: { regions: string; body: string | null };
  cssProbe: number[];
  readKeys: ReadKeyResult[];
  readEach: { count: number; items: ReadKeyResult[][] };
}
