import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ERROR_CODES, isNudgeError, roleAllows, type ErrorCode, type ErrorKind } from "@nudge/core";
import type { ApiKeyRole } from "@nudge/db";
import { z, ZodError } from "zod";
import type { Context } from "./context.js";
import { serverTransformer } from "./input-envelope.js";

const KIND_TO_TRPC: Record<ErrorKind, TRPC_ERROR_CODE_KEY> = {
  invalid: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  rate_limited: "TOO_MANY_REQUESTS",
  precondition: "PRECONDITION_FAILED",
  unavailable: "SERVICE_UNAVAILABLE",
  internal: "INTERNAL_SERVER_ERROR",
};

/** The stable `data.code` for errors tRPC raises itself. */
const TRPC_TO_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  BAD_REQUEST: "VALIDATION_FAILED",
  PARSE_ERROR: "VALIDATION_FAILED",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_ATTEMPTS",
  PAYLOAD_TOO_LARGE: "VALIDATION_FAILED",
  METHOD_NOT_SUPPORTED: "VALIDATION_FAILED",
  UNSUPPORTED_MEDIA_TYPE: "VALIDATION_FAILED",
};

/** Carries our stable code on a TRPCError. */
class CodedTRPCError extends TRPCError {
  readonly nudgeCode: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(opts: {
    code: TRPC_ERROR_CODE_KEY;
    message: string;
    nudgeCode: ErrorCode;
    details?: Record<string, unknown>;
    cause?: unknown;
  }) {
    super({ code: opts.code, message: opts.message, cause: opts.cause });
    this.nudgeCode = opts.nudgeCode;
    this.details = opts.details;
  }
}

/** A tRPC error carrying one of our codes, with the HTTP status its kind calls for. */
export function apiError(code: ErrorCode, message: string, details?: Record<string, unknown>): TRPCError {
  return new CodedTRPCError({ code: KIND_TO_TRPC[ERROR_CODES[code]], message, nudgeCode: code, details });
}

/** Said instead of the text of whatever failed while reading an input (JSON, superjson, a parser). */
const UNREADABLE_INPUT = "invalid input: the request could not be decoded";

const t = initTRPC.context<Context>().create({
  transformer: serverTransformer,
  // Never a stack trace in a response, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    let code: ErrorCode;
    let message = shape.message;
    let details: Record<string, unknown> | undefined;
    if (error instanceof CodedTRPCError) {
      code = error.nudgeCode;
      details = error.details;
    } else if (zodError) {
      code = "VALIDATION_FAILED";
      message = "invalid input";
    } else {
      code = TRPC_TO_CODE[error.code] ?? "INTERNAL";
      // tRPC wraps an exception raised while reading the input in a BAD_REQUEST that repeats the
      // exception's own text ("Maximum call stack size exceeded", "Cannot destructure …").
      if (code === "VALIDATION_FAILED" && error.cause !== undefined && !(error.cause instanceof TRPCError)) {
        message = UNREADABLE_INPUT;
      }
    }
    // Internal messages can carry SQL, paths or secrets: the client gets a fixed sentence.
    if (code === "INTERNAL") message = "internal error";
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, code, zodError, ...(details ? { details } : {}) } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Turns domain errors into tRPC errors with the right HTTP status and a stable code. */
const domainErrors = t.middleware(async ({ next, ctx, path, type }) => {
  const started = performance.now();
  const result = await next();
  const observe = ctx.services.observeCall;
  if (result.ok) {
    observe?.({ path, type, code: "OK", durationMs: performance.now() - started });
  } else {
    const failure = result.error;
    const code =
      failure instanceof CodedTRPCError
        ? failure.nudgeCode
        : isNudgeError(failure.cause)
          ? failure.cause.code
          : failure.code;
    observe?.({ path, type, code, durationMs: performance.now() - started });
    const cause = result.error.cause;
    if (isNudgeError(cause)) {
      throw new CodedTRPCError({
        code: KIND_TO_TRPC[cause.kind],
        message: cause.message,
        nudgeCode: cause.code,
        details: cause.details,
        cause,
      });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error({ err: result.error.cause ?? result.error, path }, "procedure failed");
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

function unauthenticated(ctx: Context): string {
  if (ctx.badCredentials) return "invalid or revoked API key";
  if (ctx.sessionEnded) return "your panel session has ended: sign in again";
  return "an API key is required (x-api-key header)";
}

/**
 * A browser sends the panel's cookie with any request to this site, so a change asked for with
 * the cookie must come from the panel's own pages (docs/architecture.md#panel-sessions).
 */
export function refuseCrossSite(ctx: Context): void {
  if (ctx.panel.crossSite)
    throw apiError("FORBIDDEN", "cross-site request refused: changes must come from the panel itself");
}

function requireRole(role: ApiKeyRole) {
  return t.middleware(({ ctx, next, type }) => {
    if (!ctx.principal) throw apiError("UNAUTHORIZED", unauthenticated(ctx));
    if (type === "mutation" && ctx.principal.via === "panel_session") refuseCrossSite(ctx);
    if (!roleAllows(ctx.principal.role, role)) {
      throw apiError("FORBIDDEN", `this needs the ${role} role; your key has ${ctx.principal.role}`);
    }
    return next({ ctx: { ...ctx, principal: ctx.principal } });
  });
}

/** Read access. */
export const viewerProcedure = publicProcedure.use(requireRole("viewer"));
/** + start and cancel runs. */
export const operatorProcedure = publicProcedure.use(requireRole("operator"));
/** + settings, keys and sessions. */
export const adminProcedure = publicProcedure.use(requireRole("admin"));
