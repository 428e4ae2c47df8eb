import { AuthFailureLimiter, type Caller, type Nudge } from "@nudge/core";
import type { ApiKeyRole } from "@nudge/db";
import type { Logger } from "pino";

/** Who is calling: an API key (header) or a panel session cookie obtained with a key. */
export interface Principal {
  via: "api_key" | "panel_session";
  keyId: number;
  name: string;
  role: ApiKeyRole;
}

/**
 * Long-lived services the procedures use, built once per app by the server (or a test) and
 * shared by every request. Procedures reach the domain only through `nudge`.
 */
export interface ApiServices {
  /** The domain's use cases (`createNudge`). */
  nudge: Nudge;
  log: Logger;
  /** Slows down key guessing per caller address. */
  authFailures: AuthFailureLimiter;
  version: string;
  startedAt: Date;
  /** Called after every procedure call (the server counts them in Prometheus). */
  observeCall?: (call: { path: string; type: string; code: string; durationMs: number }) => void;
}

/** Builds the services around a `Nudge`, so that the server and every test wire them the same way. */
export function createApiServices(parts: {
  nudge: Nudge;
  log: Logger;
  version?: string;
  startedAt?: Date;
  observeCall?: ApiServices["observeCall"];
}): ApiServices {
  return {
    ...parts,
    authFailures: new AuthFailureLimiter(parts.nudge.clock),
    version: parts.version ?? "0.0.0",
    startedAt: parts.startedAt ?? parts.nudge.clock.now(),
  };
}

/**
 * The panel's session cookie as the transport sees it: the value the request carried, whether the
 * request came from another site, and how to set or clear the cookie on the response.
 */
export interface PanelCookieJar {
  readonly value: string | undefined;
  /** Sent from another site (Origin / Sec-Fetch-Site): cookie-authenticated mutations are refused. */
  readonly crossSite: boolean;
  set(value: string, expiresAt: Date): void;
  clear(): void;
}

/** A jar for in-process callers and tests: remembers what was set, never cross-site. */
export function memoryPanelCookies(initial?: string): PanelCookieJar & { value: string | undefined } {
  return {
    value: initial,
    crossSite: false,
    set(value) {
      this.value = value;
    },
    clear() {
      this.value = undefined;
    },
  };
}

export interface Context {
  services: ApiServices;
  /** Shorthand for `services.nudge`: the only door to the domain. */
  nudge: Nudge;
  log: Logger;
  requestId: string;
  /** The caller's address, for auth-failure throttling; "local" for in-process callers. */
  ip: string;
  principal: Principal | null;
  /** True when a key was presented but did not verify (so protected procedures say 401). */
  badCredentials: boolean;
  /** True when a panel cookie was presented but its session has ended (expired, signed out, key revoked). */
  sessionEnded: boolean;
  panel: PanelCookieJar;
}

/** The audit identity of an authenticated call: the key's name and the request's logger. */
export function callerOf(ctx: { principal: Principal; log: Logger }): Caller {
  return { by: ctx.principal.name, log: ctx.log };
}

/**
 * Pure context for tests and in-process callers (`createCaller`): no HTTP involved.
 */
export function createInnerContext(input: {
  services: ApiServices;
  principal?: Principal | null;
  requestId?: string;
  ip?: string;
  log?: Logger;
  panel?: PanelCookieJar;
}): Context {
  const requestId = input.requestId ?? "local";
  return {
    services: input.services,
    nudge: input.services.nudge,
    log: input.log ?? input.services.log.child({ reqId: requestId }),
    requestId,
    ip: input.ip ?? "local",
    principal: input.principal ?? null,
    badCredentials: false,
    sessionEnded: false,
    panel: input.panel ?? memoryPanelCookies(),
  };
}

/**
 * Context for an HTTP request: resolves the `x-api-key` header, or else the panel's session
 * cookie, to a principal. Key failures are recorded per address; the transport answers 429 once
 * an address is throttled. A cookie whose session has ended is cleared from the browser. Without
 * a key or a cookie there is nothing to look up, and the context is returned as it is (no promise).
 */
export function createRequestContext(input: {
  services: ApiServices;
  apiKey: string | null | undefined;
  requestId: string;
  ip: string;
  log: Logger;
  panel?: PanelCookieJar;
}): Context | Promise<Context> {
  const ctx = createInnerContext(input);
  if (input.apiKey) return withApiKey(ctx, input.apiKey);
  if (ctx.panel.value) return withPanelSession(ctx, ctx.panel.value);
  return ctx;
}

async function withApiKey(ctx: Context, apiKey: string): Promise<Context> {
  const verified = await ctx.nudge.keys.verify(apiKey);
  if (verified) {
    // A success leaves the failure count alone: a valid key must not reset an address's guesses.
    ctx.principal = { via: "api_key", keyId: verified.id, name: verified.name, role: verified.role };
  } else {
    ctx.badCredentials = true;
    ctx.services.authFailures.recordFailure(ctx.ip);
  }
  return ctx;
}

async function withPanelSession(ctx: Context, cookie: string): Promise<Context> {
  const session = await ctx.nudge.panelSessions.resolve(cookie);
  if (session) {
    ctx.principal = { via: "panel_session", keyId: session.id, name: session.name, role: session.role };
  } else {
    ctx.sessionEnded = true;
    ctx.panel.clear();
  }
  return ctx;
}
