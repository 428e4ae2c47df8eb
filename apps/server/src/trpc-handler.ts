import { appRouter, createRequestContext, type ApiServices } from "@nudge/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Context } from "hono";
import { throttledResponse } from "./auth-throttle.js";
import type { BodyCheck } from "./body-limit.js";
import { clientAddress, type TrustedProxies } from "./client-address.js";
import { panelCookieJar } from "./panel-cookie.js";
import { requestHeader, requestLog } from "./request-context.js";

export const TRPC_ENDPOINT = "/trpc";
/**
 * Calls per batch request. The client's batch link splits larger batches at the same number; a
 * bigger batch is refused by tRPC with a 400.
 */
export const MAX_BATCH_SIZE = 20;

/**
 * Serves every tRPC call through tRPC's own fetch adapter (docs/decisions/trpc-through-adapter.md).
 * The context is built from the Hono context — request id, logger, caller address — and typed end
 * to end, with the panel's session cookie (read from the request, set on tRPC's response
 * headers). An address throttled for failed authentications gets its 429 before anything of the
 * request is read, and an oversized body its 413 before tRPC reads it.
 */
export function trpcHandler(services: ApiServices, proxies: TrustedProxies, checkBody: BodyCheck) {
  const serve = (c: Context, ip: string): Promise<Response> =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: c.req.raw,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ resHeaders }) =>
        createRequestContext({
          services,
          apiKey: requestHeader(c, "x-api-key"),
          requestId: c.get("requestId") as string,
          ip,
          log: requestLog(c, services.log),
          panel: panelCookieJar(c, proxies, resHeaders),
        }),
    });
  // Not an async function: a GET (no body to check) hands tRPC's own promise back as it is,
  // without the extra promise and ticks an async wrapper adds to every call.
  return (c: Context): Response | Promise<Response> => {
    const ip = clientAddress(c, proxies);
    const throttled = throttledResponse(c, services.authFailures, ip);
    if (throttled) return throttled;
    const checking = checkBody(c);
    if (!checking) return serve(c, ip);
    return checking.then((tooLarge) => tooLarge ?? serve(c, ip));
  };
}
