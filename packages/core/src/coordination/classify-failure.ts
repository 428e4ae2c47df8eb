import { isNudgeError, type ErrorCode } from "../errors/index.js";
import type { FailureClass } from "./coordinator.js";

export interface FailureClassification {
  class: FailureClass;
  /** What the breaker records as its reason: the error code when there is one. */
  reason: string;
}

/** LinkedIn pushing back: the breaker opens hard until a person (or the long cool-down) closes it. */
const RESTRICTION_CODES: ReadonlySet<ErrorCode> = new Set([
  "LINKEDIN_CHECKPOINT",
  "LINKEDIN_WEEKLY_LIMIT",
  "LINKEDIN_RATE_LIMITED",
  "LINKEDIN_RESTRICTED",
]);
const SESSION_CODES: ReadonlySet<ErrorCode> = new Set(["LINKEDIN_LOGGED_OUT", "SESSION_EXPIRED"]);
/** The page or the browser misbehaved: worth retrying after a pause. */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set(["LINKEDIN_UNREACHABLE", "BROWSER_FAILED", "SELECTOR_MISSING"]);

const CLASSES: ReadonlySet<string> = new Set<FailureClass>(["transient", "restricted", "session_expired", "none"]);

/**
 * The one mapping from what went wrong to what the breaker does (docs/architecture.md#circuit-breaker).
 *
 * - restriction signals (checkpoint, weekly-limit banner, HTTP 429, restricted account) → `restricted`;
 * - a redirect to the login page → `session_expired`;
 * - timeouts, navigation and browser errors, and any error we do not recognise → `transient`
 *   (three in a row pause the account: an unknown failure on LinkedIn's pages is a reason to slow
 *   down, not to carry on);
 * - our own refusals and input errors (quota exhausted, validation, not found…) → `none`: they
 *   say nothing about LinkedIn.
 *
 * A `FailureClass` string passes through unchanged.
 */
export function classifyFailure(failure: unknown): FailureClassification {
  if (typeof failure === "string" && CLASSES.has(failure)) return { class: failure as FailureClass, reason: failure };
  if (isNudgeError(failure)) {
    if (RESTRICTION_CODES.has(failure.code)) return { class: "restricted", reason: failure.code };
    if (SESSION_CODES.has(failure.code)) return { class: "session_expired", reason: "session_expired" };
    if (TRANSIENT_CODES.has(failure.code)) return { class: "transient", reason: failure.code };
    return { class: "none", reason: failure.code };
  }
  // playwright-core's TimeoutError, net::ERR_* navigation failures, crashed pages and the like.
  const name = failure instanceof Error ? failure.name : "";
  return { class: "transient", reason: name === "TimeoutError" ? "timeout" : "transient" };
}
