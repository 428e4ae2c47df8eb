import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PANEL_COOKIE } from "../src/panel-cookie.js";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  // 127.0.0.1 is a trusted proxy here, so a forwarded `https` is believed.
  server = await startTestServer({ TRUST_PROXY: "127.0.0.1" });
});
afterAll(async () => {
  await server?.stop();
});

async function post(path: string, input: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ json: input }),
  });
  const body = (await res.json()) as {
    result?: unknown;
    error?: { json: { message: string; data: { code: string } } };
  };
  return { status: res.status, cookies: res.headers.getSetCookie(), body };
}

async function signIn(key = ADMIN_KEY, headers: Record<string, string> = {}) {
  const res = await post("panel.signIn", { apiKey: key }, headers);
  const cookie = res.cookies[0]?.split(";")[0] ?? "";
  return { ...res, cookie };
}

describe("the panel's session cookie over HTTP", () => {
  it("is httpOnly, SameSite=Strict, for the whole site, expiring, and not Secure over plain HTTP", async () => {
    const { status, cookies, cookie } = await signIn();
    expect(status).toBe(200);
    expect(cookies).toHaveLength(1);
    const attributes = cookies[0]!.split(";").map((a) => a.trim());
    expect(cookie.startsWith(`${PANEL_COOKIE}=`)).toBe(true);
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/"]));
    expect(attributes.some((a) => a.startsWith("Expires="))).toBe(true);
    expect(attributes).not.toContain("Secure");
    expect(cookies[0]).not.toContain(ADMIN_KEY);
  });

  it("is Secure when a trusted proxy says the panel is served over HTTPS", async () => {
    const { cookies } = await signIn(ADMIN_KEY, { "x-forwarded-proto": "https" });
    expect(cookies[0]!.split(";").map((a) => a.trim())).toContain("Secure");
  });

  it("authenticates queries and same-origin changes, and is cleared on sign-out", async () => {
    const { cookie } = await signIn();
    const me = await fetch(`${server.url}/trpc/panel.me`, { headers: { cookie } });
    expect(((await me.json()) as { result: { data: { json: unknown } } }).result.data.json).toMatchObject({
      role: "admin",
    });
    const origin = server.url;
    const started = await post(
      "campaigns.startBirthday",
      { dryRun: true },
      { cookie, origin, "sec-fetch-site": "same-origin" },
    );
    // Refused by the domain (no session uploaded), not by the cross-site guard.
    expect(started.body.error?.json.data.code).toBe("SESSION_MISSING");

    const out = await post("panel.signOut", undefined, { cookie, origin });
    expect(out.status).toBe(200);
    expect(out.cookies[0]).toMatch(new RegExp(`^${PANEL_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
    const after = await fetch(`${server.url}/trpc/data.contacts.list?input=${encodeURIComponent('{"json":{}}')}`, {
      headers: { cookie },
    });
    expect(after.status).toBe(401);
  });

  it("refuses a cross-site POST carrying the cookie", async () => {
    const { cookie } = await signIn();
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "null" },
    ];
    for (const headers of attempts) {
      const res = await post("keys.create", { name: "planted", role: "admin" }, { cookie, ...headers });
      expect(res.status).toBe(403);
      expect(res.body.error?.json).toMatchObject({
        message: "cross-site request refused: changes must come from the panel itself",
        data: { code: "FORBIDDEN" },
      });
    }
    const keys = await server.client(ADMIN_KEY).keys.list.query();
    expect(keys.map((k) => k.name)).not.toContain("planted");
  });

  it("throttles repeated wrong keys at sign-in like wrong API keys", async () => {
    const from = { "x-forwarded-for": "198.51.100.7" };
    for (let i = 0; i < 10; i++) expect((await signIn(`nudge_wrong_${i}_0000000000000`, from)).status).toBe(401);
    const throttled = await signIn(ADMIN_KEY, from);
    expect(throttled.status).toBe(429);
    expect(throttled.cookies).toEqual([]);
  });
});

describe("selector-miss artifacts", () => {
  it("are shown to a signed-in viewer only, the page copy as plain text, nothing outside the folder", async () => {
    const dir = join(server.dataDir, "artifacts", "7");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "miss-001-composer.send.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(dir, "miss-001-composer.send.html"), "<script>alert(1)</script>");
    symlinkSync("/etc/hostname", join(dir, "leak.png"));
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

    expect((await get("/artifacts/7/miss-001-composer.send.png")).status).toBe(401);
    const viewer = await server.client(ADMIN_KEY).keys.create.mutate({ name: "viewer", role: "viewer" });
    const { cookie } = await signIn(viewer.key);
    const png = await get("/artifacts/7/miss-001-composer.send.png", { cookie });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await png.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const html = await get("/artifacts/7/miss-001-composer.send.html", { "x-api-key": viewer.key });
    expect(html.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(html.headers.get("x-content-type-options")).toBe("nosniff");

    for (const path of [
      "/artifacts/7/leak.png",
      "/artifacts/7/..%2f..%2fnudge.db",
      "/artifacts/7/.hidden.png",
      "/artifacts/8/none.png",
    ]) {
      expect((await get(path, { cookie })).status).toBe(404);
    }
  });
});
