import { describe, expect, it } from "vitest";
import { isNudgeError, type NudgeError } from "../../errors/nudge-error.js";
import { parseSessionUpload, storageStateForBaseUrl } from "./storage-state.js";

const NOW = new Date("2026-06-15T10:00:00Z");
const NOW_S = NOW.getTime() / 1000;
const LI_AT = "AQEDATESTVALUE0123456789abcdefghijklmnopqrstuvwxyz_-SECRET";
const JSESSION = "ajax:1234567890123456789";

function thrown(fn: () => unknown): NudgeError {
  try {
    fn();
  } catch (error) {
    if (isNudgeError(error)) return error;
    throw error;
  }
  throw new Error("expected a NudgeError");
}

const editThisCookie = [
  {
    domain: ".www.linkedin.com",
    expirationDate: NOW_S + 86_400 * 300 + 0.25,
    hostOnly: false,
    httpOnly: true,
    name: "li_at",
    path: "/",
    sameSite: "no_restriction",
    secure: true,
    session: false,
    storeId: "0",
    value: LI_AT,
    id: 1,
  },
  { domain: ".www.linkedin.com", expirationDate: NOW_S + 3600, hostOnly: false, httpOnly: false, name: "JSESSIONID", path: "/", sameSite: "unspecified", secure: true, session: false, storeId: "0", value: `"${JSESSION}"`, id: 2 },
  { domain: ".linkedin.com", hostOnly: false, httpOnly: false, name: "lang", path: "/", sameSite: "lax", secure: false, session: true, storeId: "0", value: "v=2&lang=en-us", id: 3 },
  { domain: ".google.com", expirationDate: NOW_S + 3600, name: "NID", path: "/", sameSite: "no_restriction", secure: true, value: "other-site", id: 4 },
];

const cookieEditor = [
  { name: "li_at", value: LI_AT, domain: ".www.linkedin.com", hostOnly: false, path: "/", secure: true, httpOnly: true, sameSite: "no_restriction", session: false, firstPartyDomain: "", partitionKey: null, expirationDate: NOW_S + 86_400, storeId: null },
  { name: "bcookie", value: "v=2&abc", domain: ".linkedin.com", hostOnly: false, path: "/", secure: true, httpOnly: false, sameSite: null, session: false, expirationDate: NOW_S + 86_400, storeId: null },
];

const storageState = {
  cookies: [
    { name: "li_at", value: LI_AT, domain: ".www.linkedin.com", path: "/", expires: NOW_S + 86_400, httpOnly: true, secure: true, sameSite: "None" },
    { name: "JSESSIONID", value: JSESSION, domain: ".www.linkedin.com", path: "/", expires: -1, httpOnly: false, secure: true, sameSite: "None" },
  ],
  origins: [{ origin: "https://www.linkedin.com", localStorage: [{ name: "voyager-web:badges", value: "[]" }] }],
};

describe("parseSessionUpload", () => {
  it("accepts a Playwright storage state as is", () => {
    const { state, summary } = parseSessionUpload(JSON.stringify(storageState), { now: NOW });
    expect(summary.format).toBe("storage_state");
    expect(state.cookies).toEqual(storageState.cookies);
    expect(state.origins).toEqual(storageState.origins);
    expect(summary.liAtExpiresAt).toEqual(new Date((NOW_S + 86_400) * 1000));
  });

  it("converts an EditThisCookie export: expirationDate → expires, sameSite normalised, other sites dropped", () => {
    const { state, summary } = parseSessionUpload(JSON.stringify(editThisCookie), { now: NOW });
    expect(summary.format).toBe("cookie_array");
    expect(summary.droppedCount).toBe(1);
    expect(state.cookies.map((c) => [c.name, c.sameSite, c.expires])).toEqual([
      ["li_at", "None", Math.floor(NOW_S + 86_400 * 300)],
      ["JSESSIONID", "Lax", NOW_S + 3600],
      ["lang", "Lax", -1],
    ]);
    expect(state.cookies[0]).not.toHaveProperty("storeId");
    expect(state.cookies[0]).not.toHaveProperty("hostOnly");
  });

  it("converts a Cookie-Editor export, where sameSite may be null", () => {
    const { state } = parseSessionUpload(JSON.stringify(cookieEditor), { now: NOW });
    expect(state.cookies.map((c) => [c.name, c.sameSite, c.secure])).toEqual([
      ["li_at", "None", true],
      ["bcookie", "Lax", true],
    ]);
  });

  it("accepts { cookies: [...] } without origins, and already-parsed objects", () => {
    expect(parseSessionUpload({ cookies: cookieEditor }, { now: NOW }).summary.cookieCount).toBe(2);
  });

  it("turns SameSite=None without Secure into Lax, since Chromium would drop the cookie", () => {
    const upload = [{ ...cookieEditor[0], secure: false, sameSite: "no_restriction" }];
    expect(parseSessionUpload(upload, { now: NOW }).state.cookies[0]?.sameSite).toBe("Lax");
  });

  it.each([LI_AT, `li_at=${LI_AT}`, `  ${LI_AT}\n`])("accepts a bare li_at value (%#)", (input) => {
    const { state, summary } = parseSessionUpload(input, { now: NOW });
    expect(summary.format).toBe("li_at");
    expect(state.cookies).toEqual([{ name: "li_at", value: LI_AT, domain: ".www.linkedin.com", path: "/", expires: -1, httpOnly: true, secure: true, sameSite: "None" }]);
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["{ not json", /does not parse/],
    ["[]", /no cookies/],
    ['{"foo": 1}', /expected a Playwright storage state/],
    ["short", /neither JSON nor a plausible li_at/],
    ["has spaces in it and is long enough to pass the length test", /neither JSON nor a plausible li_at/],
    [JSON.stringify([{ name: "x", value: "y", domain: ".google.com" }]), /no linkedin\.com cookie/],
    [JSON.stringify([{ name: "bcookie", value: "y", domain: ".linkedin.com" }]), /li_at cookie is missing/],
    [JSON.stringify([{ name: "li_at", value: LI_AT, domain: ".linkedin.com", expires: NOW_S - 60 }]), /li_at cookie expired on 2026-06-15T09:59:00.000Z/],
    [JSON.stringify([{ value: LI_AT, domain: ".linkedin.com" }]), /cookie #1 has no valid name/],
    [JSON.stringify([{ name: "li_at", domain: ".linkedin.com" }]), /cookie #1 \(li_at\) has no string value/],
    [JSON.stringify([{ name: "li_at", value: LI_AT }]), /cookie #1 \(li_at\) has no domain/],
    [JSON.stringify(["li_at"]), /cookie #1 is not an object/],
    ["x".repeat(1024 * 1024 + 1), /larger than 1 MB/],
  ])("rejects %#: a bad upload gets a clear message", (input, message) => {
    const error = thrown(() => parseSessionUpload(input, { now: NOW }));
    expect(error.code).toBe("INVALID_SESSION");
    expect(error.message).toMatch(message);
  });

  it("never puts a cookie value in an error message", () => {
    const leaky = [
      `{"cookies": [{"name": "li_at", "value": "${LI_AT}", "domain": ".linkedin.com", "expires": 1}]}`,
      `[{"name": "li_at", "value": "${LI_AT}", "domain": ".linkedin.com"`,
      `${LI_AT} ${LI_AT}`,
      JSON.stringify([{ name: LI_AT, value: LI_AT, domain: ".linkedin.com" }]),
    ];
    for (const input of leaky) {
      const error = thrown(() => parseSessionUpload(input, { now: NOW }));
      expect(error.message).not.toContain(LI_AT);
      expect(JSON.stringify(error.details ?? {})).not.toContain(LI_AT);
      expect(error.cause).toBeUndefined();
    }
  });

  it("summarises names, domains and expiry, never values", () => {
    const { summary } = parseSessionUpload(JSON.stringify(editThisCookie), { now: NOW });
    const text = JSON.stringify(summary);
    expect(text).not.toContain(LI_AT);
    expect(text).not.toContain(JSESSION);
    expect(summary.cookies.map((c) => c.name)).toEqual(["li_at", "JSESSIONID", "lang"]);
  });

  it("keeps a cookie that expired within the clock-skew allowance but drops older ones", () => {
    const upload = [
      { name: "li_at", value: LI_AT, domain: ".linkedin.com", expires: NOW_S + 60 },
      { name: "recent", value: "v", domain: ".linkedin.com", expires: NOW_S - 100 },
      { name: "stale", value: "v", domain: ".linkedin.com", expires: NOW_S - 10_000 },
    ];
    const { state, summary } = parseSessionUpload(upload, { now: NOW });
    expect(state.cookies.map((c) => c.name)).toEqual(["li_at", "recent"]);
    expect(summary.droppedCount).toBe(1);
  });

  it("refuses a cookie whose domain is not a host name, however it ends", () => {
    for (const domain of ["evil.com/.linkedin.com", "evil.com .linkedin.com", "linkedin.com:443", "..linkedin.com"]) {
      const error = thrown(() => parseSessionUpload([{ name: "li_at", value: LI_AT, domain }], { now: NOW }));
      expect(error.code).toBe("INVALID_SESSION");
      expect(error.message).toBe("cookie #1 (li_at) has a domain that is not a host name");
    }
  });

  it("refuses an expiry that is not a date instead of reporting it as no expiry", () => {
    for (const expires of [1e308, "1e308", Infinity, 9e12]) {
      const error = thrown(() => parseSessionUpload([{ name: "li_at", value: LI_AT, domain: ".linkedin.com", expires }], { now: NOW }));
      expect(error.code).toBe("INVALID_SESSION");
      expect(error.message).toBe("cookie #1 (li_at) has an expiry that is not a date");
    }
  });
});

describe("storageStateForBaseUrl", () => {
  const { state } = parseSessionUpload(storageState, { now: NOW });

  it("leaves cookies alone for linkedin.com", () => {
    expect(storageStateForBaseUrl(state, "https://www.linkedin.com")).toBe(state);
  });

  it("re-scopes cookies to another host (the simulator) and drops Secure over http", () => {
    const local = storageStateForBaseUrl(state, "http://127.0.0.1:4010");
    expect(local.cookies.map((c) => [c.name, c.domain, c.secure, c.sameSite])).toEqual([
      ["li_at", "127.0.0.1", false, "Lax"],
      ["JSESSIONID", "127.0.0.1", false, "Lax"],
    ]);
    expect(local.origins[0]?.origin).toBe("http://127.0.0.1:4010");
  });
});
