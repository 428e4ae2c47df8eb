import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accounts, databaseWriter, eq } from "@nudge/db";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNudge, ManualClock, parseEncryptionKey, type Nudge } from "../../src/index.js";

const NOW = new Date("2026-06-15T10:00:00Z");
const EXPIRES_S = NOW.getTime() / 1000 + 5 * 86_400;
const LI_AT = "AQEDATESTVALUE0123456789abcdefghijklmnopqrstuvwxyz_-SECRET";

let db: TempDatabase;
let dataDir: string;
let registry: Registry;
let nudge: Nudge;

beforeEach(async () => {
  db = await tempDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "nudge-session-metrics-"));
  registry = new Registry();
  nudge = await createNudge({
    db: db.db,
    log: pino({ level: "silent" }),
    clock: new ManualClock(NOW),
    registry,
    dataDir,
    encryptionKeys: [parseEncryptionKey(randomBytes(32).toString("base64"))],
  });
});
afterEach(async () => {
  await nudge.close();
  db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const series = async (name: string) => (await registry.getSingleMetric(name)!.get()).values;

describe("session metrics", () => {
  it("a fresh account's session is missing, not expired, and has no expiry", async () => {
    expect(await series("nudge_session_status")).toEqual(
      expect.arrayContaining([
        { labels: { account: "1", status: "missing" }, value: 1 },
        { labels: { account: "1", status: "expired" }, value: 0 },
        { labels: { account: "1", status: "valid" }, value: 0 },
      ]),
    );
    expect(await series("nudge_session_expires_timestamp_seconds")).toEqual([]);
  });

  it("an uploaded session with an li_at expiry reports it, and its status follows the account", async () => {
    const state = {
      cookies: [
        {
          name: "li_at",
          value: LI_AT,
          domain: ".www.linkedin.com",
          path: "/",
          expires: EXPIRES_S,
          httpOnly: true,
          secure: true,
          sameSite: "None",
        },
      ],
      origins: [],
    };
    await nudge.sessions.upload(1, JSON.stringify(state), { check: false }, { by: "test" });
    expect(await series("nudge_session_expires_timestamp_seconds")).toEqual([
      { labels: { account: "1" }, value: EXPIRES_S },
    ]);
    expect((await series("nudge_session_status")).find((s) => s.value === 1)?.labels).toEqual({
      account: "1",
      status: "valid",
    });

    await databaseWriter(db.db).transaction((tx) =>
      tx.update(accounts).set({ sessionStatus: "expired" }).where(eq(accounts.id, 1)),
    );
    expect((await series("nudge_session_status")).find((s) => s.value === 1)?.labels).toEqual({
      account: "1",
      status: "expired",
    });
    expect(await registry.metrics()).not.toContain(LI_AT);
  });

  it("a bare li_at value gives no expiry series", async () => {
    await nudge.sessions.upload(1, LI_AT, { check: false }, { by: "test" });
    expect(await series("nudge_session_expires_timestamp_seconds")).toEqual([]);
  });
});
