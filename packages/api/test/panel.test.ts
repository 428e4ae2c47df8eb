import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  appRouter,
  createCallerFactory,
  createRequestContext,
  memoryPanelCookies,
  type PanelCookieJar,
} from "../src/index.js";
import { createTestApi, type TestApi } from "./services.js";

const createCaller = createCallerFactory(appRouter);
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(() => api.destroy());

/** A caller as the HTTP transport builds it: an optional key header and the panel's cookie jar. */
async function request(panel: PanelCookieJar, apiKey?: string, ip = "203.0.113.9") {
  const ctx = await createRequestContext({
    services: api.services,
    apiKey,
    requestId: "test",
    ip,
    log: api.services.log,
    panel,
  });
  return createCaller(ctx);
}

async function newKey(role: "viewer" | "operator" | "admin") {
  return (await api.caller("admin").keys.create({ name: `panel ${role}`, role })).key;
}

describe("panel sign-in", () => {
  it("trades a key for a cookie that then stands for the key's role", async () => {
    const key = await newKey("operator");
    const jar = memoryPanelCookies();
    const signedIn = await (await request(jar)).panel.signIn({ apiKey: key });
    expect(signedIn).toMatchObject({ name: "panel operator", role: "operator" });
    expect(jar.value).toMatch(/^[\w-]{43}\.[\w-]{43}$/);

    const caller = await request(memoryPanelCookies(jar.value));
    expect(await caller.panel.me()).toEqual({ name: "panel operator", role: "operator", via: "panel_session" });
    expect((await caller.data.contacts.list({})).items).toEqual([]);
    await expect(caller.settings.update({ patch: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a wrong key and counts it toward the address's throttle", async () => {
    const jar = memoryPanelCookies();
    for (let i = 0; i < 10; i++) {
      await expect(
        (await request(jar)).panel.signIn({ apiKey: `nudge_wrong_key_${i}_000000000` }),
      ).rejects.toMatchObject({
        code: "UNAUTHORIZED",
        message: "invalid or revoked API key",
      });
    }
    expect(jar.value).toBeUndefined();
    expect(api.services.authFailures.retryAfterMs("203.0.113.9")).toBeGreaterThan(0);
    expect(api.services.authFailures.retryAfterMs("203.0.113.10")).toBe(0);
  });

  it("ends the session on sign-out and clears the cookie", async () => {
    const jar = memoryPanelCookies();
    await (await request(jar)).panel.signIn({ apiKey: await newKey("viewer") });
    const cookie = jar.value!;
    const session = memoryPanelCookies(cookie);
    await (await request(session)).panel.signOut();
    expect(session.value).toBeUndefined();

    const stale = memoryPanelCookies(cookie);
    const caller = await request(stale);
    expect(await caller.panel.me()).toBeNull();
    await expect(caller.data.contacts.list({})).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "your panel session has ended: sign in again",
    });
    expect(stale.value).toBeUndefined();
  });

  it("signs out every session of a key when the key is revoked", async () => {
    const key = await newKey("admin");
    const jar = memoryPanelCookies();
    await (await request(jar)).panel.signIn({ apiKey: key });
    const keyId = (await api.caller("admin").keys.list()).find((k) => k.name === "panel admin")!.id;
    await api.caller("admin").keys.revoke({ id: keyId });
    await expect((await request(memoryPanelCookies(jar.value))).keys.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("cross-site requests", () => {
  const crossSite = (value: string | undefined): PanelCookieJar => ({ ...memoryPanelCookies(value), crossSite: true });

  it("refuses a change asked for with the cookie from another site, but lets it read", async () => {
    const jar = memoryPanelCookies();
    await (await request(jar)).panel.signIn({ apiKey: await newKey("admin") });
    const caller = await request(crossSite(jar.value));
    await expect(caller.campaigns.startBirthday({ dryRun: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "cross-site request refused: changes must come from the panel itself",
    });
    await expect(caller.panel.signOut()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await caller.campaigns.runs.list({})).items).toEqual([]);
  });

  it("refuses a sign-in from another site, and leaves key-authenticated callers alone", async () => {
    const key = await newKey("admin");
    await expect((await request(crossSite(undefined))).panel.signIn({ apiKey: key })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // A header key is never sent by a browser on its own: an allowed cross-origin script may use it.
    const withKey = await request(crossSite(undefined), key);
    expect(await withKey.keys.create({ name: "from another origin", role: "viewer" })).toMatchObject({
      role: "viewer",
    });
  });
});
