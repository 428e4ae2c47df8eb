import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase, runMigrations, type DatabaseHandle } from "../src/index.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nudge-modes-test-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(path: string): Promise<DatabaseHandle> {
  const handle = await createDatabase({ url: `file:${path}` });
  cleanup.push(() => handle.close());
  return handle;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("database files", () => {
  it("are for their owner only: the folder created 0700, the database, WAL and shared memory 0600", async () => {
    const dataDir = join(tempDir(), "data");
    const path = join(dataDir, "nudge.db");
    const handle = await open(path);
    await runMigrations(handle.db);
    // A write through the writer's own connection too, with the WAL still in place.
    await handle.writer.transaction((tx) => tx.$client.execute("select 1"));
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(`${path}-wal`)).toBe(0o600);
    expect(modeOf(`${path}-shm`)).toBe(0o600);
  });

  it("narrows a database file that others could read", async () => {
    const path = join(tempDir(), "nudge.db");
    writeFileSync(path, "", { mode: 0o644 });
    const handle = await open(path);
    await runMigrations(handle.db);
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(`${path}-wal`)).toBe(0o600);
  });
});
