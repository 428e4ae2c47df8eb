import { ApiKeyVerifier, AuthFailureLimiter, type Clock, type Coordinator, type EncryptionKey, type NudgeBrowser } from "@nudge/core";
import type { ApiKeyRole, Database } from "@nudge/db";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

/** Who is calling: an API key (header) or, later, a panel session cookie derived from a key. */
export interface Principal {
  via: "api_key" | "panel_session";
  keyId: number;
  name: string;
  role: ApiKeyRole;
}

/**
 * Long-lived services the procedures use. Built once per app by the server (or a test) and
 * shared by every request. Optional parts are those a process role may not have.
 */
export interface ApiServices {
  db: Database;
  clock: Clock;
  log: Logger;
  keys: ApiKeyVerifier;
  authFailures: AuthFailureLimiter;
  /** Quotas, breaker, leases and event fan-out, shared by every process (Redis or database). */
  coordinator: Coordinator;
  version: string;
  startedAt: Date;
  /** Account sessions: encryption at rest and live checks (router `accounts`). */
  sessions?: SessionServices;
  /** The app's Prometheus registry, for domain metrics recorded inside procedures (selectors). */
  registry?: Registry;
  /** Called after every procedure call (the server counts them in Prometheus). */
  observeCall?: (call: { path: string; type: string; code: string; durationMs: number }) => void;
}

export interface SessionServices {
  /** `NUDGE_ENCRYPTION_KEY` first, then previous keys during a rotation; empty when unset. */
  keys: EncryptionKey[];
  /** `LINKEDIN_BASE_URL` (default https://www.linkedin.com; the simulator in tests and the demo). */
  linkedinBaseUrl: string;
  /** Where selector-miss artifacts of a live check go (`<dataDir>/artifacts/…`). */
  dataDir: string;
  /** Lends a browser for a live check (launch + guaranteed close, or the worker's own). */
  withBrowser<T>(fn: (browser: NudgeBrowser) => Promise<T>): Promise<T>;
}

/**
 * Builds the services from their parts; the key verifier and the auth-failure limiter are made
 * here so that the server and every test wire them the same way.
 */
export function createApiServices(
  parts: Omit<ApiServices, "keys" | "authFailures" | "startedAt" | "version"> & { version?: string; startedAt?: Date },
): ApiServices {
  return {
    ...parts,
    keys: new ApiKeyVerifier(parts.db, parts.clock),
    authFailures: new AuthFailureLimiter(parts.clock),
    version: parts.version ?? "0.0.0",
    startedAt: parts.startedAt ?? parts.clock.now(),
  };
}

export interface Context {
  services: ApiServices;
  log: Logger;
  requestId: string;
  /** The caller's address, for auth-failure throttling; "local" for in-process callers. */
  ip: string;
  principal: Principal | null;
  /** True when a key was presented but did not verify (so protected procedures say 401). */
  badCredentials: boolean;
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
}): Context {
  const requestId = input.requestId ?? "local";
  return {
    services: input.services,
    log: input.log ?? input.services.log.child({ reqId: requestId }),
    requestId,
    ip: input.ip ?? "local",
    principal: input.principal ?? null,
    badCredentials: false,
  };
}

/**
 * Context for an HTTP request: resolves the `x-api-key` header to a principal. Failures are
 * recorded per address; the transport answers 429 once an address is throttled.
 */
export async function createRequestContext(input: {
  services: ApiServices;
  apiKey: string | null | undefined;
  requestId: string;
  ip: string;
  log: Logger;
}): Promise<Context> {
  const ctx = createInnerContext(input);
  if (input.apiKey) {
    const verified = await input.services.keys.verify(input.apiKey);
    if (verified) {
      // A success leaves the failure count alone: a valid key must not reset an address's guesses.
      ctx.principal = { via: "api_key", keyId: verified.id, name: verified.name, role: verified.role };
    } else {
      ctx.badCredentials = true;
      input.services.authFailures.recordFailure(input.ip);
    }
  }
  return ctx;
}
