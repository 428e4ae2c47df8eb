import type { Page, Response } from "playwright-core";
import { NudgeError, isNudgeError } from "../../errors/nudge-error.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { safeUrl } from "../selectors/selector-engine.js";
import { detectSignals } from "./signals.js";

/**
 * Opens a LinkedIn URL and checks it for push-back signals. Network errors and timeouts become
 * LINKEDIN_UNREACHABLE (a transient failure for the breaker); signals their own codes.
 */
export async function openLinkedInPage(page: Page, url: string, options: { engine?: SelectorEngine; timeoutMs?: number } = {}): Promise<Response | null> {
  let response: Response | null;
  try {
    response = await page.goto(url, { waitUntil: "domcontentloaded", timeout: options.timeoutMs ?? 60_000 });
  } catch (error) {
    if (isNudgeError(error)) throw error;
    throw new NudgeError("LINKEDIN_UNREACHABLE", `could not open ${safeUrl(url)}: ${String(error instanceof Error ? error.message : error).split("\n")[0]}`, {
      details: { url: safeUrl(url) },
    });
  }
  await detectSignals(page, { response, engine: options.engine });
  return response;
}
