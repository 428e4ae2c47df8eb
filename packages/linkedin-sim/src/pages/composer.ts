import type { Person } from "../directory.js";
import { html, type SafeHtml } from "../html.js";
import { honeypotCss, type RenderContext } from "../render-context.js";
import { AVATAR_SRC } from "./layout.js";

export interface Bubble {
  html: SafeHtml;
  /** The bubble's element id. */
  bubble: string;
}

/**
 * A conversation bubble of the messaging overlay: header with the recipient's name, the thread
 * (earlier messages included), a contenteditable box and a Send button disabled until there is
 * text. `recipient` is who the conversation is really with.
 */
export function conversationBubble(ctx: RenderContext, recipient: Person, bubbleNumber: number): Bubble {
  const { texts: t, wiring } = ctx;
  const bubble = wiring.id();
  const body = wiring.id();
  const thread = wiring.id();
  const box = wiring.id();
  const send = wiring.id();
  const placeholder = wiring.id();
  const form = wiring.id({ t: "form" });
  wiring.actions[box] = { t: "box", send, placeholder };
  wiring.actions[send] = { t: "send", to: recipient.publicId, box, thread };
  const close = wiring.id({ t: "close", bubble });
  const minimize = wiring.id({ t: "minimize", body });
  const history = ctx.state.sent.filter((m) => m.to === recipient.publicId).map((m) => threadItem(ctx, m.text, m.at));
  const honeypotStyle = ctx.honeypotStyle(bubbleNumber);
  const honeypot = honeypotStyle ? wiring.id({ t: "honeypot" }) : null;
  const profileHref = `/in/${recipient.publicId}/`;

  if (ctx.variant === "a") {
    return {
      bubble,
      html: html`<aside
        id="${bubble}"
        class="msg-overlay-conversation-bubble msg-overlay-conversation-bubble--is-active"
        role="dialog"
        aria-label="${t.messagingWith(recipient.name)}"
      >
        <header class="msg-overlay-bubble-header">
          <div class="msg-overlay-bubble-header__details">
            <h2 id="${bubble}-message-overlay-title" class="msg-overlay-bubble-header__title truncate t-14 t-bold">
              <a class="profile-card-one-to-one__profile-link" href="${profileHref}"
                ><span class="msg-entity-lockup__entity-title">${recipient.name}</span></a
              >
            </h2>
          </div>
          <div class="msg-overlay-bubble-header__controls">
            <button
              id="${minimize}"
              class="msg-overlay-bubble-header__control artdeco-button artdeco-button--circle artdeco-button--1 artdeco-button--tertiary"
              type="button"
              aria-label="${t.minimize}"
            >
              <svg
                role="none"
                aria-hidden="true"
                data-test-icon="minimize-small"
                width="16"
                height="16"
                viewBox="0 0 16 16"
              >
                <path d="M2 12h12v2H2z" fill="currentColor" />
              </svg>
            </button>
            <button
              id="${close}"
              class="msg-overlay-bubble-header__control artdeco-button artdeco-button--circle artdeco-button--1 artdeco-button--tertiary"
              type="button"
              aria-label="${t.closeConversation(recipient.name)}"
            >
              <svg
                role="none"
                aria-hidden="true"
                data-test-icon="close-small"
                width="16"
                height="16"
                viewBox="0 0 16 16"
              >
                <path d="M3 3l10 10M13 3L3 13" stroke="currentColor" stroke-width="2" />
              </svg>
            </button>
          </div>
        </header>
        <div id="${body}" class="msg-overlay-conversation-bubble__content-wrapper">
          <div class="msg-s-message-list-container" tabindex="-1">
            <div class="msg-s-message-list full-width scrollable">
              <ul id="${thread}" class="msg-s-message-list-content list-style-none full-width">
                ${history}
              </ul>
            </div>
          </div>
          <form id="${form}" class="msg-form">
            <div class="msg-form__msg-content-container">
              <div class="msg-form__message-texteditor relative flex-grow-1 display-flex">
                <div
                  id="${box}"
                  class="msg-form__contenteditable t-14 t-black--light t-normal flex-grow-1 full-height notranslate"
                  contenteditable="true"
                  role="textbox"
                  aria-multiline="true"
                  aria-label="${t.writeMessage}"
                >
                  <p><br /></p>
                </div>
                <div
                  id="${placeholder}"
                  class="msg-form__placeholder t-14 t-black--light t-normal"
                  data-placeholder="${t.writeMessage}"
                >
                  ${t.writeMessage}
                </div>
              </div>
            </div>
            <footer class="msg-form__footer">
              <div class="msg-form__right-actions display-flex align-items-center">
                ${honeypot ? html`<button id="${honeypot}" class="msg-form__send-button artdeco-button artdeco-button--1" type="submit" style="${honeypotCss(honeypotStyle ?? "display")}">${t.send}</button>` : ""}
                <button
                  id="${send}"
                  class="msg-form__send-button artdeco-button artdeco-button--1 artdeco-button--primary"
                  type="submit"
                  disabled
                >
                  ${t.send}
                </button>
              </div>
            </footer>
          </form>
        </div>
      </aside>`,
    };
  }

  return {
    bubble,
    html: html`<div id="${bubble}" class="_1f7d0e" role="dialog" aria-label="${recipient.name}">
      <div class="_3b8e9c">
        <a href="${profileHref}" class="_6a2e91"><img src="${AVATAR_SRC}" alt="" width="32" height="32" /></a>
        <h2 class="_c01d7a"><a href="${profileHref}" class="_6a2e91">${recipient.name}</a></h2>
        <div class="_b9d3f0">
          <button id="${minimize}" type="button" aria-label="${t.minimize}">–</button>
          <button id="${close}" type="button" aria-label="${t.close}">×</button>
        </div>
      </div>
      <div id="${body}" class="_40af2e">
        <div class="_6e0a5f" tabindex="-1">
          <ol id="${thread}" class="_92c4b1">
            ${history}
          </ol>
        </div>
        <form id="${form}" class="_ff21c0">
          <div
            id="${box}"
            class="_19e7c3"
            contenteditable="true"
            role="textbox"
            aria-multiline="true"
            aria-label="${t.writeMessage}"
            aria-placeholder="${t.writeMessage}"
          >
            <p><br /></p>
          </div>
          <div class="_0b7c1e">
            <span id="${placeholder}" hidden></span>
            ${honeypot ? html`<button id="${honeypot}" type="submit" class="_5e0d3c _b83e2d" style="${honeypotCss(honeypotStyle ?? "display")}"><span>${t.send}</span></button>` : ""}
            <button id="${send}" type="submit" class="_5e0d3c _b83e2d" disabled><span>${t.send}</span></button>
          </div>
        </form>
      </div>
    </div>`,
  };
}

/** One sent message as the thread shows it. */
export function threadItem(ctx: RenderContext, text: string, at: string): SafeHtml {
  const time = new Date(at).toLocaleTimeString(ctx.scenario.locale === "fr" ? "fr-FR" : "en-US", {
    hour: "numeric",
    minute: "2-digit",
    timeZone: ctx.scenario.timezone,
  });
  const paragraphs = text.split(/\n+/).map((line) => line);
  if (ctx.variant === "a") {
    return html`<li class="msg-s-message-list__event clearfix">
      <div class="msg-s-event-listitem msg-s-event-listitem--last-in-group">
        <div class="msg-s-message-group__meta">
          <span class="msg-s-message-group__name t-14 t-black t-bold">${ctx.texts.you}</span>
          <time class="msg-s-message-group__timestamp t-12 t-black--light t-normal">${time}</time>
        </div>
        <div class="msg-s-event-listitem__message-bubble">
          <p class="msg-s-event-listitem__body t-14 t-black--light t-normal">${joinLines(paragraphs)}</p>
        </div>
      </div>
    </li>`;
  }
  return html`<li class="_7d1c0f">
    <div class="_e5a2b8">
      <span class="_3c9f70">${ctx.texts.you} · ${time}</span>
      <p class="_a81e4d">${joinLines(paragraphs)}</p>
    </div>
  </li>`;
}

function joinLines(lines: string[]): SafeHtml {
  return html`${lines.map((line, i) => (i === 0 ? html`${line}` : html`<br />${line}`))}`;
}
