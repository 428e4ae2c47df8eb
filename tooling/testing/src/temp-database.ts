import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, runMigrations, type DatabaseHandle } from "@nudge/db";

export interface TempDatabase extends DatabaseHandle {
  dir: string;
  path: string;
  fileUrl: string;
  /** Closes the connection and deletes the files. */
  destroy(): void;
}

/** A migrated libsql file in a fresh temp folder: real SQLite, same as production. */
export async function tempDatabase(): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "nudge-db-"));
  const path = join(dir, "nudge.db");
  const fileUrl = `file:${path}`;
  const handle = await createDatabase({ url: fileUrl });
  await runMigrations(handle.db);
  return {
    ...handle,
    dir,
    path,
    fileUrl,
    destroy() {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
