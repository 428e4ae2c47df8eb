import type { ErrorCode } from "../../errors/nudge-error.js";

/**
 * Each sign becomes a typed error the circuit breaker understands (docs/architecture.md#warning-signs).
 * Per row: the error code, how messages name the sign (`what`), the sentence a person reads, and
 * how the page shows it. A row with `text` owns its selector catalog key (`signal.*`): the catalog
 * builds that entry from `css` and `text`, and `detectSignals` also tests `text` against banners,
 * dialogs and bare pages. Rows are in the order the checks run. The sign-in form is a catalog entry
 * of its own (`login.form`); redirects are read from the URL (`signalFromUrl`). Where the wording
 * comes from: docs/linkedin-pages.md#warning-signs.
 */
export const WARNING_SIGNS = [
  {
    code: "LINKEDIN_RESTRICTED",
    key: "signal.restricted",
    what: "the account-restricted page",
    message: "LinkedIn restricted the account",
    description: "The 'account restricted' page.",
    css: [],
    text: /account (has been )?(temporarily )?restricted|compte a été (temporairement )?(limité|restreint)|accès à votre compte a été/i,
  },
  {
    code: "LINKEDIN_CHECKPOINT",
    key: "signal.checkpoint",
    what: "a security check",
    message: "LinkedIn asks for a security check (solve it in a real browser)",
    description: "A security check / captcha / identity verification page.",
    css: ["#captcha-internal", "iframe[src*='captcha']", "#input__phone_verification_pin", "input[name='pin']"],
    text: /security check|verify (that )?you('|’)?re (a )?human|let('|’)?s do a quick|vérification de sécurité|personne réelle/i,
  },
  {
    code: "LINKEDIN_WEEKLY_LIMIT",
    key: "signal.weekly_limit",
    what: "a weekly-limit banner",
    message: "LinkedIn shows a weekly-limit banner",
    description: "LinkedIn's weekly / daily limit banner.",
    css: ["[role='alert']:has-text('limit')", "[role='alert']:has-text('limite')"],
    text: /reached the (weekly |daily )?(invitation )?limit|limit for (today|this week)|try again (tomorrow|next week)|limite hebdomadaire|atteint la limite/i,
  },
  {
    code: "LINKEDIN_RATE_LIMITED",
    key: "signal.rate_limited",
    what: "a slow-down page",
    message: "LinkedIn is rate-limiting (HTTP 429 / slow down)",
    description: "A 'slow down / too many requests' page.",
    css: [],
    text: /too many requests|slow down|trop de requêtes|veuillez ralentir/i,
  },
  {
    code: "LINKEDIN_LOGGED_OUT",
    key: "login.form",
    what: "the sign-in form",
    message: "LinkedIn logged the session out (upload fresh cookies)",
  },
] as const satisfies ReadonlyArray<{
  code: ErrorCode;
  key: string;
  what: string;
  message: string;
  description?: string;
  css?: readonly string[];
  text?: RegExp;
}>;

export type WarningSign = (typeof WARNING_SIGNS)[number];

export type SignalCode = WarningSign["code"];

/** The signs recognised by their page text; each owns a `signal.*` catalog entry. */
export type TextWarningSign = Extract<WarningSign, { text: RegExp }>;

export const TEXT_WARNING_SIGNS: readonly TextWarningSign[] = WARNING_SIGNS.filter(
  (sign): sign is TextWarningSign => "text" in sign,
);

/**
 * Not a warning sign (nothing for the breaker), but recognised the same way: LinkedIn's "This
 * page doesn't exist" page, shown for a removed or renamed profile or a wrong link. Nothing a flow
 * looks for is on it, so a key missing there is no drift. Its catalog key is built like a sign's;
 * `pageNotFound` (pages/signals.ts) also reads the HTTP status. Wording:
 * docs/linkedin-pages.md#warning-signs.
 */
export const PAGE_NOT_FOUND = {
  key: "page.not_found",
  what: "LinkedIn's page-not-found page",
  description: "LinkedIn's 'This page doesn't exist' / unavailable-profile page.",
  css: [],
  text: /this page (doesn['’]t|does not) exist|cette page n['’]existe pas|this (page|profile) (isn['’]t|is not) available|(cette page|ce profil) n['’]est pas disponible/i,
} as const;
