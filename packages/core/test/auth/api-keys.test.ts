import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiKey, ensureFirstAdminKey, GENERATED_KEY_FILE, listApiKeys } from "../../src/auth/index.js";
import { ManualClock } from "../../src/time/index.js";

let db: TempDatabase;
let dir: string;
const clock = new ManualClock("2026-01-14T10:00:00Z");
beforeEach(async () => {
  db = await tempDatabase();
  dir = mkdtempSync(join(tmpdir(), "nudge-keys-"));
});
afterEach(() => {
  db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("the stored key prefix", () => {
  it("shows four random characters of a generated key", async () => {
    const { key, info } = await createApiKey(db.db, { name: "bot", role: "viewer" }, clock);
    expect(info.prefix).toMatch(/^nudge_[A-Za-z0-9_-]{4}$/);
    expect(key.startsWith(info.prefix)).toBe(true);
  });

  it("shows none of the characters of a key someone chose (NUDGE_API_KEY)", async () => {
    const chosen = "Zq7mK2pX9vL4wR8t";
    const { info } = await createApiKey(db.db, { name: "admin", role: "admin", key: chosen }, clock);
    expect(info.prefix).toMatch(/^sha256:[0-9a-f]{8}$/);
    for (let i = 0; i + 3 <= chosen.length; i++) expect(info.prefix).not.toContain(chosen.slice(i, i + 3));
    expect((await listApiKeys(db.db))[0]!.prefix).toBe(info.prefix);
  });
});

describe("the generated first admin key", () => {
  it("is written 0600 into a data dir created 0700", async () => {
    const dataDir = join(dir, "data");
    const outcome = await ensureFirstAdminKey(db.db, { dataDir }, clock);
    expect(outcome.kind).toBe("generated");
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, GENERATED_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it("narrows a file left over from an earlier install before writing the key into it", async () => {
    const file = join(dir, GENERATED_KEY_FILE);
    writeFileSync(file, "old\n", { mode: 0o644 });
    const outcome = await ensureFirstAdminKey(db.db, { dataDir: dir }, clock);
    expect(outcome.kind === "generated" && outcome.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
