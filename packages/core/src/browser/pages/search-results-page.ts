import type { Logger } from "pino";
import type { Locator, Page } from "playwright-core";
import { pollUntil } from "../../time/poll-until.js";
import { elementText } from "../in-page/in-page.js";
import type { SelectorKey } from "../selectors/catalog.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { canonicalProfile, isProfileLink, linkedinUrls, type PeopleSearchQuery } from "./linkedin-urls.js";
import { openLinkedInPage } from "./navigation.js";

export interface SearchResult {
  name: string;
  profileUrl: string;
  publicId: string;
  headline: string;
  location: string;
  locator: Locator;
}

export interface SearchResultsPageOptions {
  engine: SelectorEngine;
  baseUrl: string;
  log?: Logger;
  navigationTimeoutMs?: number;
  /** How long results (or "No results found") may take to show (ms). */
  contentTimeoutMs?: number;
}

/**
 * People search results. Pages are opened by URL (`&page=N`, the robust way peers settled on);
 * the Next button only tells whether there is a next page.
 */
export class SearchResultsPage {
  readonly #page: Page;
  readonly #options: SearchResultsPageOptions;
  #query: PeopleSearchQuery = {};
  #pageNumber = 1;

  constructor(page: Page, options: SearchResultsPageOptions) {
    this.#page = page;
    this.#options = options;
  }

  get pageNumber(): number {
    return this.#pageNumber;
  }

  async goto(query: PeopleSearchQuery): Promise<void> {
    this.#query = query;
    this.#pageNumber = query.page ?? 1;
    await openLinkedInPage(this.#page, linkedinUrls(this.#options.baseUrl).peopleSearch({ ...query, page: this.#pageNumber }), {
      engine: this.#options.engine,
      timeoutMs: this.#options.navigationTimeoutMs,
    });
  }

  /** The results of the current page ([] on "No results found"); deduplicated by profile. */
  async results(): Promise<SearchResult[]> {
    const { engine, baseUrl } = this.#options;
    const cards = await this.#waitForResults();
    const out: SearchResult[] = [];
    const seen = new Set<string>();
    for (const card of cards) {
      const link = await engine.find(card, "search.result_link", { accept: isProfileLink });
      if (!link) continue;
      const profile = canonicalProfile((await link.getAttribute("href")) ?? "", baseUrl);
      if (!profile || seen.has(profile.publicId)) continue;
      seen.add(profile.publicId);
      const text = async (key: SelectorKey) => {
        const el = await engine.find(card, key);
        return el ? await elementText(el) : "";
      };
      const name = (await text("search.result_name")) || (await elementText(link));
      out.push({ name, ...profile, headline: await text("search.result_headline"), location: await text("search.result_location"), locator: card });
    }
    return out;
  }

  async #waitForResults(): Promise<Locator[]> {
    const { engine } = this.#options;
    // Generic candidates (any list item) also match the navigation: a card must hold a profile link.
    const has = "a[href*='/in/']";
    const read = async () => {
      const cards = await engine.findAll(this.#page, "search.result_card", { has });
      return { cards, none: cards.length === 0 && (await engine.find(this.#page, "search.no_results")) !== null };
    };
    const timeoutMs = this.#options.contentTimeoutMs ?? 15_000;
    const shown = await pollUntil(read, (r) => r.cards.length > 0 || r.none, { timeoutMs, intervalMs: 150 });
    if (shown.cards.length > 0 || shown.none) return shown.cards;
    // Neither results nor "No results found": resolving records the miss and its artifacts.
    return engine.resolveAll(this.#page, "search.result_card", { timeoutMs: 0, has });
  }

  /** Whether the page shows an enabled Next button. */
  async hasNext(): Promise<boolean> {
    const next = await this.#options.engine.find(this.#page, "search.next");
    return next !== null && (await next.isEnabled().catch(() => false));
  }

  /** Opens the next page; false when there is none. */
  async next(): Promise<boolean> {
    if (!(await this.hasNext())) return false;
    await this.goto({ ...this.#query, page: this.#pageNumber + 1 });
    return true;
  }
}
