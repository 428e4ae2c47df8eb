/**
 * Every error code Nudge shows to a client, in one place. The kind says how a transport should
 * present it (the API maps kinds to tRPC codes); the code is stable and documented for scripts.
 */
export const ERROR_CODES = {
  // input and lookup
  VALIDATION_FAILED: "invalid",
  INVALID_TEMPLATE: "invalid",
  INVALID_SETTINGS: "invalid",
  INVALID_SESSION: "invalid",
  /** A file given to the import of the original bot is not one it wrote (or is damaged); nothing was imported. */
  IMPORT_SOURCE_REFUSED: "invalid",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  // auth
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  TOO_MANY_ATTEMPTS: "rate_limited",
  // domain preconditions
  QUOTA_EXHAUSTED: "rate_limited",
  BREAKER_OPEN: "precondition",
  SESSION_MISSING: "precondition",
  SESSION_EXPIRED: "precondition",
  OUTSIDE_WORKING_HOURS: "precondition",
  RUN_ALREADY_ACTIVE: "conflict",
  ACCOUNT_PAUSED: "precondition",
  ENCRYPTION_KEY_MISSING: "precondition",
  ENCRYPTION_KEY_MISMATCH: "precondition",
  // LinkedIn push-back and page problems (raised by the browser engine, understood by the breaker)
  LINKEDIN_LOGGED_OUT: "unavailable",
  LINKEDIN_CHECKPOINT: "unavailable",
  LINKEDIN_WEEKLY_LIMIT: "unavailable",
  LINKEDIN_RATE_LIMITED: "unavailable",
  LINKEDIN_RESTRICTED: "unavailable",
  LINKEDIN_UNREACHABLE: "unavailable",
  SELECTOR_MISSING: "unavailable",
  /** The engine refused to click an element a person could not see (a honeypot). */
  UNSAFE_CLICK_REFUSED: "unavailable",
  BROWSER_FAILED: "unavailable",
  // infrastructure
  COORDINATOR_UNAVAILABLE: "unavailable",
  INTERNAL: "internal",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorKind = (typeof ERROR_CODES)[ErrorCode];

export class NudgeError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  /** Safe, structured detail for the client (never secrets). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { details?: Record<string, unknown>; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "NudgeError";
    this.code = code;
    this.kind = ERROR_CODES[code];
    this.details = options?.details;
  }
}

export function isNudgeError(error: unknown, code?: ErrorCode): error is NudgeError {
  return error instanceof NudgeError && (code === undefined || error.code === code);
}
