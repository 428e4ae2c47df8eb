/**
 * LinkedIn pushing back, read from a page (docs/architecture.md#warning-signs): each sign becomes
 * a typed NudgeError the circuit breaker understands. The signs and their patterns are one table,
 * `WARNING_SIGNS`.
 *
 * | signal | code | breaker |
 * |---|---|---|
 * | redirect to /login, /uas/login, /authwall; a sign-in form | LINKEDIN_LOGGED_OUT | session expired |
 * | /checkpoint/ or challenge URL; captcha; "security check" | LINKEDIN_CHECKPOINT | hard open |
 * | "account restricted" page | LINKEDIN_RESTRICTED | hard open |
 * | weekly / daily limit banner | LINKEDIN_WEEKLY_LIMIT | hard open |
 * | HTTP 429; "too many requests / slow down" page | LINKEDIN_RATE_LIMITED | hard open |
 */
import type { Page, Response } from "playwright-core";
import { NudgeError } from "../../errors/nudge-error.js";
import { signalTexts } from "../in-page/in-page.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { PAGE_NOT_FOUND, TEXT_WARNING_SIGNS, WARNING_SIGNS, type SignalCode } from "../selectors/warning-signs.js";
import { safeUrl } from "./navigation.js";

const MESSAGES = Object.fromEntries(WARNING_SIGNS.map((sign) => [sign.code, sign.message])) as Record<
  SignalCode,
  string
>;

function signalError(code: SignalCode, what: string, url: string, status?: number): NudgeError {
  return new NudgeError(code, `${MESSAGES[code]}: ${what} at ${url}`, {
    details: { signal: code, url, ...(status ? { status } : {}) },
  });
}

/** The code a URL alone gives away (login and checkpoint redirects), or null. */
export function signalFromUrl(url: string): SignalCode | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  if (/^\/(login|uas\/login|authwall|signup|uas\/authenticate)\b/.test(path)) return "LINKEDIN_LOGGED_OUT";
  if (/^\/checkpoint\/(challenge|lg\/login-challenge)|\/challenge\b/.test(path)) return "LINKEDIN_CHECKPOINT";
  if (/^\/checkpoint\/(rm|restricted)/.test(path)) return "LINKEDIN_RESTRICTED";
  if (/^\/checkpoint\//.test(path)) return "LINKEDIN_CHECKPOINT";
  return null;
}

/**
 * Throws the typed error for the first LinkedIn push-back signal on `page` (after a navigation,
 * pass its response), or returns quietly. Checks, cheapest first: HTTP status, URL, the text of
 * banners and dialogs (and of the whole page when it has no navigation, like LinkedIn's error
 * pages) against the table's patterns, and — when an engine is given — each sign's catalog key
 * (people can add candidates there).
 */
export async function detectSignals(
  page: Page,
  options: { response?: Response | null; engine?: SelectorEngine } = {},
): Promise<void> {
  const url = safeUrl(page.url());
  const status = options.response?.status();
  if (status === 429) throw signalError("LINKEDIN_RATE_LIMITED", "HTTP 429", url, status);
  const fromUrl = signalFromUrl(page.url());
  if (fromUrl) throw signalError(fromUrl, "a redirect", url, status);

  const texts = await signalTexts(page).catch(() => ({ regions: "", body: null }));
  for (const { code, text, what } of TEXT_WARNING_SIGNS) {
    if (text.test(texts.regions) || (texts.body !== null && text.test(texts.body)))
      throw signalError(code, what, url, status);
  }

  if (options.engine) {
    for (const { key, code, what } of WARNING_SIGNS) {
      if (await options.engine.find(page, key)) throw signalError(code, what, url, status);
    }
  }
}

/**
 * Why `page` is LinkedIn's "This page doesn't exist" page instead of the page asked for (a removed
 * or renamed profile, a wrong link), or null. Checks, cheapest first: HTTP 404/410, a redirect to
 * `/404/`, then the `page.not_found` catalog key through `find` (the engine's `find`, or a
 * read-only resolver), so people can add candidates when LinkedIn rewords it. Not a warning sign:
 * the account is fine, the page is just not there.
 */
export async function pageNotFound(
  page: Page,
  options: { response?: Response | null; find: (key: typeof PAGE_NOT_FOUND.key) => Promise<unknown> },
): Promise<string | null> {
  const status = options.response?.status();
  if (status === 404 || status === 410) return `HTTP ${status}`;
  let path = "";
  try {
    path = new URL(page.url()).pathname;
  } catch {
    // about:blank and the like: no path to read
  }
  if (/^\/404\b/.test(path)) return "a redirect to /404/";
  return (await options.find(PAGE_NOT_FOUND.key)) ? PAGE_NOT_FOUND.what : null;
}
