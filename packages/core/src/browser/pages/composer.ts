import type { Logger } from "pino";
import type { Locator, Page } from "playwright-core";
import { firstLine } from "../../errors/first-line.js";
import { isNudgeError } from "../../errors/nudge-error.js";
import { pollUntil } from "../../time/poll-until.js";
import { elementText } from "../in-page/in-page.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { safeClick } from "./safe-click.js";
import { detectSignals } from "./signals.js";

/**
 * The messaging overlay, opened from inside one birthday card (docs/linkedin-pages.md#messaging).
 *
 * The outcome says what a retry may do: `not_sent` happened before Send was clicked (the quota
 * reservation can be refunded), `sent_verified` means the exact text showed up as a new message
 * in the thread, and `unknown_after_send` means Send was clicked but the message was not seen —
 * it may have gone out, so it is never resent automatically.
 */

export type NotSentReason =
  | "not_a_connection"
  | "message_button_missing"
  | "composer_did_not_open"
  | "recipient_mismatch"
  | "textbox_missing"
  | "typing_failed"
  | "send_button_missing"
  | "click_refused";

export type SendOutcome =
  | { status: "sent_verified"; recipientHeader: string }
  | { status: "dry_run"; recipientHeader: string }
  | { status: "not_sent"; reason: NotSentReason; message: string }
  | { status: "unknown_after_send"; reason: "not_in_thread" | "signal_after_send"; message: string; signal?: string };

export interface ComposerOptions {
  engine: SelectorEngine;
  /** Per-character delay range (settings.pacing.typingDelayMs); tests set it near zero. */
  typingDelayMs?: { min: number; max: number };
  /** How long the overlay may take to open, and the sent message to show up (ms). */
  openTimeoutMs?: number;
  verifyTimeoutMs?: number;
  random?: () => number;
  log?: Logger;
}

export interface SendOptions {
  /** Open and check the composer, then close it: no typing, no Send. */
  dryRun?: boolean;
  /** Called right before Send is clicked, after every check passed. */
  beforeSend?: () => Promise<void>;
}

/** An overlay that is open and checked: the header names the intended recipient. */
export interface OpenComposer {
  overlay: Locator;
  recipientHeader: string;
}

/** Lower case, accents and punctuation off: "Élodie  Bernard-Dupont" → "elodie bernard dupont". */
export function foldName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * True when every word of the card's name appears as a word in the composer header (the
 * "Christelle → Benjamin" guard). A first name alone is not enough: two Maries are common.
 */
export function recipientMatches(header: string, name: string): boolean {
  const headerWords = new Set(foldName(header).split(" "));
  const nameWords = foldName(name)
    .split(" ")
    .filter((w) => w.length > 0);
  return nameWords.length > 0 && nameWords.every((w) => headerWords.has(w));
}

/**
 * The pause between two reads while the overlay opens, the sent message shows up or a prompt
 * goes. Each read is one lookup (a round trip or two): a short pause costs little and saves up
 * to a pause per wait, several per wish.
 */
const POLL_MS = 25;

const normalizeText = (text: string) => text.replace(/\s+/g, " ").trim();

export class Composer {
  readonly #page: Page;
  readonly #options: ComposerOptions;

  constructor(page: Page, options: ComposerOptions) {
    this.#page = page;
    this.#options = options;
  }

  /** Closes every open conversation overlay (stray bubbles from earlier attempts). */
  async closeAll(): Promise<number> {
    const { engine } = this.#options;
    let closed = 0;
    for (let i = 0; i < 10; i++) {
      const overlays = await engine.findAll(this.#page, "composer.overlay");
      const overlay = overlays.at(-1);
      if (!overlay) break;
      const close = await engine.find(overlay, "composer.close");
      if (!close) {
        await this.#page.keyboard.press("Escape");
        if ((await engine.findAll(this.#page, "composer.overlay")).length >= overlays.length) break;
      } else {
        await safeClick(close, { what: "the overlay's close button" }).catch(() => undefined);
        await this.#waitForOverlayCount((n) => n < overlays.length, 3_000);
      }
      closed++;
    }
    return closed;
  }

  /**
   * Opens the conversation from the card's own Message button and checks the header names
   * `recipientName`. Never looks for a Message button outside the card.
   */
  async open(
    card: Locator,
    recipientName: string,
    options: { closeStray?: boolean } = {},
  ): Promise<OpenComposer | Extract<SendOutcome, { status: "not_sent" }>> {
    const { engine } = this.#options;
    if (options.closeStray ?? true) {
      // A share prompt that showed up after the last check (the check right after a send does
      // not wait for one) is answered before anything else is clicked.
      await this.dismissSharePrompt().catch(() => false);
      await this.closeAll();
    }
    // One batch read (as the scan reads cards): its candidates, Playwright-only ones included,
    // are mostly settled in the page in one round trip instead of one each.
    const offers = await engine.readMany(card, [
      { key: "birthday.card.connect_button", read: "exists", optional: true },
    ]);
    if (offers.get("birthday.card.connect_button") === true) {
      return notSent("not_a_connection", "the card offers Connect/Follow, not Message");
    }
    let button: Locator;
    try {
      button = await engine.resolve(card, "birthday.card.message_button", { timeoutMs: 3_000 });
    } catch (error) {
      if (!isNudgeError(error, "SELECTOR_MISSING")) throw error;
      return notSent("message_button_missing", error.message);
    }
    const before = (await engine.findAll(this.#page, "composer.overlay")).length;
    try {
      await safeClick(button, { what: "the card's Message button" });
    } catch (error) {
      return notSent("click_refused", firstLine(error));
    }
    const overlays = await this.#waitForOverlayCount((n) => n > before, this.#options.openTimeoutMs ?? 15_000);
    if (overlays.length === 0) {
      // Resolving records the miss with its artifacts.
      try {
        await engine.resolveAll(this.#page, "composer.overlay", { timeoutMs: 0 });
      } catch (error) {
        if (!isNudgeError(error, "SELECTOR_MISSING")) throw error;
        return notSent("composer_did_not_open", error.message);
      }
    }
    // The last overlay is the newest one: several bubbles can be open at once. Which person it
    // is with is checked on its header right below.
    const overlay =
      overlays.at(-1) ?? (await engine.resolveAll(this.#page, "composer.overlay", { timeoutMs: 0 })).at(-1);
    if (!overlay) return notSent("composer_did_not_open", "no conversation overlay opened");
    let header: string;
    try {
      header = await elementText(await engine.resolve(overlay, "composer.header", { timeoutMs: 5_000 }));
    } catch (error) {
      if (!isNudgeError(error, "SELECTOR_MISSING")) throw error;
      await this.closeAll();
      return notSent("recipient_mismatch", `could not read the composer header: ${error.message}`);
    }
    if (!recipientMatches(header, recipientName)) {
      await this.closeAll();
      return notSent("recipient_mismatch", `the composer is addressed to someone else (expected ${recipientName})`);
    }
    return { overlay, recipientHeader: header };
  }

  /** Opens from the card, types with per-character jitter, sends and verifies. */
  async sendFromCard(
    card: Locator,
    recipientName: string,
    text: string,
    options: SendOptions = {},
  ): Promise<SendOutcome> {
    const opened = await this.open(card, recipientName);
    if ("status" in opened) return opened;
    if (options.dryRun) {
      await this.closeAll();
      return { status: "dry_run", recipientHeader: opened.recipientHeader };
    }
    return this.send(opened, text, options);
  }

  async send(opened: OpenComposer, text: string, options: Pick<SendOptions, "beforeSend"> = {}): Promise<SendOutcome> {
    const { engine } = this.#options;
    const { overlay } = opened;
    let textbox: Locator;
    try {
      textbox = await engine.resolve(overlay, "composer.textbox", { timeoutMs: 5_000 });
    } catch (error) {
      if (!isNudgeError(error, "SELECTOR_MISSING")) throw error;
      return notSent("textbox_missing", error.message);
    }
    // Messages already in the thread with this very text (last year's wish used the same template).
    const alreadyThere = await this.#countInThread(overlay, text);
    try {
      await safeClick(textbox, { what: "the message box" });
      // A compose link's pop-up comes pre-filled with LinkedIn's suggestion: the wish replaces it.
      if (!(await this.#clear(textbox))) {
        return notSent("typing_failed", "the message box still holds the pre-filled text after clearing it");
      }
      await this.#type(text);
    } catch (error) {
      return notSent("typing_failed", firstLine(error));
    }
    if (normalizeText(await elementText(textbox)) !== normalizeText(text)) {
      await textbox.fill("").catch(() => undefined);
      return notSent("typing_failed", "the message box does not hold the exact text after typing");
    }
    let sendButton: Locator;
    try {
      sendButton = await engine.resolve(overlay, "composer.send", { timeoutMs: 5_000 });
    } catch (error) {
      if (!isNudgeError(error, "SELECTOR_MISSING")) throw error;
      return notSent("send_button_missing", error.message);
    }
    // The caller records the point of no return durably before the click, so that a crash right
    // after it is settled as "may have been sent", never as "not sent" (and never resent).
    // The overlay itself, not its position among the dialogs: a pop-up that closes on success
    // is replaced by other dialogs (the share prompt).
    const overlayHandle = await overlay.elementHandle({ timeout: 2_000 }).catch(() => null);
    await options.beforeSend?.();
    try {
      await safeClick(sendButton, { what: "Send" });
    } catch (error) {
      await overlayHandle?.dispose();
      return notSent("click_refused", firstLine(error));
    }
    // From here on the message may have left. Proof is the new message in the thread, or the
    // compose pop-up closing by itself (it closes on success only); text left in the editor is not.
    const proof = await pollUntil(
      async () => {
        // Checked first: once the pop-up is gone, a lookup inside it would wait for it in vain.
        const connected = overlayHandle
          ? await overlayHandle
              .evaluate((el: unknown) => (el as { isConnected: boolean }).isConnected)
              .catch(() => null)
          : true;
        if (connected === false) return "closed" as const;
        // A lookup inside a pop-up that closes meanwhile would wait for it: give it a short leash.
        const counted = this.#countInThread(overlay, text).catch(() => 0);
        const inThread = await Promise.race([counted, new Promise<number>((r) => setTimeout(() => r(-1), 1_000))]);
        return inThread > alreadyThere ? ("in_thread" as const) : null;
      },
      (found) => found !== null,
      { timeoutMs: this.#options.verifyTimeoutMs ?? 10_000, intervalMs: POLL_MS },
    );
    await overlayHandle?.dispose();
    if (proof !== null) {
      await this.dismissSharePrompt().catch(() => false);
      await this.closeAll().catch(() => 0);
      return { status: "sent_verified", recipientHeader: opened.recipientHeader };
    }
    try {
      await detectSignals(this.#page, { engine });
    } catch (error) {
      if (isNudgeError(error)) {
        return {
          status: "unknown_after_send",
          reason: "signal_after_send",
          message: error.message,
          signal: error.code,
        };
      }
    }
    return {
      status: "unknown_after_send",
      reason: "not_in_thread",
      message: "Send was clicked but the message did not show up in the thread",
    };
  }

  /**
   * "Share your profile details?" after a send (2026): answered "Not now", never "Share". True
   * when a prompt was there and was dismissed. It shows as the pop-up closes, so it is looked for
   * once, without waiting, right after the send's proof and again before the next card's
   * composer opens (a wait here would cost every wish, prompt or not).
   */
  async dismissSharePrompt(timeoutMs = 0): Promise<boolean> {
    const { engine } = this.#options;
    const prompt = await engine.find(this.#page, "composer.share_prompt", { timeoutMs });
    if (!prompt) return false;
    const dismiss = await engine.find(prompt, "composer.share_prompt_dismiss", { timeoutMs: 1_000 });
    if (dismiss) await safeClick(dismiss, { what: "the share prompt's Not now" });
    else await this.#page.keyboard.press("Escape");
    await pollUntil(
      async () => (await engine.find(this.#page, "composer.share_prompt")) === null,
      (gone) => gone,
      { timeoutMs: 2_000, intervalMs: POLL_MS },
    );
    return true;
  }

  /** Empties a pre-filled message box (select all, delete); true when it is empty. */
  async #clear(textbox: Locator): Promise<boolean> {
    if ((await elementText(textbox)) === "") return true;
    await this.#page.keyboard.press("ControlOrMeta+A");
    await this.#page.keyboard.press("Backspace");
    return (await elementText(textbox)) === "";
  }

  async #countInThread(overlay: Locator, text: string): Promise<number> {
    const wanted = normalizeText(text);
    const messages = await this.#options.engine.findAll(overlay, "composer.thread_message");
    let count = 0;
    for (const m of messages) if (normalizeText(await elementText(m)).includes(wanted)) count++;
    return count;
  }

  async #type(text: string): Promise<void> {
    const { min, max } = this.#options.typingDelayMs ?? { min: 40, max: 140 };
    const random = this.#options.random ?? Math.random;
    if (max < 1) {
      // No typing delay configured (tests, the bench, pacing 0): a line at a time, one round trip
      // each, instead of one per character. insertText goes through the editor as typing does
      // (beforeinput and input events: the page enables Send from them), without key events.
      for (const [i, line] of text.split("\n").entries()) {
        if (i > 0) await this.#page.keyboard.press("Shift+Enter");
        if (line) await this.#page.keyboard.insertText(line);
      }
      return;
    }
    for (const ch of text) {
      // Enter sends on LinkedIn when "Press Enter to send" is on: a new line is Shift+Enter.
      if (ch === "\n") await this.#page.keyboard.press("Shift+Enter");
      else await this.#page.keyboard.type(ch);
      const delay = min + (max - min) * random();
      if (delay >= 1) await new Promise((r) => setTimeout(r, delay));
    }
  }

  async #waitForOverlayCount(accept: (count: number) => boolean, timeoutMs: number): Promise<Locator[]> {
    const overlays = () => this.#options.engine.findAll(this.#page, "composer.overlay");
    return pollUntil(overlays, (found) => accept(found.length), { timeoutMs, intervalMs: POLL_MS });
  }
}

function notSent(reason: NotSentReason, message: string): Extract<SendOutcome, { status: "not_sent" }> {
  return { status: "not_sent", reason, message };
}
