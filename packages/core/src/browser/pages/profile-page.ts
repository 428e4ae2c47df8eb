import type { Logger } from "pino";
import type { Locator, Page } from "playwright-core";
import { elementText } from "../in-page/in-page.js";
import type { SelectorKey } from "../selectors/catalog.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { canonicalProfile, linkedinUrls } from "./linkedin-urls.js";
import { openLinkedInPage } from "./navigation.js";
import { safeClick } from "./safe-click.js";

/** What a profile visit keeps (docs/linkedin-pages.md#profiles). */
export interface ProfileData {
  profileUrl: string;
  publicId: string;
  name: string;
  firstName: string;
  headline: string;
  location: string;
  company: string;
  openToWork: boolean;
  /** The About text, cut to `MAX_ABOUT_CHARS`. */
  about: string;
  /** Titles of the Experience entries, newest first (at most `MAX_EXPERIENCE_TITLES`). */
  experienceTitles: string[];
  /** 1 = 1st-degree connection; null when the badge is not shown. */
  degree: 1 | 2 | 3 | null;
}

export const MAX_ABOUT_CHARS = 2_000;
export const MAX_EXPERIENCE_TITLES = 10;

const OPEN_TO_WORK_WORDS =
  /open to work|#opentowork|looking for (a |new )?(job|role|opportunit)|en recherche|recherche active|à l['’]écoute/i;

export interface ProfilePageOptions {
  engine: SelectorEngine;
  baseUrl: string;
  log?: Logger;
  navigationTimeoutMs?: number;
}

export class ProfilePage {
  readonly #page: Page;
  readonly #options: ProfilePageOptions;

  constructor(page: Page, options: ProfilePageOptions) {
    this.#page = page;
    this.#options = options;
  }

  /** Opens `/in/<publicId>/` (a profile URL or a bare public id). */
  async visit(profile: string): Promise<void> {
    const canonical = canonicalProfile(profile, this.#options.baseUrl);
    const url = canonical ? canonical.profileUrl : linkedinUrls(this.#options.baseUrl).profile(profile);
    await openLinkedInPage(this.#page, url, {
      engine: this.#options.engine,
      timeoutMs: this.#options.navigationTimeoutMs,
    });
  }

  async read(): Promise<ProfileData> {
    const { engine, baseUrl } = this.#options;
    const identity = canonicalProfile(this.#page.url(), baseUrl) ?? { profileUrl: this.#page.url(), publicId: "" };
    const topCard = (await engine.find(this.#page, "profile.top_card", { timeoutMs: 10_000 })) ?? this.#page;
    const name = await elementText(await engine.resolve(topCard, "profile.name"));
    const text = async (scope: Page | Locator, key: SelectorKey) => {
      const el = await engine.find(scope, key);
      return el ? await elementText(el) : "";
    };
    const headline = await text(topCard, "profile.headline");
    const location = await text(topCard, "profile.location");
    let company = await text(topCard, "profile.company");
    if (!company) company = /\s(?:at|chez|@)\s+(.+)$/i.exec(headline)?.[1]?.trim() ?? "";
    const openToWork =
      (await engine.find(this.#page, "profile.open_to_work")) !== null || OPEN_TO_WORK_WORDS.test(headline);
    const seeMore = await engine.find(this.#page, "profile.about_see_more");
    if (seeMore) await safeClick(seeMore, { what: "About's see more" }).catch(() => undefined);
    const about = (await text(this.#page, "profile.about")).slice(0, MAX_ABOUT_CHARS);
    const experienceTitles: string[] = [];
    for (const el of (await engine.findAll(this.#page, "profile.experience_title")).slice(0, MAX_EXPERIENCE_TITLES)) {
      const title = (await elementText(el)).slice(0, 200);
      if (title) experienceTitles.push(title);
    }
    const degreeText = await text(topCard, "profile.degree");
    const degree = /\b(1st|1er)\b/i.test(degreeText)
      ? 1
      : /\b(2nd|2e)\b/i.test(degreeText)
        ? 2
        : /\b(3rd|3e)\b/i.test(degreeText)
          ? 3
          : null;
    return {
      ...identity,
      name,
      firstName: name.split(/\s+/)[0] ?? name,
      headline,
      location: location.replace(/^·\s*/, ""),
      company,
      openToWork,
      about,
      experienceTitles,
      degree,
    };
  }
}
