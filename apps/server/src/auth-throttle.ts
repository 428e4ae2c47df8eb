import type { AuthFailureLimiter } from "@nudge/core";
import type { Context } from "hono";

/**
 * The 429 for an address throttled after failed authentications (API keys and metrics tokens
 * alike), or undefined when it may go on. Answered before anything of the request is read.
 */
export function throttledResponse(c: Context, limiter: AuthFailureLimiter, address: string): Response | undefined {
  const waitMs = limiter.retryAfterMs(address);
  if (waitMs <= 0) return undefined;
  const seconds = Math.ceil(waitMs / 1000);
  const message = `too many failed authentications; retry in ${seconds} s`;
  return c.json({ error: { code: "TOO_MANY_ATTEMPTS", message } }, 429, { "retry-after": String(seconds) });
}
