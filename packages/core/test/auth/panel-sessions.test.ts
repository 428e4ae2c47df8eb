import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApiKeyService,
  PANEL_SECRET_FILE,
  PANEL_SESSION_TTL_MS,
  PanelSessionService,
  panelSigningKey,
} from "../../src/auth/index.js";
import { parseEncryptionKey } from "../../src/browser/session/session-crypto.js";
import { ManualClock } from "../../src/time/index.js";

const log = pino({ level: "silent" });
const caller = { by: "test" };
let db: TempDatabase;
let dir: string;
let clock: ManualClock;
let keys: ApiKeyService;
let sessions: PanelSessionService;

beforeEach(async () => {
  db = await tempDatabase();
  dir = mkdtempSync(join(tmpdir(), "nudge-panel-"));
  clock = new ManualClock("2026-03-02T10:00:00Z");
  keys = new ApiKeyService({ db: db.db, clock, log });
  sessions = new PanelSessionService({
    db: db.db,
    clock,
    log,
    keys,
    signingKey: () => panelSigningKey({ encryptionKeys: [], dataDir: dir }),
  });
});
afterEach(() => {
  db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("panel sessions", () => {
  it("trade a valid key for a cookie that resolves to the key's name and role", async () => {
    const { key } = await keys.create({ name: "phone", role: "operator" }, caller);
    const signIn = await sessions.signIn(key, {});
    expect(signIn).not.toBeNull();
    expect(signIn!.cookie).not.toContain(key);
    expect(signIn!.expiresAt.getTime()).toBe(clock.now().getTime() + PANEL_SESSION_TTL_MS);
    const principal = await sessions.resolve(signIn!.cookie);
    expect(principal).toMatchObject({ name: "phone", role: "operator" });
  });

  it("refuse an unknown key", async () => {
    expect(await sessions.signIn("nudge_not_a_real_key_at_all_000000", {})).toBeNull();
  });

  it("refuse a cookie whose token or signature was altered", async () => {
    const { key } = await keys.create({ name: "a", role: "viewer" }, caller);
    const { cookie } = (await sessions.signIn(key, {}))!;
    const [token, signature] = cookie.split(".") as [string, string];
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    expect(await sessions.resolve(`${flip(token)}.${signature}`)).toBeNull();
    expect(await sessions.resolve(`${token}.${flip(signature)}`)).toBeNull();
    expect(await sessions.resolve(`${token}`)).toBeNull();
    expect(await sessions.resolve("")).toBeNull();
  });

  it("end when they expire, when signed out, and when their key is revoked", async () => {
    const { key: adminKey } = await keys.create({ name: "admin", role: "admin" }, caller);
    const { key, id } = await keys.create({ name: "laptop", role: "admin" }, caller);
    const expiring = (await sessions.signIn(key, {}))!.cookie;
    const signedOut = (await sessions.signIn(key, {}))!.cookie;
    const revoked = (await sessions.signIn(key, {}))!.cookie;
    const other = (await sessions.signIn(adminKey, {}))!.cookie;

    await sessions.signOut(signedOut, {});
    expect(await sessions.resolve(signedOut)).toBeNull();
    expect(await sessions.resolve(revoked)).not.toBeNull();

    await keys.revoke(id, caller);
    expect(await sessions.resolve(revoked)).toBeNull();
    expect(await sessions.resolve(expiring)).toBeNull();
    expect(await sessions.resolve(other)).not.toBeNull();

    clock.advance(PANEL_SESSION_TTL_MS);
    expect(await sessions.resolve(other)).toBeNull();
  });

  it("are refused by a server holding another signing key", async () => {
    const { key } = await keys.create({ name: "a", role: "viewer" }, caller);
    const { cookie } = (await sessions.signIn(key, {}))!;
    const elsewhere = new PanelSessionService({ db: db.db, clock, log, keys, signingKey: () => Buffer.alloc(32, 7) });
    expect(await elsewhere.resolve(cookie)).toBeNull();
  });
});

describe("the cookie signing key", () => {
  it("is derived from the encryption key, so every replica sharing it agrees", () => {
    const encryption = parseEncryptionKey("q4Hk0y5Vn6rW1xT8mJ3pL9sD2fG7hK0aZ5cX8vB1nM4=");
    const a = panelSigningKey({ encryptionKeys: [encryption], dataDir: join(dir, "a") });
    const b = panelSigningKey({ encryptionKeys: [encryption], dataDir: join(dir, "b") });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(encryption.bytes)).toBe(false);
  });

  it("is otherwise a random secret kept 0600 in the data folder and reused", () => {
    const first = panelSigningKey({ encryptionKeys: [], dataDir: dir });
    expect(statSync(join(dir, PANEL_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(panelSigningKey({ encryptionKeys: [], dataDir: dir }).equals(first)).toBe(true);
  });
});
