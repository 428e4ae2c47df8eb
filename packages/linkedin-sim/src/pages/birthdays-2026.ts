import { addDays } from "../calendar.js";
import type { BirthdayCard } from "../directory.js";
import { html, type SafeHtml } from "../html.js";
import type { RenderContext } from "../render-context.js";
import { AVATAR_SRC } from "./layout.js";

/**
 * Variant c's Catch-up card (LinkedIn 2026, docs/linkedin-pages.md#birthdays): a
 * `div[role=listitem]` whose classes are hashed per card, a date line inside a sentence, and a
 * Message control that is a compose link carrying LinkedIn's suggested text (`body=`) with an
 * aria-label "Message <Name>: <text>". Every other card spells its profile link percent-encoded
 * (`/in/jane%2Ddoe/`).
 */
export function cardC(ctx: RenderContext, card: BirthdayCard, index: number, honeypot: SafeHtml | ""): SafeHtml {
  const { texts: t, wiring } = ctx;
  const { person, birthday } = card;
  const href = profileHref(person.publicId, index % 2 === 0);
  const hashed = cardHash(person.publicId, ctx.renderSalt);
  let cta: SafeHtml;
  if (birthday.connection) {
    const suggestion = t.suggestedWish(card.daysAgo > 0);
    const id = wiring.id({ t: "compose", to: person.publicId, body: suggestion });
    cta = html`<a id="${id}" href="${composeHref(person.publicId, person.memberId, suggestion)}" class="_5e0d3c _${hashed}b"
      aria-label="${t.composeAria(person.name, suggestion)}"
      ><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M1 8l14-6-6 14-2-6z" fill="currentColor" /></svg
      ><span>${t.messageButton}</span></a
    >`;
  } else {
    const follow = birthday.offer === "follow";
    const id = wiring.id({
      t: "connect",
      to: person.publicId,
      kind: birthday.offer,
      done: follow ? t.following : t.pending,
    });
    cta = html`<button id="${id}" type="button" class="_5e0d3c _${hashed}b"
      aria-label="${follow ? t.followAria(person.name) : t.connectAria(person.name)}"><span>${follow ? t.followButton : t.connectButton}</span></button>`;
  }
  return html`<div role="listitem" componentkey="auto-component-${person.memberId.slice(5, 17)}" class="_${hashed}a">
    <div class="_${hashed}c">
      <a href="${href}" tabindex="-1" class="_${hashed}d"><img src="${AVATAR_SRC}" alt="${person.name}" width="56" height="56" /></a>
      <div class="_${hashed}e">
        <p class="_${hashed}f"><a href="${href}" class="_${hashed}g">${person.name}</a></p>
        <p class="_${hashed}h">${dateLine(ctx, card)}</p>
      </div>
      <div class="_${hashed}i">${honeypot}${cta}</div>
    </div>
  </div>`;
}

/** The compose link's pop-up look-alike for the honeypot fault. */
export function honeypotLinkC(ctx: RenderContext, card: BirthdayCard, id: string, style: string): SafeHtml {
  const suggestion = ctx.texts.suggestedWish(card.daysAgo > 0);
  return html`<a id="${id}" href="${composeHref(card.person.publicId, card.person.memberId, suggestion)}" class="_5e0d3c"
    aria-label="${ctx.texts.composeAria(card.person.name, suggestion)}" style="${style}"><span>${ctx.texts.messageButton}</span></a>`;
}

function dateLine(ctx: RenderContext, card: BirthdayCard): string {
  const { texts: t } = ctx;
  const first = card.person.name.split(/\s+/)[0] ?? card.person.name;
  if (card.daysAgo === 0) return t.celebrateToday(first);
  if (card.daysAgo > 0) return t.recentBirthday(t.monthDay(addDays(ctx.directory.today(), -card.daysAgo)));
  return card.dateText;
}

/** `/in/jane%2Ddoe/` when `encoded`: LinkedIn sometimes escapes characters that need none. */
export function profileHref(publicId: string, encoded: boolean): string {
  const id = encoded ? publicId.replace(/-/g, "%2D") : encodeURIComponent(publicId);
  return `/in/${id}/`;
}

function composeHref(publicId: string, memberId: string, body: string): string {
  const params = new URLSearchParams({ recipient: publicId, profileUrn: `urn:li:fsd_profile:${memberId}`, body });
  return `/messaging/compose/?${params.toString()}`;
}

/**
 * A per-card class hash: no class is shared by two cards (only the roles are), and the same card
 * gets other classes on the next page load. A selector learned from one card's classes matches
 * nothing anywhere else.
 */
export function cardHash(publicId: string, salt: number): string {
  let h = 2166136261;
  for (const ch of `${publicId}:${salt}`) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return (h >>> 0).toString(16).padStart(8, "0").slice(0, 5);
}
