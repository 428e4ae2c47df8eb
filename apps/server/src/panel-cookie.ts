import type { PanelCookieJar } from "@nudge/api";
import type { Context } from "hono";
import { parse, serialize } from "hono/utils/cookie";
import type { TrustedProxies } from "./client-address.js";
import { nodeRequest, requestHeader } from "./request-context.js";

export const PANEL_COOKIE = "nudge_panel";

/**
 * Whether a browser sent the request from another site. `Sec-Fetch-Site` says so outright in
 * current browsers; otherwise the Origin must name this very host. A same-site sibling
 * (`evil.example.com` next to `nudge.example.com`) counts as another site: SameSite=Strict would
 * still send it the cookie. Requests without either header are not from a browser page.
 */
export function isCrossSite(c: Context): boolean {
  const site = requestHeader(c, "sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = requestHeader(c, "origin");
  if (origin === undefined) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== requestHeader(c, "host");
  } catch {
    return true;
  }
}

/** Served over HTTPS: by this process itself, or by a trusted reverse proxy that says so. */
function servedOverHttps(c: Context, proxies: TrustedProxies): boolean {
  const incoming = nodeRequest(c);
  if (incoming) {
    if ("encrypted" in incoming.socket && incoming.socket.encrypted) return true;
    const peer = incoming.socket.remoteAddress;
    return peer !== undefined && proxies.has(peer) && requestHeader(c, "x-forwarded-proto") === "https";
  }
  return new URL(c.req.url).protocol === "https:";
}

/**
 * The panel's session cookie for one request: read from its Cookie header, written to the
 * response's headers (tRPC's `resHeaders`). httpOnly, SameSite=Strict, Secure over HTTPS, and it
 * expires with the session. Whether it is served over HTTPS is worked out only when a cookie is
 * written. `crossSite` stays a plain property: a getter here (a per-request accessor closure on the
 * context tRPC carries) tripled the process's minor-GC time per call in `pnpm bench api`.
 */
export function panelCookieJar(c: Context, proxies: TrustedProxies, resHeaders: Headers): PanelCookieJar {
  const header = requestHeader(c, "cookie");
  const value = header ? parse(header, PANEL_COOKIE)[PANEL_COOKIE] : undefined;
  const write = (cookie: string, expires: Date) => {
    const secure = servedOverHttps(c, proxies);
    resHeaders.append(
      "set-cookie",
      serialize(PANEL_COOKIE, cookie, { httpOnly: true, sameSite: "Strict", secure, path: "/", expires }),
    );
  };
  return {
    value: value || undefined,
    crossSite: isCrossSite(c),
    set: write,
    clear: () => write("", new Date(0)),
  };
}
