import { z } from "zod";
import { accounts, eq, settings as settingsTable, write, type Database } from "@nudge/db";
import { NudgeError } from "../errors/index.js";
import type { Clock } from "../time/clock.js";
import { settingsSchema, type Settings, type SettingsInput } from "./settings-schema.js";

export type DeepPartial<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
export type SettingsPatch = DeepPartial<SettingsInput>;

/** A JSON object (not an array, not null): what a settings section or patch must be. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars in the patch replace what was there. */
export function mergeSettings(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? mergeSettings(current, value) : value;
  }
  return out;
}

async function assertAccount(db: Database, accountId: number): Promise<void> {
  const row = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).get();
  if (!row) throw new NudgeError("NOT_FOUND", `account ${accountId} not found`);
}

/**
 * Reads an account's settings. The stored document is parsed through the schema, so defaults
 * added since it was saved appear, and a document that no longer validates (an older version
 * with a value now out of range) falls back to defaults field by field rather than failing runs.
 */
export async function getSettings(db: Database, accountId: number): Promise<Settings> {
  await assertAccount(db, accountId);
  const row = await db.select().from(settingsTable).where(eq(settingsTable.accountId, accountId)).get();
  const stored = row?.data ?? {};
  const parsed = settingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  // Drop only the sections that fail; keep the rest of what the person chose.
  const repaired: Record<string, unknown> = {};
  for (const [section, value] of Object.entries(stored)) {
    const probe = settingsSchema.safeParse({ [section]: value });
    if (probe.success) repaired[section] = value;
  }
  return settingsSchema.parse(repaired);
}

/**
 * Deep-merges `patch` into the current settings, validates the whole result and saves it.
 * Nothing is written when validation fails: the error carries zod's flattened field errors.
 */
export async function updateSettings(
  db: Database,
  accountId: number,
  patch: SettingsPatch,
  clock: Clock,
): Promise<Settings> {
  const current = await getSettings(db, accountId);
  const merged = mergeSettings(current, patch);
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error);
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new NudgeError(
      "INVALID_SETTINGS",
      `invalid settings: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      {
        details: { issues, formErrors: flat.formErrors },
        cause: parsed.error,
      },
    );
  }
  const data = parsed.data as unknown as Record<string, unknown>;
  await write(db, (tx) =>
    tx
      .insert(settingsTable)
      .values({ accountId, data, updatedAt: clock.now() })
      .onConflictDoUpdate({ target: settingsTable.accountId, set: { data, updatedAt: clock.now() } }),
  );
  return parsed.data;
}
