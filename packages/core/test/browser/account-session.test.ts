import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { accounts, eq } from "@nudge/db";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkAccountSession,
  describeAccountSession,
  listAccountSessions,
  loadAccountSession,
  uploadAccountSession,
  type AccountSessionDeps,
} from "../../src/browser/session/account-session.js";
import { parseEncryptionKey } from "../../src/browser/session/session-crypto.js";
import { ManualClock } from "../../src/time/clock.js";
import { SIM_COOKIE, startBrowserHarness, type BrowserHarness } from "./harness.js";

let h: BrowserHarness;
const logLines: string[] = [];
const log = pino(
  { level: "debug" },
  new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
const key = parseEncryptionKey(randomBytes(32).toString("base64"));
// Chromium drops cookies by the real clock, so the test clock starts at the real now.
const clock = new ManualClock(Date.now());
const NOW_S = Math.floor(clock.now().getTime() / 1000);
let deps: AccountSessionDeps;

beforeAll(async () => {
  h = await startBrowserHarness();
  deps = { db: h.db.db, keys: key, clock, log };
});
afterAll(async () => {
  await h?.close();
  const all = logLines.join("");
  // Whatever happened in this file, no cookie value reached a log line.
  expect(all).not.toContain(SIM_COOKIE);
});

const ACCOUNT = 1;

async function storedBlob(): Promise<string | null> {
  const [row] = await h.db.db.select().from(accounts).where(eq(accounts.id, ACCOUNT));
  return row?.session ?? null;
}

async function check() {
  const { engine } = h.engine();
  return checkAccountSession({ ...deps, browser: h.browser, engine, baseUrl: h.sim.url }, ACCOUNT);
}

const uploads = {
  "a Playwright storage state": JSON.stringify({
    cookies: [
      { name: "li_at", value: SIM_COOKIE, domain: ".www.linkedin.com", path: "/", expires: NOW_S + 86_400 * 30, httpOnly: true, secure: true, sameSite: "None" },
      { name: "JSESSIONID", value: '"ajax:123456789012345"', domain: ".www.linkedin.com", path: "/", expires: -1, httpOnly: false, secure: true, sameSite: "None" },
    ],
    origins: [],
  }),
  "an EditThisCookie export": JSON.stringify([
    { domain: ".www.linkedin.com", expirationDate: NOW_S + 86_400 * 30.5, hostOnly: false, httpOnly: true, name: "li_at", path: "/", sameSite: "no_restriction", secure: true, session: false, storeId: "0", value: SIM_COOKIE, id: 1 },
    { domain: ".linkedin.com", hostOnly: false, httpOnly: false, name: "lang", path: "/", sameSite: "unspecified", secure: false, session: true, storeId: "0", value: "v=2&lang=en-us", id: 2 },
  ]),
  "a Cookie-Editor export": JSON.stringify([
    { name: "li_at", value: SIM_COOKIE, domain: ".www.linkedin.com", hostOnly: false, path: "/", secure: true, httpOnly: true, sameSite: "no_restriction", session: false, expirationDate: NOW_S + 86_400, storeId: null },
    { name: "bcookie", value: "v=2&x", domain: ".linkedin.com", hostOnly: false, path: "/", secure: true, httpOnly: false, sameSite: null, session: false, expirationDate: NOW_S + 86_400, storeId: null },
  ]),
  "a bare li_at value": SIM_COOKIE,
};

describe("account sessions", () => {
  it.each(Object.entries(uploads))("accepts %s, stores it encrypted and checks it live as valid", async (_format, upload) => {
    await h.scenario({ locale: "en", variant: "a" });
    const summary = await uploadAccountSession(deps, ACCOUNT, upload);
    expect(summary.cookies.map((c) => c.name)).toContain("li_at");
    expect(JSON.stringify(summary)).not.toContain(SIM_COOKIE);

    const blob = await storedBlob();
    expect(blob).toMatch(new RegExp(`^v1\\.${key.id}\\.`));
    expect(blob).not.toContain(SIM_COOKIE);
    expect((await loadAccountSession(deps, ACCOUNT)).cookies.find((c) => c.name === "li_at")?.value).toBe(SIM_COOKIE);

    clock.advance(60_000);
    expect(await check()).toEqual({ status: "valid", checkedAt: clock.now() });
    const view = await describeAccountSession(deps, ACCOUNT);
    expect(view).toMatchObject({ sessionStatus: "valid", sessionCheckedAt: clock.now(), hasSession: true, problem: null });
    expect(JSON.stringify(view)).not.toContain(SIM_COOKIE);
  });

  it("rejects a bad upload with a clear message and keeps the stored session", async () => {
    await uploadAccountSession(deps, ACCOUNT, SIM_COOKIE);
    const before = await storedBlob();
    const expired = JSON.stringify([{ name: "li_at", value: SIM_COOKIE, domain: ".linkedin.com", expirationDate: NOW_S - 3600 }]);
    const error = await uploadAccountSession(deps, ACCOUNT, expired).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_SESSION", message: expect.stringMatching(/^the li_at cookie expired on /) });
    expect(String((error as Error).message)).not.toContain(SIM_COOKIE);
    await expect(uploadAccountSession(deps, ACCOUNT, '[{"name":"x","value":"y","domain":".example.com"}]')).rejects.toMatchObject({
      code: "INVALID_SESSION",
      message: expect.stringContaining("no linkedin.com cookie"),
    });
    expect(await storedBlob()).toBe(before);
  });

  it("fails closed with the wrong encryption key: no session data, a clear problem", async () => {
    await uploadAccountSession(deps, ACCOUNT, SIM_COOKIE);
    const other = { ...deps, keys: parseEncryptionKey(randomBytes(32).toString("hex")) };
    await expect(loadAccountSession(other, ACCOUNT)).rejects.toMatchObject({ code: "ENCRYPTION_KEY_MISMATCH" });
    const view = await describeAccountSession(other, ACCOUNT);
    expect(view).toMatchObject({ hasSession: true, summary: null, problem: { code: "ENCRYPTION_KEY_MISMATCH" } });
    const checkDeps = { ...other, browser: h.browser, engine: h.engine().engine, baseUrl: h.sim.url };
    await expect(checkAccountSession(checkDeps, ACCOUNT)).rejects.toMatchObject({
      code: "ENCRYPTION_KEY_MISMATCH",
    });
    // A rotation keeps the previous key to read the old blob.
    expect((await loadAccountSession({ ...deps, keys: [other.keys, key] }, ACCOUNT)).cookies[0]?.name).toBe("li_at");
  });

  it("detects an expired cookie live: the simulator redirects to the login page", async () => {
    await h.scenario({ locale: "fr", variant: "b", faults: { expiredSession: true } });
    await uploadAccountSession(deps, ACCOUNT, SIM_COOKIE);
    expect((await check()).status).toBe("expired");
    expect((await describeAccountSession(deps, ACCOUNT)).sessionStatus).toBe("expired");
  });

  it("detects a cookie LinkedIn no longer accepts (another li_at) as expired", async () => {
    await h.scenario({ locale: "en", variant: "a" });
    await uploadAccountSession(deps, ACCOUNT, "AQEDAanOlderCookieThatWasRotated000000000");
    expect((await check()).status).toBe("expired");
  });

  it("marks a checkpoint or a restriction as restricted", async () => {
    await uploadAccountSession(deps, ACCOUNT, SIM_COOKIE);
    await h.scenario({ locale: "en", variant: "a", faults: { checkpoint: true } });
    expect((await check()).status).toBe("restricted");
    await h.scenario({ locale: "fr", variant: "b", faults: { restricted: true } });
    expect((await check()).status).toBe("restricted");
  });

  it("leaves the status alone when LinkedIn answers 429 (it says nothing about the session)", async () => {
    await h.scenario({ locale: "en", variant: "a" });
    await uploadAccountSession(deps, ACCOUNT, SIM_COOKIE);
    await check();
    const before = await describeAccountSession(deps, ACCOUNT);
    await h.setFaults({ http429: true });
    clock.advance(60_000);
    await expect(check()).rejects.toMatchObject({ code: "LINKEDIN_RATE_LIMITED" });
    const after = await describeAccountSession(deps, ACCOUNT);
    expect(after.sessionStatus).toBe("valid");
    expect(after.sessionCheckedAt).toEqual(before.sessionCheckedAt);
  });

  it("lists accounts with their session status and no cookie values", async () => {
    const list = await listAccountSessions(deps);
    expect(list[0]).toMatchObject({ accountId: ACCOUNT, hasSession: true });
    expect(JSON.stringify(list)).not.toContain(SIM_COOKIE);
  });
});
