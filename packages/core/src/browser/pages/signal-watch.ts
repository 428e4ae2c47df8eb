import type { Page, Response } from "playwright-core";
import { NudgeError } from "../../errors/nudge-error.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { linkedinUrls } from "./linkedin-urls.js";
import { openLinkedInPage } from "./navigation.js";
import type { SignalCode } from "../selectors/warning-signs.js";
import { detectSignals, signalFromUrl } from "./signals.js";

export interface SignalWatchOptions {
  engine: SelectorEngine;
  baseUrl: string;
  /** Open the feed in a second tab at least this often, to see what a navigation would meet. */
  probeEveryActions?: number;
  probeEveryMs?: number;
  now?: () => number;
}

/**
 * Watches a page a run stays on for LinkedIn pushing back between navigations
 * (docs/architecture.md#warning-signs). A run that messages from one list never reloads it, so
 * a checkpoint or a throttle would go unseen until the next page load. The watch reads every
 * response the page receives (HTTP 429 anywhere, a redirect to a checkpoint or the login page);
 * before each action it also reads the page itself for banners, and — when a request was refused
 * (401/403), or every few actions — opens the feed in a second tab of the same session, where a
 * checkpoint or a weekly-limit banner shows as it would on the next navigation.
 */
export class SignalWatch {
  readonly #page: Page;
  readonly #o: Required<Omit<SignalWatchOptions, "engine" | "baseUrl">> &
    Pick<SignalWatchOptions, "engine" | "baseUrl">;
  #seen: NudgeError | null = null;
  #suspect = false;
  #actions = 0;
  #lastProbe: number;
  readonly #listener: (response: Response) => void;

  constructor(page: Page, options: SignalWatchOptions) {
    this.#page = page;
    this.#o = { probeEveryActions: 5, probeEveryMs: 5 * 60_000, now: Date.now, ...options };
    this.#lastProbe = this.#o.now();
    this.#listener = (response) => this.#observe(response);
    page.on("response", this.#listener);
  }

  /** Throws the push-back seen since the last check, or found now; quiet when all is well. */
  async check(): Promise<void> {
    this.#throwSeen();
    await detectSignals(this.#page, { engine: this.#o.engine });
    this.#actions++;
    const due =
      this.#actions % this.#o.probeEveryActions === 0 || this.#o.now() - this.#lastProbe >= this.#o.probeEveryMs;
    if (this.#suspect || due) await this.#probe();
    this.#throwSeen();
  }

  /** The response listener may have seen something while we awaited. */
  #throwSeen(): void {
    const seen = this.#seen;
    if (seen) throw seen;
  }

  stop(): void {
    this.#page.off("response", this.#listener);
  }

  #observe(response: Response): void {
    if (this.#seen) return;
    const status = response.status();
    const url = response.url();
    const location = status >= 300 && status < 400 ? (response.headers().location ?? "") : "";
    let code: SignalCode | null = null;
    if (status === 429 || status === 999) code = "LINKEDIN_RATE_LIMITED";
    else code = signalFromUrl(url) ?? (location ? signalFromUrl(new URL(location, url).toString()) : null);
    // A request that redirects to itself is how a throttled session's redirect loop begins
    // (fetches end in a network error, not a page): the probe's navigation tells for sure.
    const selfRedirect = location !== "" && new URL(location, url).toString() === url;
    if (code) {
      this.#seen = new NudgeError(code, `LinkedIn pushed back on a request (${code}, HTTP ${status})`, {
        details: { signal: code, status },
      });
    } else if ((status === 401 || status === 403 || selfRedirect) && url.startsWith(this.#o.baseUrl)) {
      this.#suspect = true;
    }
  }

  /** Opens the feed in a second tab of the same session; its signals are the account's. */
  async #probe(): Promise<void> {
    this.#suspect = false;
    this.#lastProbe = this.#o.now();
    const tab = await this.#page.context().newPage();
    try {
      await openLinkedInPage(tab, linkedinUrls(this.#o.baseUrl).feed, { engine: this.#o.engine, timeoutMs: 30_000 });
    } catch (error) {
      if (error instanceof NudgeError && error.code.startsWith("LINKEDIN_") && error.code !== "LINKEDIN_UNREACHABLE")
        this.#seen = error;
      else throw error;
    } finally {
      await tab.close().catch(() => undefined);
    }
  }
}
