/**
 * Hardening headers for every browser-facing response (API and panel), precomputed once. The
 * same set as hono/secure-headers' defaults, with a CSP that allows only the panel's own assets.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  [
    "content-security-policy",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  ],
  ["cross-origin-opener-policy", "same-origin"],
  ["cross-origin-resource-policy", "same-origin"],
  ["origin-agent-cluster", "?1"],
  ["referrer-policy", "no-referrer"],
  ["strict-transport-security", "max-age=15552000; includeSubDomains"],
  ["x-content-type-options", "nosniff"],
  ["x-dns-prefetch-control", "off"],
  ["x-download-options", "noopen"],
  ["x-frame-options", "DENY"],
  ["x-permitted-cross-domain-policies", "none"],
  ["x-xss-protection", "0"],
];

/**
 * For JSON API responses, which are fetched, never rendered: the OWASP REST set. A document CSP,
 * HSTS and the like add nothing to a response no browser will display.
 */
export const API_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ["content-security-policy", "default-src 'none'; frame-ancestors 'none'"],
  ["x-content-type-options", "nosniff"],
  ["cache-control", "no-store"],
  ["referrer-policy", "no-referrer"],
];

/**
 * For the machine endpoints (`/health`, `/ready`, `/metrics`): read by probes and scrapers, never
 * rendered, never to be cached by a proxy in between.
 */
export const MACHINE_HEADERS: readonly (readonly [string, string])[] = [
  ["x-content-type-options", "nosniff"],
  ["cache-control", "no-store"],
];
