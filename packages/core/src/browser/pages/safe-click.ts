import type { Locator } from "playwright-core";
import { NudgeError } from "../../errors/nudge-error.js";
import { clickCheck } from "../in-page/in-page.js";

/**
 * Clicks like a person would, or refuses. LinkedIn (and the simulator) plant look-alike controls
 * a person cannot see — transparent, off-screen, hidden, zero-size or aria-hidden — and clicking
 * one is a bot tell. Playwright calls an `opacity: 0` element visible, so the check is ours, and
 * there is no force or JavaScript click fallback that would bypass it.
 */
export async function safeClick(target: Locator, options: { timeoutMs?: number; what?: string } = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 5_000;
  const what = options.what ?? "an element";
  const before = await clickCheck(target, { timeout });
  if (!before.ok) throw new NudgeError("UNSAFE_CLICK_REFUSED", `refused to click ${what}: ${before.reason}`, { details: { reason: before.reason } });
  await target.scrollIntoViewIfNeeded({ timeout });
  await target.click({ timeout });
}
