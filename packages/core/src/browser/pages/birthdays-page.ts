import type { Logger } from "pino";
import type { Locator, Page } from "playwright-core";
import { pollUntil } from "../../time/poll-until.js";
import { elementText, listEnds, scrollContainer } from "../in-page/in-page.js";
import type { ReadRequest, ReadValues } from "../selectors/batch-read.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { canonicalProfile, isProfileLink, linkedinUrls, PROFILE_HREF_PATTERN } from "./linkedin-urls.js";
import { openLinkedInPage } from "./navigation.js";
import { safeClick } from "./safe-click.js";

/** One card of the birthdays list, as the page shows it (docs/linkedin-pages.md#birthdays). */
export interface BirthdayCard {
  name: string;
  /** Canonical profile URL (no query string): the person's identity. */
  profileUrl: string;
  publicId: string;
  /** The card's date line as shown ("Today", "Il y a 3 jours", "Oct 24"): parse with `parseBirthdayDateText`. */
  rawDateText: string;
  /** False when the card offers Connect / Follow instead of Message. */
  isConnection: boolean;
  /** The card element, valid while the page stays open: open the composer from inside it. */
  locator: Locator;
}

export interface BirthdaysPageOptions {
  engine: SelectorEngine;
  baseUrl: string;
  log?: Logger;
  navigationTimeoutMs?: number;
  /** How long the first cards (or the empty-list message) may take to show (ms). */
  contentTimeoutMs?: number;
}

export interface ScanOptions {
  /** Scroll passes at most (the original bot: 60). */
  maxPasses?: number;
  /** Stop after this many passes in a row with no new card (the original bot: 3). */
  stablePasses?: number;
  /** How long to wait for more cards after each scroll (ms). */
  settleMs?: number;
}

export class BirthdaysPage {
  readonly #page: Page;
  readonly #options: BirthdaysPageOptions;

  constructor(page: Page, options: BirthdaysPageOptions) {
    this.#page = page;
    this.#options = options;
  }

  get page(): Page {
    return this.#page;
  }

  /**
   * Opens the Catch-up birthdays page, or the older celebrations URL when the first one shows
   * neither cards nor the empty-list message. Returns the URL that worked.
   */
  async goto(): Promise<string> {
    const { engine } = this.#options;
    const urls = linkedinUrls(this.#options.baseUrl);
    const candidates = [urls.birthdays, urls.celebrations];
    for (const [i, url] of candidates.entries()) {
      const response = await openLinkedInPage(this.#page, url, {
        engine,
        timeoutMs: this.#options.navigationTimeoutMs,
      });
      if (response && response.status() >= 400 && i < candidates.length - 1) continue;
      if (await this.#waitForContent(i === candidates.length - 1 ? (this.#options.contentTimeoutMs ?? 15_000) : 5_000))
        return url;
      this.#options.log?.warn({ url }, "birthdays page shows no list; trying the next URL");
    }
    // Neither URL shows the list: a layout change. Resolving records the miss and its artifacts.
    await engine.resolveAll(this.#page, "birthday.card", { timeoutMs: 0, has: CARD_HAS });
    return urls.celebrations;
  }

  async #waitForContent(timeoutMs: number): Promise<boolean> {
    const { engine } = this.#options;
    const shows = async () =>
      (await engine.findAll(this.#page, "birthday.card", { has: CARD_HAS })).length > 0 ||
      (await engine.find(this.#page, "birthday.empty_state")) !== null;
    return pollUntil(shows, (found) => found, { timeoutMs, intervalMs: 150 });
  }

  /**
   * Every card, scrolling until the page shows the end of the list (see `#listComplete`) or,
   * on a page that does not show it, until `stablePasses` passes in a row bring no new card.
   * Cards without a profile link (ads, prompts) are skipped; each person is yielded once.
   */
  async *cards(options: ScanOptions = {}): AsyncGenerator<BirthdayCard> {
    const maxPasses = options.maxPasses ?? 60;
    const stablePasses = options.stablePasses ?? 3;
    const settleMs = options.settleMs ?? 1_500;
    const seen = new Set<string>();
    let processed = 0;
    let stale = 0;
    let last: Locator | undefined;
    for (let pass = 0; pass < maxPasses && stale < stablePasses; pass++) {
      // Cards are appended as the list grows: only the new ones are read, all in one round trip.
      let read = await this.#readCards(processed);
      // The list was re-rendered (fewer cards than before): read it all again; the seen set keeps
      // people from being yielded twice.
      if (read.count < processed) read = await this.#readCards(0);
      for (const card of read.cards) {
        if (seen.has(card.profileUrl)) continue;
        seen.add(card.profileUrl);
        yield card;
      }
      processed = read.count;
      last = read.last ?? last;
      // The page says the list is complete: no quiet passes to wait out. The quiet-pass rule
      // stays for pages that do not say (something follows the list, or a "Show more" shows).
      if (await this.#listComplete(last)) return;
      const grew = await this.#loadMore(last, read.count, settleMs);
      stale = grew ? 0 : stale + 1;
    }
  }

  async #readCards(from: number): Promise<{ count: number; cards: BirthdayCard[]; last: Locator | undefined }> {
    const { engine, baseUrl } = this.#options;
    const { count, items } = await engine.readEach(this.#page, "birthday.card", CARD_READS, { from, has: CARD_HAS });
    const cards: BirthdayCard[] = [];
    for (const { locator, values } of items) {
      const card = await this.#toCard(locator, values, baseUrl);
      if (card) cards.push(card);
    }
    return { count, cards, last: items.at(-1)?.locator };
  }

  /** Reads one card; null for list items that are not a person (ads, prompts). */
  async readCard(card: Locator): Promise<BirthdayCard | null> {
    return this.#toCard(card, await this.#options.engine.readMany(card, CARD_READS), this.#options.baseUrl);
  }

  async #toCard(card: Locator, values: ReadValues, baseUrl: string): Promise<BirthdayCard | null> {
    const { engine } = this.#options;
    const profile = canonicalProfile(String(values.get("birthday.card.profile_link") ?? ""), baseUrl);
    if (!profile) return null;
    let name = String(values.get("birthday.card.name") ?? "");
    if (!name) {
      const anchor = await engine.find(card, "birthday.card.profile_link", { accept: isProfileLink });
      name = anchor ? await elementText(anchor) : "";
    }
    if (!name) name = await elementText(await engine.resolve(card, "birthday.card.name", { timeoutMs: 1_000 }));
    let rawDateText = String(values.get("birthday.card.date_text") ?? "");
    // A person's card without a date line is a layout change: resolving records the miss.
    if (!rawDateText) {
      rawDateText = await elementText(await engine.resolve(card, "birthday.card.date_text", { timeoutMs: 1_000 }));
    }
    const isConnection =
      values.get("birthday.card.connect_button") !== true && values.get("birthday.card.message_button") === true;
    return { name, ...profile, rawDateText, isConnection, locator: card };
  }

  /** All cards at once (see `cards`). */
  async scan(options: ScanOptions = {}): Promise<BirthdayCard[]> {
    const out: BirthdayCard[] = [];
    for await (const card of this.cards(options)) out.push(card);
    return out;
  }

  /**
   * True when the last card is the list's last item and nothing follows the list: no lazy-load
   * marker, no spinner and no "Show more" button anywhere on the page.
   */
  async #listComplete(last: Locator | undefined): Promise<boolean> {
    if (!last || !(await listEnds(last).catch(() => false))) return false;
    return (await this.#options.engine.find(this.#page, "birthday.load_more")) === null;
  }

  /** Scrolls to the end of the list (and clicks "Show more" when there is one); true if it grew. */
  async #loadMore(last: Locator | undefined, before: number, settleMs: number): Promise<boolean> {
    const { engine } = this.#options;
    const target = last ?? (await engine.findAll(this.#page, "birthday.card", { has: CARD_HAS })).at(-1);
    await target?.scrollIntoViewIfNeeded({ timeout: 2_000 }).catch(() => undefined);
    // In 2026 the list scrolls inside <main>: that element is scrolled, else the window.
    const scrolledInside = target ? await scrollContainer(target).catch(() => false) : false;
    if (!scrolledInside) await this.#page.mouse.wheel(0, 800).catch(() => undefined);
    const grown = async () => (await engine.findAll(this.#page, "birthday.card", { has: CARD_HAS })).length > before;
    // Scrolling is usually enough (lazy loading); the button is for lists that wait for a click:
    // half-way through the wait. It moves or vanishes as cards arrive, so the click gets a short
    // deadline.
    const started = Date.now();
    let clicked = false;
    const grownOrClicked = async () => {
      if (await grown()) return true;
      const waited = Date.now() - started;
      if (!clicked && waited >= settleMs / 2 && waited < settleMs) {
        clicked = true;
        const more = await engine.find(this.#page, "birthday.load_more");
        if (more) await safeClick(more, { what: "Show more", timeoutMs: 1_000 }).catch(() => undefined);
      }
      return false;
    };
    return pollUntil(grownOrClicked, (grew) => grew, { timeoutMs: settleMs, intervalMs: 100 });
  }
}

/**
 * A card is a list item holding a profile link: ads and prompts are list items too, and generic
 * candidates (any list item) would also match the navigation.
 */
const CARD_HAS = "a[href*='/in/']";

/** What is read from every card (all optional here; a card without a date is checked after). */
const CARD_READS: ReadRequest[] = [
  { key: "birthday.card.profile_link", read: "href", hrefPattern: PROFILE_HREF_PATTERN, optional: true },
  { key: "birthday.card.name", read: "text", optional: true },
  { key: "birthday.card.date_text", read: "text", optional: true },
  { key: "birthday.card.connect_button", read: "exists", optional: true },
  { key: "birthday.card.message_button", read: "exists", optional: true },
];
