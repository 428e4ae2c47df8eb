import { createRequestContext, type ApiServices } from "@nudge/api";
import type { Context } from "hono";
import { throttledResponse } from "./auth-throttle.js";
import { clientAddress, type TrustedProxies } from "./client-address.js";
import { panelCookieJar } from "./panel-cookie.js";
import { requestHeader, requestLog } from "./request-context.js";

export type RequestContext = Awaited<ReturnType<typeof createRequestContext>>;

/**
 * The caller of a plain HTTP route (a download, an artifact), authenticated exactly as the API
 * authenticates a tRPC call: an API key or the panel's session cookie, with the same throttle on
 * repeated failures. A Response when the address is throttled; the context otherwise, whose
 * `principal` is null when nobody signed in.
 */
export async function plainRouteContext(
  c: Context,
  services: ApiServices,
  proxies: TrustedProxies,
): Promise<Response | RequestContext> {
  const ip = clientAddress(c, proxies);
  const throttled = throttledResponse(c, services.authFailures, ip);
  if (throttled) return throttled;
  return createRequestContext({
    services,
    apiKey: requestHeader(c, "x-api-key"),
    requestId: c.get("requestId") as string,
    ip,
    log: requestLog(c, services.log),
    panel: panelCookieJar(c, proxies, new Headers()),
  });
}
