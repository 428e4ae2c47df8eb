import type { Context } from "hono";
import type { Logger } from "pino";
import { SECURITY_HEADERS } from "./security-headers.js";

/** Per-request values the middleware shares with handlers. */
export type Env = { Variables: { requestId: string; log?: Logger; stamped?: boolean } };

/**
 * The request's logger: a child carrying `reqId`, created on first use, so requests that log
 * nothing (probes at the default level) never pay for it.
 */
export function requestLog(c: Context, root: Logger): Logger {
  let log = c.get("log") as Logger | undefined;
  if (!log) {
    log = root.child({ reqId: c.get("requestId") as string });
    c.set("log", log);
  }
  return log;
}

export function stampHeaders(headers: Headers, requestId: string, machine: boolean): void {
  headers.set("x-request-id", requestId);
  if (!machine) for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
}

const SECURITY_RECORD: Readonly<Record<string, string>> = Object.fromEntries(SECURITY_HEADERS);

/**
 * Plain-object headers for a response a hot handler builds itself: the request id, and the
 * security headers unless it is a machine endpoint. Marks the request as stamped so the
 * middleware leaves the response alone.
 */
export function stampedHeaders(c: Context, contentType: string, machine = false, extra?: Record<string, string>): Record<string, string> {
  c.set("stamped", true);
  const headers: Record<string, string> = machine ? {} : { ...SECURITY_RECORD };
  headers["content-type"] = contentType;
  headers["x-request-id"] = c.get("requestId") as string;
  return extra ? Object.assign(headers, extra) : headers;
}
