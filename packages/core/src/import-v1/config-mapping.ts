import { NudgeError } from "../errors/nudge-error.js";
import { settingsSchema, type Settings } from "../settings/settings-schema.js";
import { isPlainObject, mergeSettings, type SettingsPatch } from "../settings/settings-store.js";
import { DEFAULT_TIMEZONE } from "@nudge/db";
import { isValidTimeZone } from "../time/zoned.js";
import { CONFIG_RULES, type ConfigValue } from "./config-rules.js";

/**
 * The original's `config/config.yaml` mapped to Nudge settings. Every key of the file ends up in
 * the report: mapped (to which setting) or not mapped (and why); nothing is dropped silently. A
 * value Nudge would refuse (out of range, end of day before its start) is reported instead of
 * applied, so the rest still lands; the settings are validated as a whole, as any update is.
 */

export const MAX_CONFIG_CHARS = 256 * 1024;

export interface ConfigEntry {
  /** Dotted key of the original's file, e.g. `messaging_limits.daily_message_limit`. */
  key: string;
  /** The value read (secrets replaced by "(redacted)"). */
  value: ConfigValue;
  status: "mapped" | "not_mapped";
  /** The Nudge setting it landed in, for mapped keys. */
  to?: string;
  /** Why it was not mapped. */
  reason?: string;
}

export interface ConfigMapping {
  patch: SettingsPatch;
  /** The account zone to set (`scheduling.timezone`), when the file names a valid one. */
  timezone: string | null;
  /** The zone naive timestamps of the original's database are read in. */
  sourceZone: string;
  entries: ConfigEntry[];
}

const SECRET_KEY = /(password|secret|token|api_?key|encryption)/i;

/** Leaves of the YAML document as dotted keys; lists are values. */
function leaves(node: unknown, prefix = ""): [string, ConfigValue][] {
  if (!isPlainObject(node)) return prefix ? [[prefix, node as ConfigValue]] : [];
  const out: [string, ConfigValue][] = [];
  for (const [k, v] of Object.entries(node)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length > 0) out.push(...leaves(v, key));
    else out.push([key, (isPlainObject(v) ? null : v) as ConfigValue]);
  }
  return out;
}

async function parseConfig(content: string): Promise<Record<string, unknown>> {
  if (content.length > MAX_CONFIG_CHARS) {
    throw new NudgeError("IMPORT_SOURCE_REFUSED", `config.yaml is larger than ${MAX_CONFIG_CHARS / 1024} KB`);
  }
  // Loaded on the first import only: a server may never run one (docs/decisions/lazy-loading.md).
  const { parse: parseYaml } = await import("yaml");
  let doc: unknown;
  try {
    doc = parseYaml(content, { maxAliasCount: 100, prettyErrors: false });
  } catch (error) {
    const where = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new NudgeError(
      "IMPORT_SOURCE_REFUSED",
      `config.yaml is not valid YAML${where ? ` (line ${where})` : ""}: nothing was imported`,
    );
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlainObject(doc))
    throw new NudgeError("IMPORT_SOURCE_REFUSED", "config.yaml is not a mapping of keys to values");
  return doc;
}

function validates(current: Settings, patch: SettingsPatch): string | null {
  const merged = mergeSettings(current, patch);
  const parsed = settingsSchema.safeParse(merged);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid";
}

/**
 * Maps the file against the account's current settings. Throws IMPORT_SOURCE_REFUSED when the
 * file is not YAML at all; a key whose value Nudge refuses is reported, not applied.
 */
export async function mapConfig(content: string, current: Settings): Promise<ConfigMapping> {
  const doc = await parseConfig(content);
  const values = new Map(leaves(doc));
  const entries = new Map<string, ConfigEntry>();
  for (const [key, value] of values) {
    entries.set(key, {
      key,
      value: SECRET_KEY.test(key) && value !== null && value !== "" ? "(redacted)" : value,
      status: "not_mapped",
      reason: "not a key of the original's configuration schema",
    });
  }
  let patch: SettingsPatch = {};
  let timezone: string | null = null;
  // Each key belongs to the first rule that names it (a group rule such as `visitor.search_filters`
  // comes after the rules for the filters Nudge has).
  const done = new Set<string>();
  for (const rule of CONFIG_RULES) {
    const claimed = [...values.keys()].filter(
      (v) => !done.has(v) && rule.keys.some((k) => v === k || v.startsWith(`${k}.`)),
    );
    if (claimed.length === 0) continue;
    for (const key of claimed) done.add(key);
    const outcome = rule.map((k) => values.get(k), current);
    let reason = outcome.kind === "not_mapped" ? outcome.reason : null;
    if (outcome.kind === "mapped" && outcome.patch) {
      const candidate = mergeSettings(patch, outcome.patch);
      const problem = validates(current, candidate);
      if (problem) reason = `Nudge refuses this value (${problem}); the current setting is kept`;
      else patch = candidate;
    }
    if (outcome.kind === "mapped" && outcome.timezone !== undefined) {
      if (isValidTimeZone(outcome.timezone)) timezone = outcome.timezone;
      else reason = `unknown IANA time zone ${JSON.stringify(outcome.timezone)}; the account's zone is kept`;
    }
    for (const key of claimed) {
      const entry = entries.get(key);
      if (!entry) continue;
      if (reason !== null) Object.assign(entry, { status: "not_mapped", reason, to: undefined });
      else
        Object.assign(entry, {
          status: "mapped",
          reason: undefined,
          to: outcome.kind === "mapped" ? outcome.to : undefined,
        });
    }
  }
  return {
    patch,
    timezone,
    sourceZone: timezone ?? DEFAULT_TIMEZONE,
    entries: [...entries.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

/** Setting paths whose value the patch changes, with before and after (for the report's diff). */
export function settingsDiff(before: Settings, after: Settings): { path: string; from: unknown; to: unknown }[] {
  const out: { path: string; from: unknown; to: unknown }[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
        walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, from: a ?? null, to: b ?? null });
  };
  walk(before, after, "");
  return out;
}
