import type { BirthdayCard } from "../directory.js";
import { html, type SafeHtml } from "../html.js";
import { honeypotCss, type RenderContext } from "../render-context.js";
import { cardC, cardHash, honeypotLinkC } from "./birthdays-2026.js";
import { AVATAR_SRC, renderPage } from "./layout.js";

/** The endpoint the page script calls for the next cards (`?start=N`). */
export const BIRTHDAY_CARDS_PATH = "/voyager/api/relationships/catchUp/birthdays";

/** In variants b and c an ad sits among the cards, as on the real Catch-up list. */
const AD_POSITION = 2;

export function birthdaysPage(ctx: RenderContext): string {
  const { texts: t, variant } = ctx;
  const cards = ctx.directory.birthdayCards(t);
  const first = birthdayCardsSlice(ctx, cards, 0);
  const listId = ctx.wiring.id();
  const sentinel = ctx.wiring.id({ t: "sentinel", list: listId });
  const more = variant === "b" ? ctx.wiring.id({ t: "more", list: listId }) : undefined;
  ctx.wiring.actions[listId] = { t: "list", src: BIRTHDAY_CARDS_PATH, next: first.next, sentinel, more };
  const tail =
    first.next === null
      ? html``
      : html`<div id="${sentinel}" aria-hidden="true" style="height:1px"></div>
          ${more ? html`<button id="${more}" type="button" class="_5e0d3c _e29a7c">${t.showMore}</button>` : ""}`;
  const empty = cards.length === 0 ? html`<p>${t.noBirthdays}</p>` : "";

  const main =
    variant === "c"
      ? // 2026: a lazy column inside <main>, which is the element that scrolls (not the window).
        html`<main class="_7b3d90 _5f1c3a" aria-label="${t.birthdaysTitle}">
          <div data-sdui-screen="com.linkedin.sdui.flagshipnav.mynetwork.CatchUpAll" class="_d41e8a">
            <section class="_a0c5e2">
              <h2 class="_3f8a1c">${t.birthdaysTitle}</h2>
              ${empty}
              <div id="${listId}" data-testid="lazy-column" class="_2f6b0d" role="list">${first.html}</div>
              ${tail}
            </section>
          </div>
        </main>`
      : variant === "a"
        ? html`<div class="scaffold-layout">
          <main id="main" class="scaffold-layout__main" aria-label="${t.birthdaysTitle}">
            <section class="artdeco-card mn-catch-up">
              <h1 class="t-20 t-black t-normal">${t.birthdaysTitle}</h1>
              ${empty}
              <div id="${listId}" class="mn-catch-up__list" role="list">${first.html}</div>
              ${tail}
            </section>
          </main>
        </div>`
        : html`<main class="_7b3d90" aria-label="${t.birthdaysTitle}">
          <div data-sdui-screen="com.linkedin.sdui.flagshipnav.mynetwork.CatchUpAll" class="_d41e8a">
            <section class="_a0c5e2">
              <h2 class="_3f8a1c">${t.birthdaysTitle}</h2>
              ${empty}
              <div id="${listId}" class="_2f6b0d" role="list">${first.html}</div>
              ${tail}
            </section>
          </div>
        </main>`;
  return renderPage(ctx, { title: t.birthdaysTitle, main });
}

/** One batch of cards from `start`, and where the next batch starts (null at the end). */
export function birthdayCardsSlice(
  ctx: RenderContext,
  cards: BirthdayCard[],
  start: number,
): { html: SafeHtml; next: number | null } {
  const size = ctx.scenario.birthdayBatchSize;
  const batch = cards.slice(start, start + size);
  const parts = batch.map((card, i) => {
    const index = start + i;
    const ad = ctx.variant !== "a" && index === AD_POSITION ? adCard(ctx) : "";
    const rendered =
      ctx.variant === "a"
        ? cardA(ctx, card, index)
        : ctx.variant === "b"
          ? cardB(ctx, card, index)
          : cardC(ctx, card, index, honeypotButton(ctx, card, index));
    return html`${ad}${rendered}`;
  });
  const next = start + size < cards.length ? start + size : null;
  return { html: html`${parts}`, next };
}

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

function cardA(ctx: RenderContext, card: BirthdayCard, index: number): SafeHtml {
  const { texts: t } = ctx;
  const { person } = card;
  const href = `/in/${person.publicId}/`;
  return html`<div class="celebrations-entity-list-item artdeco-card" role="listitem">
    <a class="app-aware-link celebrations-entity-list-item__image-link" href="${href}" tabindex="-1"
      ><img class="EntityPhoto-circle-5" src="${AVATAR_SRC}" alt="${t.photoOf(person.name)}" width="56" height="56"
    /></a>
    <div class="celebrations-entity-list-item__content">
      <a class="app-aware-link" href="${href}"
        ><p class="t-16 t-black t-bold"><span dir="ltr">${person.name}</span></p></a
      >
      ${person.headline ? html`<p class="t-14 t-black--light t-normal">${person.headline}</p>` : ""}
      <span class="celebrations-entity-list-item__status t-12 t-black--light"
        >🎉 ${t.birthdayStatus(card.dateText, card.kind)}</span
      >
    </div>
    <div class="celebrations-entity-list-item__actions">${honeypotButton(ctx, card, index)}${ctaA(ctx, card)}</div>
  </div>`;
}

function ctaA(ctx: RenderContext, card: BirthdayCard): SafeHtml {
  const { texts: t, wiring } = ctx;
  const { person, birthday } = card;
  if (birthday.connection) {
    const id = wiring.id({ t: "message", to: person.publicId });
    return html`<button
      id="${id}"
      class="artdeco-button artdeco-button--2 artdeco-button--secondary ember-view"
      aria-label="${t.messageAria(person.name)}"
      type="button"
    >
      <span class="artdeco-button__text">${t.messageButton}</span>
    </button>`;
  }
  const follow = birthday.offer === "follow";
  const id = wiring.id({
    t: "connect",
    to: person.publicId,
    kind: birthday.offer,
    done: follow ? t.following : t.pending,
  });
  return html`<button
    id="${id}"
    class="artdeco-button artdeco-button--2 artdeco-button--secondary ember-view"
    aria-label="${follow ? t.followAria(person.name) : t.connectAria(person.name)}"
    type="button"
  >
    <span class="artdeco-button__text">${follow ? t.followButton : t.connectButton}</span>
  </button>`;
}

function cardB(ctx: RenderContext, card: BirthdayCard, index: number): SafeHtml {
  const { texts: t, wiring } = ctx;
  const { person, birthday } = card;
  const href = `/in/${person.publicId}/`;
  let cta: SafeHtml;
  if (birthday.connection) {
    const id = wiring.id({ t: "message", to: person.publicId });
    const compose = `/messaging/compose/?recipient=${encodeURIComponent(person.publicId)}&interop=msgOverlay`;
    cta = html`<a id="${id}" href="${compose}" class="_5e0d3c" aria-label="${t.messageAria(person.name)}"
      ><svg id="send-privately-small" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M1 8l14-6-6 14-2-6z" fill="currentColor" /></svg
      ><span>${messageLabelB(ctx)}</span></a
    >`;
  } else {
    const follow = birthday.offer === "follow";
    const id = wiring.id({
      t: "connect",
      to: person.publicId,
      kind: birthday.offer,
      done: follow ? t.following : t.pending,
    });
    cta = html`<button
      id="${id}"
      type="button"
      class="_5e0d3c"
      aria-label="${follow ? t.followAria(person.name) : t.connectAria(person.name)}"
    >
      <span>${follow ? t.followButton : t.connectButton}</span>
    </button>`;
  }
  // Besides the shared class, each card carries a class hashed from its content, as SDUI does.
  return html`<div
    role="listitem"
    componentkey="auto-component-${person.memberId.slice(5, 17)}"
    class="_e86c13 _${cardHash(person.publicId, ctx.renderSalt)}a"
  >
    <div class="_77b1f2">
      <figure class="_0f4e6a">
        <a href="${href}" tabindex="-1"><img src="${AVATAR_SRC}" alt="${person.name}" width="56" height="56" /></a>
      </figure>
      <div class="_c8e0d4">
        <p class="_91b0d7"><a href="${href}" class="_4c2e8f">${person.name}</a></p>
        <p class="_0d6a5b">${t.celebrate(firstName(person.name))}</p>
        <p class="_b34f1e"><span>${card.dateText}</span></p>
      </div>
      <div class="_a2b9f1">${honeypotButton(ctx, card, index)}${cta}</div>
    </div>
  </div>`;
}

/** An invisible look-alike of the card's Message button, placed before the real one. */
function honeypotButton(ctx: RenderContext, card: BirthdayCard, index: number): SafeHtml | "" {
  const style = ctx.honeypotStyle(index);
  if (!style || !card.birthday.connection) return "";
  const { texts: t } = ctx;
  const id = ctx.wiring.id({ t: "honeypot" });
  const label = t.messageAria(card.person.name);
  if (ctx.variant === "c") return honeypotLinkC(ctx, card, id, honeypotCss(style));
  return ctx.variant === "a"
    ? html`<button
        id="${id}"
        class="artdeco-button artdeco-button--2 artdeco-button--secondary ember-view"
        aria-label="${label}"
        type="button"
        style="${honeypotCss(style)}"
      >
        <span class="artdeco-button__text">${t.messageButton}</span>
      </button>`
    : html`<a
        id="${id}"
        href="/messaging/compose/?recipient=${encodeURIComponent(card.person.publicId)}&amp;interop=msgOverlay"
        class="_5e0d3c"
        aria-label="${label}"
        style="${honeypotCss(style)}"
        ><span>${messageLabelB(ctx)}</span></a
      >`;
}

/** Variant b spells the French CTA out, as the newer pages do; variant a keeps "Message". */
function messageLabelB(ctx: RenderContext): string {
  return ctx.scenario.locale === "fr" ? "Envoyer un message" : ctx.texts.messageButton;
}

function adCard(ctx: RenderContext): SafeHtml {
  const { texts: t } = ctx;
  return html`<div role="listitem" class="_e86c13">
    <div class="_77b1f2">
      <div class="_c8e0d4">
        <p class="_0d6a5b">${t.promoted}</p>
        <p class="_91b0d7">${t.tryPremium}</p>
      </div>
      <div class="_a2b9f1"><a href="/premium/products/" class="_5e0d3c">${t.tryPremium}</a></div>
    </div>
  </div>`;
}
