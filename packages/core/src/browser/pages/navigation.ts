import type { Page, Response } from "playwright-core";
import { firstLine } from "../../errors/first-line.js";
import { NudgeError, isNudgeError } from "../../errors/nudge-error.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { detectSignals } from "./signals.js";

/** Origin and path only: query strings can carry tokens, so this is what logs and errors show. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "about:blank";
  }
}

/**
 * Opens a LinkedIn URL and checks it for push-back signals. Network errors and timeouts become
 * LINKEDIN_UNREACHABLE (a transient failure for the breaker); signals their own codes.
 */
export async function openLinkedInPage(
  page: Page,
  url: string,
  options: { engine?: SelectorEngine; timeoutMs?: number } = {},
): Promise<Response | null> {
  let response: Response | null;
  try {
    response = await page.goto(url, { waitUntil: "domcontentloaded", timeout: options.timeoutMs ?? 60_000 });
  } catch (error) {
    if (isNudgeError(error)) throw error;
    throw new NudgeError("LINKEDIN_UNREACHABLE", `could not open ${safeUrl(url)}: ${firstLine(error)}`, {
      details: { url: safeUrl(url) },
    });
  }
  await detectSignals(page, { response, engine: options.engine });
  return response;
}
