import { NudgeError } from "../../errors/nudge-error.js";

/**
 * LinkedIn session cookies as uploaded by a person, normalised to Playwright's storage state.
 *
 * Accepted uploads: a Playwright storage state (`{ cookies, origins }`), a cookie array exported
 * by EditThisCookie or Cookie-Editor (a bare array or `{ cookies: [...] }`), or the bare value of
 * the `li_at` cookie (optionally written `li_at=<value>`).
 *
 * Nothing here ever puts a cookie value in an error message, a log line or a summary: errors name
 * cookies by name and position only, and JSON parse errors (which quote the input) are replaced.
 */

export type SameSite = "Strict" | "Lax" | "None";

export interface SessionCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds; -1 for a session cookie. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
}

export interface StorageState {
  cookies: SessionCookie[];
  origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>;
}

export type SessionUploadFormat = "storage_state" | "cookie_array" | "li_at";

/** What may be shown about a session: names, domains and expiry, never values. */
export interface SessionSummary {
  format: SessionUploadFormat;
  cookieCount: number;
  /** Cookies of other sites (or already expired) that were left out. */
  droppedCount: number;
  liAtExpiresAt: Date | null;
  cookies: Array<{ name: string; domain: string; expiresAt: Date | null; httpOnly: boolean; secure: boolean; sameSite: SameSite }>;
}

export interface ParsedSession {
  state: StorageState;
  summary: SessionSummary;
}

export const MAX_SESSION_UPLOAD_BYTES = 1024 * 1024;
const MAX_COOKIES = 500;
const MAX_COOKIE_VALUE = 8192;
/** Cookies that expired less than this long ago are kept: the uploader's clock may be ahead. */
const CLOCK_SKEW_SECONDS = 300;

const invalid = (message: string) => new NudgeError("INVALID_SESSION", message);

/** A DNS host name (labels of letters, digits and inner hyphens) or a dotted IPv4 address. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** A cookie domain: a host name, optionally with the leading dot that widens it to subdomains. */
function isCookieDomain(domain: string): boolean {
  return HOST_NAME.test(domain.replace(/^\./, ""));
}

export function isLinkedInDomain(domain: string): boolean {
  const host = domain.replace(/^\./, "");
  return HOST_NAME.test(host) && /(^|\.)linkedin\.com$/i.test(host);
}

/** The last second a JavaScript Date can represent (8.64e15 ms). */
const LAST_DATE_SECONDS = 8.64e12;

/**
 * EditThisCookie writes `no_restriction` / `lax` / `strict` / `unspecified`, Cookie-Editor the
 * same or `null`, Playwright `Strict` / `Lax` / `None`. Anything unknown or unspecified is `Lax`
 * (the browser's own default), and `None` without `Secure` becomes `Lax` because Chromium drops
 * such cookies.
 */
export function normalizeSameSite(raw: unknown, secure: boolean): SameSite {
  const value = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  if (value === "strict") return "Strict";
  if ((value === "none" || value === "no_restriction") && secure) return "None";
  return "Lax";
}

/** Unix seconds, -1 for a session cookie, or null when the expiry is not a date at all. */
function expiresFrom(raw: Record<string, unknown>): number | null {
  // Playwright: `expires` (seconds, -1 = session). Extensions: `expirationDate` (float seconds)
  // and `session: true` for session cookies.
  if (raw.session === true) return -1;
  const value = raw.expires ?? raw.expirationDate;
  if (value === undefined || value === null) return -1;
  const seconds = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds > LAST_DATE_SECONDS) return null;
  return seconds > 0 ? Math.floor(seconds) : -1;
}

function normalizeCookie(raw: unknown, index: number): SessionCookie {
  const where = `cookie #${index + 1}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalid(`${where} is not an object`);
  const c = raw as Record<string, unknown>;
  if (typeof c.name !== "string" || c.name.length === 0 || c.name.length > 256) throw invalid(`${where} has no valid name`);
  const label = /^[\w.-]{1,64}$/.test(c.name) ? `${where} (${c.name})` : where;
  if (typeof c.value !== "string") throw invalid(`${label} has no string value`);
  if (c.value.length > MAX_COOKIE_VALUE) throw invalid(`${label} has a value longer than ${MAX_COOKIE_VALUE} characters`);
  if (typeof c.domain !== "string" || c.domain.trim().length === 0) throw invalid(`${label} has no domain`);
  const domain = c.domain.trim().toLowerCase();
  if (!isCookieDomain(domain)) throw invalid(`${label} has a domain that is not a host name`);
  const expires = expiresFrom(c);
  if (expires === null) throw invalid(`${label} has an expiry that is not a date`);
  const secure = c.secure === true;
  return {
    name: c.name,
    value: c.value,
    domain,
    path: typeof c.path === "string" && c.path.startsWith("/") ? c.path : "/",
    expires,
    httpOnly: c.httpOnly === true,
    secure,
    sameSite: normalizeSameSite(c.sameSite, secure),
  };
}

function normalizeOrigins(raw: unknown): StorageState["origins"] {
  if (!Array.isArray(raw)) return [];
  const origins: StorageState["origins"] = [];
  for (const o of raw.slice(0, 50)) {
    if (typeof o !== "object" || o === null) continue;
    const { origin, localStorage } = o as { origin?: unknown; localStorage?: unknown };
    if (typeof origin !== "string" || !isLinkedInDomain(safeHost(origin))) continue;
    const items = Array.isArray(localStorage) ? localStorage : [];
    origins.push({
      origin,
      localStorage: items
        .filter((i): i is { name: string; value: string } => typeof i?.name === "string" && typeof i?.value === "string")
        .slice(0, 500),
    });
  }
  return origins;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

function liAtCookie(value: string): SessionCookie {
  return { name: "li_at", value, domain: ".www.linkedin.com", path: "/", expires: -1, httpOnly: true, secure: true, sameSite: "None" };
}

function parseBareLiAt(text: string): SessionCookie {
  const value = text.replace(/^li_at\s*=\s*/i, "").replace(/^"(.*)"$/, "$1").trim();
  // Real values are ~150–400 URL-safe base64 characters, sometimes percent-encoded.
  if (value.length < 20 || value.length > 4096 || !/^[A-Za-z0-9_\-.~%+/=:]+$/.test(value)) {
    throw invalid(
      "the upload is neither JSON nor a plausible li_at value: paste the li_at cookie value, a cookie export (EditThisCookie / Cookie-Editor) or a Playwright storage state",
    );
  }
  return liAtCookie(value);
}

function decode(input: unknown): { format: SessionUploadFormat; cookies: unknown[]; origins: unknown } | { format: "li_at"; cookie: SessionCookie } {
  let data = input;
  if (typeof input === "string") {
    if (Buffer.byteLength(input, "utf8") > MAX_SESSION_UPLOAD_BYTES) throw invalid("the session upload is larger than 1 MB");
    const text = input.trim().replace(/^\uFEFF/, "");
    if (text.length === 0) throw invalid("the session upload is empty");
    if (!text.startsWith("{") && !text.startsWith("[")) return { format: "li_at", cookie: parseBareLiAt(text) };
    try {
      data = JSON.parse(text);
    } catch {
      // JSON.parse quotes the input in its message: never pass it on.
      throw invalid("the session upload looks like JSON but does not parse");
    }
  }
  if (Array.isArray(data)) return { format: "cookie_array", cookies: data, origins: [] };
  if (typeof data === "object" && data !== null && Array.isArray((data as { cookies?: unknown }).cookies)) {
    const { cookies, origins } = data as { cookies: unknown[]; origins?: unknown };
    return { format: origins === undefined ? "cookie_array" : "storage_state", cookies, origins };
  }
  throw invalid("expected a Playwright storage state ({ cookies, origins }), a cookie array, or an li_at value");
}

/**
 * Parses and validates an upload. Keeps only linkedin.com cookies, drops those already expired,
 * and requires a live `li_at` (the session cookie). Throws NudgeError INVALID_SESSION with a
 * message a person can act on.
 */
export function parseSessionUpload(input: unknown, { now }: { now: Date }): ParsedSession {
  const decoded = decode(input);
  if ("cookie" in decoded) return { state: { cookies: [decoded.cookie], origins: [] }, summary: summarizeCookies("li_at", [decoded.cookie], 0) };

  if (decoded.cookies.length === 0) throw invalid("the upload contains no cookies");
  if (decoded.cookies.length > MAX_COOKIES) throw invalid(`the upload contains more than ${MAX_COOKIES} cookies`);
  const all = decoded.cookies.map(normalizeCookie);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const linkedin = all.filter((c) => isLinkedInDomain(c.domain));
  if (linkedin.length === 0) throw invalid("no linkedin.com cookie in the upload: export the cookies while on www.linkedin.com");

  const liAt = linkedin.filter((c) => c.name === "li_at");
  if (liAt.length === 0) throw invalid("the li_at cookie is missing: export the cookies while logged in to www.linkedin.com");
  const liveLiAt = liAt.filter((c) => c.expires === -1 || c.expires > nowSeconds);
  if (liveLiAt.length === 0) {
    const latest = Math.max(...liAt.map((c) => c.expires));
    throw invalid(`the li_at cookie expired on ${new Date(latest * 1000).toISOString()}: log in again and export fresh cookies`);
  }
  const kept = linkedin.filter((c) => c.expires === -1 || c.expires > nowSeconds - CLOCK_SKEW_SECONDS);
  const state: StorageState = { cookies: kept, origins: normalizeOrigins(decoded.origins) };
  return { state, summary: summarizeCookies(decoded.format, kept, all.length - kept.length) };
}

export function summarizeCookies(format: SessionUploadFormat, cookies: SessionCookie[], droppedCount = 0): SessionSummary {
  const expiresAt = (c: SessionCookie) => (c.expires > 0 ? new Date(c.expires * 1000) : null);
  const liAt = cookies.find((c) => c.name === "li_at");
  return {
    format,
    cookieCount: cookies.length,
    droppedCount,
    liAtExpiresAt: liAt ? expiresAt(liAt) : null,
    cookies: cookies.map((c) => ({ name: c.name, domain: c.domain, expiresAt: expiresAt(c), httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite })),
  };
}

/**
 * The storage state to load when the engine talks to `baseUrl`. For linkedin.com it is the
 * upload as is. For any other host (the simulator on 127.0.0.1, a staging proxy) cookie domains
 * are rewritten to that host, since a browser only sends a cookie to the domain it names; over
 * plain http the Secure flag is dropped for the same reason.
 */
export function storageStateForBaseUrl(state: StorageState, baseUrl: string): StorageState {
  const url = new URL(baseUrl);
  if (isLinkedInDomain(url.hostname)) return state;
  const secure = url.protocol === "https:";
  return {
    cookies: state.cookies.map((c) => ({
      ...c,
      domain: url.hostname,
      secure: secure && c.secure,
      sameSite: secure ? c.sameSite : c.sameSite === "None" ? "Lax" : c.sameSite,
    })),
    origins: state.origins.map((o) => ({ ...o, origin: url.origin })),
  };
}
