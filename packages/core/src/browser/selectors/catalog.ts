// Data table: the builtin selector catalog (one entry per element the flows touch), over 400 lines by nature.
import type { SelectorStrategy } from "@nudge/db";
import { NudgeError } from "../../errors/nudge-error.js";
import type { HeuristicConfig } from "../in-page/protocol.js";
import { PAGE_NOT_FOUND, TEXT_WARNING_SIGNS } from "./warning-signs.js";

export type { HeuristicConfig };

export interface CatalogCandidate {
  strategy: SelectorStrategy;
  candidate: string;
}

export interface CatalogEntry {
  key: string;
  description: string;
  interactive?: boolean;
  candidates: readonly CatalogCandidate[];
}

const css = (...candidates: string[]): CatalogCandidate[] =>
  candidates.map((candidate) => ({ strategy: "css", candidate }));
const role = (...candidates: string[]): CatalogCandidate[] =>
  candidates.map((candidate) => ({ strategy: "role", candidate }));
const text = (...candidates: string[]): CatalogCandidate[] =>
  candidates.map((candidate) => ({ strategy: "text", candidate }));
const heuristic = (config: HeuristicConfig): CatalogCandidate => ({
  strategy: "heuristic",
  candidate: JSON.stringify(config),
});

// The original bot's messaging.open_button_heuristic.
const MESSAGE_BUTTON_HEURISTIC = heuristic({
  candidates: "button, a[role='button'], a.message-anywhere-button, a[href*='/messaging/compose']",
  positive: ["Message", "Envoyer", "Send", "Souhaiter", "Happy", "Say"],
  negative: ["Premium", "Promoted", "Sponsorisé", "Connect", "Se connecter", "Follow", "Suivre", "Invite", "Inviter"],
  weights: { text: 40, visible: 30, aria: 30 },
  threshold: 65,
});

// The original bot's messaging.connect_button_heuristic (fail fast for non-connections).
const CONNECT_BUTTON_HEURISTIC = heuristic({
  candidates: "button, a[role='button']",
  positive: ["Se connecter", "Connect", "Suivre", "Follow", "Inviter"],
  negative: ["Message", "Premium"],
  weights: { text: 100, visible: 50 },
  threshold: 80,
});

// The original bot's messaging.send_button_heuristic.
const SEND_BUTTON_HEURISTIC = heuristic({
  candidates: "button[type='submit'], button.msg-form__send-button, button.artdeco-button--primary, button",
  positive: ["Envoyer", "Send"],
  negative: ["message à", "message to", "Premium", "invitation"],
  weights: { text: 50, visible: 50 },
  threshold: 70,
});

// The name is the first short <p> that is not a keyword line (docs/linkedin-pages.md#birthdays).
const CARD_NAME_HEURISTIC = heuristic({
  candidates: "p, span[dir='ltr'], a[href*='/in/'] span",
  // Whole phrases only: "hier" would exclude Thierry, "ago" Santiago.
  negative: [
    "Célébrez",
    "Celebrate",
    "anniversaire",
    "Birthday",
    "Aujourd",
    "Today",
    "Yesterday",
    "days ago",
    "il y a ",
    "Message",
    "Promoted",
    "Sponsorisé",
    "Premium",
  ],
  weights: { visible: 70 },
  threshold: 65,
  minLength: 3,
  maxLength: 99,
});

/** A `signal.*` entry (or `page.not_found`), built from its row of the warning-signs module. */
function warningSignEntry<S extends { key: string; description: string; css: readonly string[]; text: RegExp }>(
  sign: S,
): { key: S["key"]; description: string; candidates: CatalogCandidate[] } {
  const candidates = [...css(...sign.css), ...text(String(sign.text))];
  return { key: sign.key, description: sign.description, candidates };
}

/**
 * Every element the flows touch, with ranked candidates taken from the original bot's selectors,
 * its hard-coded fallbacks and what peers use on the current layouts (docs/linkedin-pages.md;
 * why several strategies: docs/architecture.md#selector-strategy). It is seeded into the
 * `selectors` table by `seedSelectorCatalog`.
 *
 * Candidate syntax per strategy:
 * - `css`: a Playwright selector string (CSS plus `:has-text()`, `:has()`, …);
 * - `role`: `role` or `role[name=/regex/flags]` or `role[name="exact"]`, optionally `[level=N]`
 *   — an ARIA role and accessible name, in English and French where a name is needed;
 * - `text`: `/regex/flags`, `"exact text"` or a plain substring;
 * - `heuristic`: JSON scored like the original bot's heuristics (see `HeuristicConfig`).
 *
 * Order matters: it is the rank of a candidate that has never been tried. `interactive` marks
 * elements that get clicked or typed into: they are matched under the stricter honeypot rules.
 */
export const SELECTOR_CATALOG = [
  // ---- session and feed ----
  {
    key: "feed.logged_in_marker",
    description: "Something only a logged-in page has (global nav, me menu).",
    candidates: [
      ...css(
        "#global-nav",
        ".global-nav",
        "img.global-nav__me-photo",
        "button.global-nav__primary-link-me-menu-trigger",
        "div.feed-identity-module",
        "#global-nav-typeahead",
        "input.search-global-typeahead__input",
      ),
      ...role(
        "navigation[name=/primary|global|principale|navigation/i]",
        "button[name=/^(me|vous)\\b/i]",
        "combobox[name=/^(search|recherche)/i]",
      ),
    ],
  },
  {
    key: "login.form",
    description: "The sign-in form (we were logged out).",
    candidates: [
      ...css("#username", "input[name='session_key']", "form.login__form", "#password"),
      ...role("textbox[name=/^(email or phone|e-mail ou téléphone)/i]"),
    ],
  },

  // ---- birthdays page ----
  {
    key: "birthday.card",
    description:
      "One card of the birthdays (Catch-up) list. Ads and prompts are list items too: cards are filtered by a profile link.",
    candidates: [
      ...css(
        "div.celebrations-entity-list-item[role='listitem']",
        "div[data-sdui-screen*='CatchUp'] div[role='listitem']",
        "div[data-view-name='nurture-card']",
        "div[data-testid='lazy-column'] div[role='listitem']",
        "div[role='listitem']",
        "li.artdeco-list__item",
      ),
      ...role("listitem"),
    ],
  },
  {
    key: "birthday.card.name",
    description: "The person's name inside a card.",
    candidates: [
      ...css(
        "a.app-aware-link[href*='/in/'] span[dir='ltr']",
        "span.celebrations-entity-list-item__name",
        "span[dir='ltr']",
        ".entity-result__title-text",
        ".artdeco-entity-lockup__title",
        // SDUI: the name is the text of a profile link inside a paragraph (classes hashed per card).
        "p > a[href*='/in/']",
      ),
      CARD_NAME_HEURISTIC,
    ],
  },
  {
    key: "birthday.card.profile_link",
    description: "The link to the person's profile inside a card.",
    // CSS only: a generic "any link" fallback matched an ad's link and was learned (never again).
    candidates: [...css("a.app-aware-link[href*='/in/']", "a[href*='/in/']", "a[href*='linkedin.com/in/']")],
  },
  {
    key: "birthday.card.date_text",
    description: "The 'today / N days ago / Oct 24' line of a card.",
    candidates: [
      ...css("span.celebrations-entity-list-item__status", ".artdeco-entity-lockup__caption", "time"),
      ...text(
        "/\\b(today|yesterday|tomorrow|\\d+ (days?|weeks?) ago|birthday on)\\b|aujourd|\\bhier\\b|il y a \\d+|anniversaire le|\\b\\d{1,2} (janv|f[ée]v|mars|avr|mai|juin|juil|ao[ûu]|sept|oct|nov|d[ée]c)|^\\W*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.? \\d{1,2}\\b/i",
      ),
    ],
  },
  {
    key: "birthday.card.message_button",
    interactive: true,
    description: "The Message button of one card (never looked up outside the card).",
    candidates: [
      MESSAGE_BUTTON_HEURISTIC,
      ...css(
        "button[data-view-name='nurture-card-primary-button']",
        "a[data-view-name='nurture-card-primary-button']",
        "[data-control-name='message']",
        "[data-control-name='compose_message']",
        "button[aria-label^='Message ']",
        "button[aria-label*='Message']",
        "button[aria-label*='Envoyer']",
        "button[aria-label*='Souhaiter']",
        "a[href*='/messaging/compose']",
        "button:has-text('Message')",
        "button:has-text('Envoyer un message')",
      ),
      ...role(
        "button[name=/^(send message to|message|envoyer un message à|envoyer un message)\\b/i]",
        "link[name=/^(send message to|message|envoyer un message)/i]",
      ),
    ],
  },
  {
    key: "birthday.card.connect_button",
    interactive: true,
    description: "Connect / Follow on a card: the person is not a 1st-degree connection.",
    candidates: [
      ...css(
        "button[aria-label*='to connect']",
        "button[aria-label*='Connect']",
        "button[aria-label*='Se connecter']",
        "button[aria-label*='rejoindre votre réseau']",
        "button[aria-label^='Follow']",
        "button[aria-label^='Suivre']",
        "button:has-text('Se connecter')",
        "button:has-text('Connect')",
        "button:has-text('Suivre')",
        "button:has-text('Follow')",
      ),
      ...role("button[name=/^(invite .* to connect|connect|follow|inviter .*|se connecter|suivre)\\b/i]"),
      CONNECT_BUTTON_HEURISTIC,
    ],
  },
  {
    key: "birthday.empty_state",
    description: "The 'no birthdays right now' message (an empty list is not a miss).",
    candidates: [
      ...css(".mn-catch-up__empty-state", "div.artdeco-empty-state"),
      ...text("/no birthdays|aucun anniversaire/i"),
    ],
  },
  {
    key: "birthday.load_more",
    interactive: true,
    description: "A 'Show more' button under the list, when the page uses one instead of scrolling.",
    candidates: [
      ...css(
        "button.scaffold-finite-scroll__load-button",
        "button:has-text('Show more results')",
        "button:has-text('Load more')",
      ),
      ...role("button[name=/^(show more|load more|afficher plus|voir plus)/i]"),
    ],
  },

  // ---- messaging overlay ----
  {
    key: "composer.overlay",
    description: "An open conversation overlay (bubble). Several may be open: the last one is used.",
    candidates: [
      ...css(
        "aside.msg-overlay-conversation-bubble",
        "div.msg-overlay-conversation-bubble",
        "div[role='dialog']",
        "[data-sdui-screen*='Message']",
        "dialog[aria-label='Send Message']",
      ),
      ...role("dialog", "complementary[name=/messaging|conversation|messagerie/i]"),
    ],
  },
  {
    key: "composer.header",
    description: "The recipient's name in the overlay header (checked before typing).",
    candidates: [
      ...css(
        ".msg-overlay-bubble-header__title",
        "h2[id*='message-overlay-title']",
        ".msg-entity-lockup__entity-title",
        "header h2",
      ),
      ...role("heading[level=2]", "heading"),
    ],
  },
  {
    key: "composer.textbox",
    interactive: true,
    description: "The contenteditable message box.",
    candidates: [
      ...css(
        "div.msg-form__contenteditable[role='textbox']",
        "div[role='textbox'][contenteditable='true']",
        ".msg-form__contenteditable",
        "div[contenteditable='true']",
        "textarea[aria-label='Message']",
        "textarea[name='message']",
        "textarea",
      ),
      ...role("textbox[name=/write a message|écrivez un message|message/i]", "textbox"),
    ],
  },
  {
    key: "composer.send",
    interactive: true,
    description: "The Send button of the overlay.",
    candidates: [
      ...css(
        "button.msg-form__send-button",
        "button[type='submit'][class*='msg-form']",
        "button[type='submit']",
        "button:has-text('Send')",
        "button:has-text('Envoyer')",
      ),
      ...role("button[name=/^(send|envoyer)$/i]"),
      SEND_BUTTON_HEURISTIC,
    ],
  },
  {
    key: "composer.thread_message",
    description: "The messages in the overlay's thread (the sent text must show up here).",
    candidates: [
      ...css(
        ".msg-s-event-listitem__body",
        ".msg-s-message-list__event .msg-s-event-listitem__message-bubble",
        ".msg-s-message-list li p",
        "[data-event-urn] p",
      ),
      ...role("listitem"),
    ],
  },
  {
    key: "composer.share_prompt",
    description: "The 'share your profile details?' dialog LinkedIn may show after a send (2026).",
    candidates: [
      ...role(
        "dialog[name=/share your (profile|contact)|partager (les informations de )?votre profil|vos coordonnées/i]",
      ),
      ...css(
        "div[role='dialog']:has-text('Share your profile')",
        "div[role='dialog']:has-text('Partager les informations de votre profil')",
      ),
    ],
  },
  {
    key: "composer.share_prompt_dismiss",
    interactive: true,
    description: "'Not now' on the share prompt (its Share button is never clicked).",
    candidates: [
      ...role("button[name=/^(not now|no thanks|plus tard|pas maintenant|non merci)$/i]"),
      ...css("button:text-is('Not now')", "button:text-is('Plus tard')"),
    ],
  },
  {
    key: "composer.close",
    interactive: true,
    description: "The button that closes an overlay.",
    candidates: [
      ...css(
        "button[data-control-name='overlay.close_conversation_window']",
        "button[aria-label^='Close your']",
        "button[aria-label^='Fermer votre']",
        "button[aria-label='Close']",
        "button[aria-label='Fermer']",
        "button[aria-label='Dismiss']",
        "button.msg-overlay-bubble-header__control:has(svg[data-test-icon='close-small'])",
      ),
      ...role("button[name=/^(close|fermer|dismiss)\\b/i]"),
    ],
  },

  // ---- people search ----
  {
    key: "search.result_card",
    description: "One person in the people-search results.",
    candidates: [
      ...css(
        "div[data-view-name='people-search-result']",
        "li.reusable-search__result-container",
        ".entity-result__item",
        "ul.reusable-search__entity-result-list > li",
        "div[data-sdui-screen*='Search'] div[role='listitem']",
        "div[role='listitem']",
      ),
      ...role("listitem"),
    ],
  },
  {
    key: "search.result_link",
    description: "The profile link of a search result.",
    candidates: [
      ...css(
        "a[data-view-name='search-result-lockup-title']",
        "span.entity-result__title-text a",
        ".entity-result__title-line a",
        "a.app-aware-link[href*='/in/']",
        "a[href*='/in/']",
      ),
    ],
  },
  {
    key: "search.result_name",
    description: "The person's name in a search result (without the screen-reader 'View … profile').",
    candidates: [
      ...css(
        "span.entity-result__title-text a span[aria-hidden='true']",
        "a[data-view-name='search-result-lockup-title']",
        ".entity-result__title-text a",
        "a[href*='/in/'] span[dir='ltr']",
      ),
      ...role("link[name=/.{3,}/]"),
    ],
  },
  {
    key: "search.result_headline",
    description: "The headline line of a search result.",
    candidates: [
      ...css(
        ".entity-result__primary-subtitle",
        "p:has(a[href*='/in/']) + p",
        "div:has(> p > a[href*='/in/']) > p:nth-of-type(2)",
      ),
    ],
  },
  {
    key: "search.result_location",
    description: "The location line of a search result.",
    candidates: [
      ...css(
        ".entity-result__secondary-subtitle",
        "p:has(a[href*='/in/']) + p + p",
        "div:has(> p > a[href*='/in/']) > p:nth-of-type(3)",
      ),
    ],
  },
  {
    key: "search.next",
    interactive: true,
    description: "The Next page button of the results.",
    candidates: [
      ...css("button.artdeco-pagination__button--next", "button[aria-label='Next']", "button[aria-label='Suivant']"),
      ...role("button[name=/^(next|suivant)$/i]", "link[name=/^(next|suivant)$/i]"),
    ],
  },
  {
    key: "search.no_results",
    description: "The 'No results found' message.",
    candidates: [
      ...css(".search-reusable-search-no-results", "h2:has-text('No results found')"),
      ...text("/^\\s*(no results found|aucun résultat trouvé)/i"),
    ],
  },

  // ---- profile ----
  {
    key: "profile.top_card",
    description: "The top card of a profile (name, headline, location live here).",
    candidates: [
      ...css(
        "section.artdeco-card:has(div.pv-top-card)",
        "section:has(> div[class*='pv-top-card'])",
        "section[data-member-id]",
        "section[componentkey*='com.linkedin.sdui.profile.card']",
        "main section:first-of-type",
      ),
    ],
  },
  {
    key: "profile.name",
    description: "The person's name (an h1 on the classic layout, an h2 on SDUI).",
    candidates: [
      ...css(
        "h1.text-heading-xlarge",
        "h1.inline",
        "div.ph5 h1",
        "h1[class*='heading']",
        ".pv-top-card h1",
        "h1[data-anonymize='person-name']",
        "h1",
      ),
      ...role("heading[level=1]", "heading[level=2]"),
    ],
  },
  {
    key: "profile.headline",
    description: "The headline under the name.",
    candidates: [
      ...css(
        "div.text-body-medium.break-words",
        "div.text-body-medium",
        ".pv-top-card--list .text-body-medium",
        "div:has(h1) + div",
        "div:has(h2) + p",
      ),
    ],
  },
  {
    key: "profile.location",
    description: "The location line of the top card.",
    candidates: [
      ...css(
        "span.text-body-small.inline.t-black--light.break-words",
        ".pv-top-card--list-bullet .text-body-small",
        "*:has(> a[href*='/overlay/contact-info/']) > span:first-child",
      ),
    ],
  },
  {
    key: "profile.company",
    description: "The current company button of the top card.",
    candidates: [
      ...css(
        "button[aria-label^='Current company']",
        "button[aria-label^='Entreprise actuelle']",
        ".pv-text-details__right-panel-item-text",
        "div[aria-label^='Current company']",
      ),
      ...role(
        "button[name=/^(current company|entreprise actuelle)/i]",
        "link[name=/^(current company|entreprise actuelle)/i]",
      ),
    ],
  },
  {
    key: "profile.open_to_work",
    description: "The 'Open to work' badge or card.",
    candidates: [
      ...css(
        "div[class*='open-to-work']",
        ".pv-open-to-carousel",
        "[data-test-open-to-work-badge]",
        "span:has-text('Open to work')",
        "span:has-text('En recherche')",
      ),
      ...text("/^\\s*(open to work|en recherche)/i"),
    ],
  },
  {
    key: "profile.about",
    description: "The About (Infos) text.",
    candidates: [
      ...css(
        "section:has(#about) div.inline-show-more-text span[aria-hidden='true']",
        "section:has(#about) .inline-show-more-text",
        "div.inline-show-more-text span[aria-hidden='true']",
        "section[componentkey*='About'] p",
        "section:has(h2:text-is('About')) p",
        "section:has(h2:text-is('Infos')) p",
      ),
    ],
  },
  {
    key: "profile.about_see_more",
    interactive: true,
    description: "The 'see more' button that expands About.",
    candidates: [
      ...css("button.inline-show-more-text__button"),
      ...role("button[name=/^(…|\\.\\.\\.)?\\s*(see more|voir plus)/i]"),
    ],
  },
  {
    key: "profile.experience_title",
    description: "The title of each Experience entry (sourcing's fit score reads them).",
    candidates: [
      ...css(
        "section:has(#experience) .pvs-entity div.t-bold span[aria-hidden='true']",
        "section[componentkey*='ExperienceTopLevelSection'] li p:first-child",
      ),
    ],
  },
  {
    key: "profile.degree",
    description: "The connection degree badge (1st / 2nd / 3rd+).",
    candidates: [
      ...css(
        "span.dist-value",
        "span[class*='distance-badge']",
        ".pv-top-card--list span.pvs-inline-entity-button__text",
      ),
      ...text("/^\\s*·?\\s*(1st|2nd|3rd\\+?|1er|2e|3e( et \\+)?)\\s*$/"),
    ],
  },

  // ---- warning signs (docs/architecture.md#warning-signs) ----
  ...TEXT_WARNING_SIGNS.map(warningSignEntry),
  warningSignEntry(PAGE_NOT_FOUND),
] as const satisfies readonly CatalogEntry[];

/** A key of the builtin catalog: a typo in a flow is a type error. */
export type SelectorKey = (typeof SELECTOR_CATALOG)[number]["key"];

declare const userKey: unique symbol;
/** A key that came from outside the code (a person's, through the API), checked by `parseSelectorKey`. */
export type UserSelectorKey = string & { readonly [userKey]: true };

/** What the engine looks up. */
export type LookupKey = SelectorKey | UserSelectorKey;

/** A key typed by a person, checked to look like the catalog's (`composer.send`: lower case, dotted). */
export function parseSelectorKey(text: string): LookupKey {
  if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(text) || text.length > 100) {
    throw new NudgeError("VALIDATION_FAILED", "selector key must look like `composer.send` (lower case, dotted)");
  }
  return text as UserSelectorKey;
}

export const CATALOG_KEYS: readonly SelectorKey[] = SELECTOR_CATALOG.map((e) => e.key);

const INTERACTIVE = new Set<string>(
  SELECTOR_CATALOG.filter((e) => "interactive" in e && e.interactive).map((e) => e.key),
);

/** Whether the key's elements get clicked or typed into (a person's own keys never are). */
export function isInteractiveKey(key: LookupKey): boolean {
  return INTERACTIVE.has(key);
}

export function catalogEntry(key: string): CatalogEntry | undefined {
  return SELECTOR_CATALOG.find((e) => e.key === key);
}
