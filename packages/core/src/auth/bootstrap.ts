import { closeSync, fchmodSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "@nudge/db";
import type { Clock } from "../time/clock.js";
import { createApiKey, listApiKeys } from "./api-keys.js";

export const GENERATED_KEY_FILE = "admin-api-key.txt";

export type FirstKeyOutcome =
  | { kind: "existing" }
  | { kind: "from_env"; keyId: number }
  | { kind: "generated"; keyId: number; key: string; file: string };

/**
 * On first start (no key at all), makes the first admin key: `NUDGE_API_KEY` when given,
 * otherwise a generated one written to `<dataDir>/admin-api-key.txt` with mode 0600 (the caller
 * prints it once). Later starts change nothing, so rotating keys through the API sticks.
 */
export async function ensureFirstAdminKey(
  db: Database,
  options: { envKey?: string | undefined; dataDir: string },
  clock: Clock,
): Promise<FirstKeyOutcome> {
  const existing = await listApiKeys(db);
  if (existing.length > 0) return { kind: "existing" };
  if (options.envKey) {
    const { info } = await createApiKey(db, { name: "admin (NUDGE_API_KEY)", role: "admin", key: options.envKey }, clock);
    return { kind: "from_env", keyId: info.id };
  }
  const { key, info } = await createApiKey(db, { name: "admin (generated)", role: "admin" }, clock);
  // The data dir holds the database and this key: only its owner may enter it (when we create it).
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = join(options.dataDir, GENERATED_KEY_FILE);
  // Narrowed before the key is written, in case a file of that name was already there.
  const fd = openSync(file, "w", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, `${key}\n`);
  } finally {
    closeSync(fd);
  }
  return { kind: "generated", keyId: info.id, key, file };
}
