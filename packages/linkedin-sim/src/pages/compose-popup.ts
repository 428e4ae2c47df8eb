import type { Person } from "../directory.js";
import { html } from "../html.js";
import { honeypotCss, type RenderContext } from "../render-context.js";
import { AVATAR_SRC } from "./layout.js";
import { threadItem, type Bubble } from "./composer.js";

/**
 * Variant c's compose pop-up (docs/linkedin-pages.md#messaging): a card's compose link opens a
 * modal with a `textarea[aria-label="Message"]` pre-filled with LinkedIn's suggested text and a
 * Send button. Whatever the textarea holds is what gets sent, so an engine that appends to the
 * suggestion sends both (and `state.sent` shows it). The pop-up closes when the message went out
 * and stays open, with an error line, when it did not.
 */
export function composePopup(ctx: RenderContext, recipient: Person, prefill: string, bubbleNumber: number): Bubble {
  const { texts: t, wiring } = ctx;
  const popup = wiring.id();
  const box = wiring.id();
  const send = wiring.id();
  const error = wiring.id();
  const title = wiring.id();
  const form = wiring.id({ t: "form" });
  wiring.actions[box] = { t: "field", send };
  wiring.actions[send] = { t: "popupSend", to: recipient.publicId, box, popup, error };
  const close = wiring.id({ t: "close", bubble: popup });
  const honeypotStyle = ctx.honeypotStyle(bubbleNumber);
  const honeypot = honeypotStyle ? wiring.id({ t: "honeypot" }) : null;
  const history = ctx.state.sent.filter((m) => m.to === recipient.publicId).map((m) => threadItem(ctx, m.text, m.at));
  const profileHref = `/in/${encodeURIComponent(recipient.publicId)}/`;
  return {
    bubble: popup,
    html: html`<div id="${popup}" class="_1f7d0e _c6a04e" role="dialog" aria-modal="true" aria-labelledby="${title}">
      <div class="_3b8e9c">
        <a href="${profileHref}" class="_6a2e91"><img src="${AVATAR_SRC}" alt="" width="32" height="32" /></a>
        <h2 id="${title}" class="_c01d7a">${recipient.name}</h2>
        <button id="${close}" type="button" aria-label="${t.close}">×</button>
      </div>
      <div class="_6e0a5f"><ol>${history}</ol></div>
      <form id="${form}" class="_ff21c0">
        <textarea id="${box}" class="_9c2d71" aria-label="${t.messageField}" rows="4">${prefill}</textarea>
        <p id="${error}" class="_e0a3c4" role="alert" hidden>${t.sendFailed}</p>
        <div class="_0b7c1e">
          ${honeypot ? html`<button id="${honeypot}" type="submit" class="_5e0d3c _b83e2d" style="${honeypotCss(honeypotStyle ?? "display")}">${t.send}</button>` : ""}
          <button id="${send}" type="submit" class="_5e0d3c _b83e2d" ${prefill.trim() ? "" : html`disabled`}>
            ${t.send}
          </button>
        </div>
      </form>
    </div>`,
  };
}

/** After a send LinkedIn may ask whether to share one's profile details; "Share" is never the answer. */
export function sharePrompt(ctx: RenderContext, recipient: Person): Bubble {
  const { texts: t, wiring } = ctx;
  const prompt = wiring.id();
  const title = wiring.id();
  const no = wiring.id({ t: "shareNo", prompt });
  const yes = wiring.id({ t: "shareYes", prompt });
  const close = wiring.id({ t: "shareNo", prompt });
  return {
    bubble: prompt,
    html: html`<div id="${prompt}" class="_1f7d0e _4b90ae" role="dialog" aria-modal="true" aria-labelledby="${title}">
      <div class="_3b8e9c">
        <h2 id="${title}" class="_c01d7a">${t.sharePrompt(recipient.name)}</h2>
        <button id="${close}" type="button" aria-label="${t.close}">×</button>
      </div>
      <p class="_0d6a5b">${t.sharePromptBody}</p>
      <div class="_0b7c1e">
        <button id="${no}" type="button" class="_5e0d3c">${t.notNow}</button>
        <button id="${yes}" type="button" class="_5e0d3c _b83e2d">${t.share}</button>
      </div>
    </div>`,
  };
}

/** The share prompt follows every other message (the first, the third, …): it "may" appear. */
export function sharePromptAfter(sentCount: number): boolean {
  return sentCount % 2 === 1;
}
