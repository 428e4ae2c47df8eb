import type { Page, Response } from "playwright-core";
import { firstLine } from "../../errors/first-line.js";
import { NudgeError, isNudgeError } from "../../errors/nudge-error.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { detectSignals, signalFromUrl } from "./signals.js";

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
 * LINKEDIN_UNREACHABLE (a transient failure for the breaker); signals their own codes, a redirect
 * loop LINKEDIN_RATE_LIMITED and a redirect chain through `/checkpoint/` LINKEDIN_CHECKPOINT.
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
    // LinkedIn answers a throttled session's every URL with a redirect loop: a restriction, not
    // a network failure to retry (docs/linkedin-pages.md#warning-signs).
    if (/ERR_TOO_MANY_REDIRECTS/.test(firstLine(error))) {
      throw new NudgeError(
        "LINKEDIN_RATE_LIMITED",
        `LinkedIn answers with a redirect loop (throttled session) at ${safeUrl(url)}`,
        {
          details: { signal: "LINKEDIN_RATE_LIMITED", url: safeUrl(url), redirectLoop: true },
        },
      );
    }
    throw new NudgeError("LINKEDIN_UNREACHABLE", `could not open ${safeUrl(url)}: ${firstLine(error)}`, {
      details: { url: safeUrl(url) },
    });
  }
  if (response) checkRedirectChain(response);
  await detectSignals(page, { response, engine: options.engine });
  return response;
}

/**
 * A navigation that went through `/checkpoint/…` is a checkpoint even when it lands on a page
 * that looks normal. (A chain through the login page that lands elsewhere is not a logout.)
 */
export function checkRedirectChain(response: Response): void {
  for (let request = response.request().redirectedFrom(); request; request = request.redirectedFrom()) {
    const code = signalFromUrl(request.url());
    if (code === "LINKEDIN_CHECKPOINT" || code === "LINKEDIN_RESTRICTED") {
      throw new NudgeError(code, `LinkedIn redirected through a security check (${safeUrl(request.url())})`, {
        details: { signal: code, url: safeUrl(request.url()) },
      });
    }
  }
}
