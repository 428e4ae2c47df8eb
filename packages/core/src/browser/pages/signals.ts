import type { Page, Response } from "playwright-core";
import { NudgeError, type ErrorCode } from "../../errors/nudge-error.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { safeUrl } from "../selectors/selector-engine.js";
import { signalTexts } from "../selectors/in-page.js";

/**
 * LinkedIn pushing back, read from a page (DESIGN §3 circuit breaker): each signal becomes a
 * typed NudgeError the breaker understands.
 *
 * | signal | code | breaker |
 * |---|---|---|
 * | redirect to /login, /uas/login, /authwall; a sign-in form | LINKEDIN_LOGGED_OUT | session expired |
 * | /checkpoint/ or challenge URL; captcha; "security check" | LINKEDIN_CHECKPOINT | hard open |
 * | "account restricted" page | LINKEDIN_RESTRICTED | hard open |
 * | weekly / daily limit banner | LINKEDIN_WEEKLY_LIMIT | hard open |
 * | HTTP 429; "too many requests / slow down" page | LINKEDIN_RATE_LIMITED | hard open |
 */

export type SignalCode = Extract<ErrorCode, "LINKEDIN_LOGGED_OUT" | "LINKEDIN_CHECKPOINT" | "LINKEDIN_RESTRICTED" | "LINKEDIN_WEEKLY_LIMIT" | "LINKEDIN_RATE_LIMITED">;

/** Page text patterns, EN and FR (seed inventory §8.2, peers §4.2). */
export const SIGNAL_TEXT_PATTERNS: ReadonlyArray<{ code: SignalCode; pattern: RegExp; what: string }> = [
  {
    code: "LINKEDIN_RESTRICTED",
    pattern: /account (has been )?(temporarily )?restricted|compte a été (temporairement )?(limité|restreint)|accès à votre compte a été (temporairement )?limité/i,
    what: "the account-restricted page",
  },
  {
    code: "LINKEDIN_CHECKPOINT",
    pattern: /security check|verify (that )?you('|’)?re (a )?human|let('|’)?s do a quick|vérification de sécurité|personne réelle/i,
    what: "a security check",
  },
  {
    code: "LINKEDIN_WEEKLY_LIMIT",
    pattern: /reached the (weekly |daily )?(invitation )?limit|limit for (today|this week)|limite hebdomadaire|atteint la limite/i,
    what: "a weekly-limit banner",
  },
  { code: "LINKEDIN_RATE_LIMITED", pattern: /too many requests|please slow down|trop de requêtes|veuillez ralentir/i, what: "a slow-down page" },
];

const SIGNAL_KEYS: ReadonlyArray<{ key: string; code: SignalCode; what: string }> = [
  { key: "signal.restricted", code: "LINKEDIN_RESTRICTED", what: "the account-restricted page" },
  { key: "signal.checkpoint", code: "LINKEDIN_CHECKPOINT", what: "a security check" },
  { key: "signal.weekly_limit", code: "LINKEDIN_WEEKLY_LIMIT", what: "a weekly-limit banner" },
  { key: "signal.rate_limited", code: "LINKEDIN_RATE_LIMITED", what: "a slow-down page" },
  { key: "login.form", code: "LINKEDIN_LOGGED_OUT", what: "the sign-in form" },
];

function signalError(code: SignalCode, what: string, url: string, status?: number): NudgeError {
  const messages: Record<SignalCode, string> = {
    LINKEDIN_LOGGED_OUT: "LinkedIn logged the session out (upload fresh cookies)",
    LINKEDIN_CHECKPOINT: "LinkedIn asks for a security check (solve it in a real browser)",
    LINKEDIN_RESTRICTED: "LinkedIn restricted the account",
    LINKEDIN_WEEKLY_LIMIT: "LinkedIn shows a weekly-limit banner",
    LINKEDIN_RATE_LIMITED: "LinkedIn is rate-limiting (HTTP 429 / slow down)",
  };
  return new NudgeError(code, `${messages[code]}: ${what} at ${url}`, { details: { signal: code, url, ...(status ? { status } : {}) } });
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
 * pages) against the built-in patterns, and — when an engine is given — the `signal.*` and
 * `login.form` catalog keys (people can add candidates there).
 */
export async function detectSignals(page: Page, options: { response?: Response | null; engine?: SelectorEngine } = {}): Promise<void> {
  const url = safeUrl(page.url());
  const status = options.response?.status();
  if (status === 429) throw signalError("LINKEDIN_RATE_LIMITED", "HTTP 429", url, status);
  const fromUrl = signalFromUrl(page.url());
  if (fromUrl) throw signalError(fromUrl, "a redirect", url, status);

  const texts = await page.evaluate(signalTexts).catch(() => ({ regions: "", body: null }));
  for (const { code, pattern, what } of SIGNAL_TEXT_PATTERNS) {
    if (pattern.test(texts.regions) || (texts.body !== null && pattern.test(texts.body))) throw signalError(code, what, url, status);
  }

  if (options.engine) {
    for (const { key, code, what } of SIGNAL_KEYS) {
      if (await options.engine.find(page, key)) throw signalError(code, what, url, status);
    }
  }
}
