import type { Settings } from "../settings/settings-schema.js";
import type { SettingsPatch } from "../settings/settings-store.js";

/**
 * How each key of the original's config.yaml maps to Nudge (a data table: one rule per key or
 * group of keys that only make sense together, like a min/max pair). Keys a rule names are
 * matched as prefixes, so `proxy` covers `proxy.enabled` and every other `proxy.*` key.
 */

export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

export type RuleOutcome =
  { kind: "mapped"; to: string; patch?: SettingsPatch; timezone?: string } | { kind: "not_mapped"; reason: string };

export interface ConfigRule {
  keys: readonly string[];
  map(get: (key: string) => ConfigValue | undefined, current: Settings): RuleOutcome;
}

const notMapped = (keys: readonly string[], reason: string): ConfigRule => ({
  keys,
  map: () => ({ kind: "not_mapped", reason }),
});

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** A single number → one setting; a null (no limit in the original) is reported. */
const limit = (key: string, to: string, build: (n: number) => SettingsPatch, current: (s: Settings) => number) => ({
  keys: [key],
  map(get: (key: string) => ConfigValue | undefined, settings: Settings): RuleOutcome {
    const v = get(key);
    if (v === null || v === undefined) {
      return {
        kind: "not_mapped",
        reason: `no limit in the original; Nudge always has one and keeps ${current(settings)}`,
      };
    }
    if (!isInt(v) || v < 0) return { kind: "not_mapped", reason: "not a whole number" };
    return { kind: "mapped", to, patch: build(v) };
  },
});

const hour = (v: unknown): string | null => (isInt(v) && v >= 0 && v <= 24 ? `${String(v).padStart(2, "0")}:00` : null);

/** The original's visitor keywords list as LinkedIn boolean syntax, the way it built its search URL. */
function booleanKeywords(list: ConfigValue): string | null {
  const terms = (Array.isArray(list) ? list : [list]).filter(
    (t): t is string => typeof t === "string" && t.trim() !== "",
  );
  if (terms.length === 0) return null;
  return terms
    .map((raw) => {
      const t = raw.trim();
      if (/^".*"$/.test(t)) return t;
      if (t.includes("|"))
        return `(${t
          .split("|")
          .map((p) => p.trim())
          .filter(Boolean)
          .join(" OR ")})`;
      if (t.startsWith("-")) return `NOT "${t.slice(1).replace(/"/g, "")}"`;
      return t;
    })
    .join(" ");
}

const strings = (v: ConfigValue | undefined): string[] =>
  (Array.isArray(v) ? v : []).filter((s): s is string => typeof s === "string" && s.trim() !== "").map((s) => s.trim());

export const CONFIG_RULES: readonly ConfigRule[] = [
  notMapped(["version"], "the version of the original's file format, not a setting"),
  notMapped(
    ["bot_mode"],
    "Nudge always applies the daily, weekly and per-run limits (the original's unlimited mode ignored the first two)",
  ),
  notMapped(["dry_run"], "Nudge chooses a dry run per run (campaigns.start with dryRun)"),
  limit(
    "messaging_limits.daily_message_limit",
    "quotas.birthday_message.perDay",
    (n) => ({ quotas: { birthday_message: { perDay: n } } }),
    (s) => s.quotas.birthday_message.perDay,
  ),
  limit(
    "messaging_limits.weekly_message_limit",
    "quotas.birthday_message.perWeek",
    (n) => ({ quotas: { birthday_message: { perWeek: n } } }),
    (s) => s.quotas.birthday_message.perWeek,
  ),
  limit(
    "messaging_limits.max_messages_per_run",
    "quotas.birthday_message.perRun",
    (n) => ({ quotas: { birthday_message: { perRun: n } } }),
    (s) => s.quotas.birthday_message.perRun,
  ),
  {
    keys: ["scheduling.daily_start_hour", "scheduling.daily_end_hour"],
    map(get, current) {
      const start = get("scheduling.daily_start_hour");
      const end = get("scheduling.daily_end_hour");
      const s = start === undefined ? current.workingHours.start : hour(start);
      const e = end === undefined ? current.workingHours.end : hour(end);
      if (s === null || e === null || s === "24:00")
        return { kind: "not_mapped", reason: "not an hour of the day (0–24)" };
      return {
        kind: "mapped",
        to: "workingHours.start / workingHours.end",
        patch: { workingHours: { start: s, end: e } },
      };
    },
  },
  {
    keys: ["scheduling.timezone"],
    map(get) {
      const zone = get("scheduling.timezone");
      if (typeof zone !== "string") return { kind: "not_mapped", reason: "not a time zone name" };
      return { kind: "mapped", to: "account timezone", timezone: zone.trim() };
    },
  },
  {
    keys: ["delays.min_delay_seconds", "delays.max_delay_seconds"],
    map(get, current) {
      const min = get("delays.min_delay_seconds") ?? current.pacing.birthdayDelaySeconds.min;
      const max = get("delays.max_delay_seconds") ?? current.pacing.birthdayDelaySeconds.max;
      if (typeof min !== "number" || typeof max !== "number")
        return { kind: "not_mapped", reason: "not a number of seconds" };
      return {
        kind: "mapped",
        to: "pacing.birthdayDelaySeconds",
        patch: { pacing: { birthdayDelaySeconds: { min, max } } },
      };
    },
  },
  notMapped(
    ["delays.action_delay_min", "delays.action_delay_max"],
    "never read by the original; Nudge's typing delays are pacing.typingDelayMs",
  ),
  {
    keys: ["birthday_filter.process_today"],
    map: (get) =>
      typeof get("birthday_filter.process_today") === "boolean"
        ? {
            kind: "mapped",
            to: "birthday.processToday",
            patch: { birthday: { processToday: get("birthday_filter.process_today") as boolean } },
          }
        : { kind: "not_mapped", reason: "not true or false" },
  },
  {
    keys: ["birthday_filter.process_late"],
    map: (get) =>
      typeof get("birthday_filter.process_late") === "boolean"
        ? {
            kind: "mapped",
            to: "birthday.processLate",
            patch: { birthday: { processLate: get("birthday_filter.process_late") as boolean } },
          }
        : { kind: "not_mapped", reason: "not true or false" },
  },
  {
    keys: ["birthday_filter.max_days_late"],
    map: (get) => {
      const n = get("birthday_filter.max_days_late");
      return isInt(n)
        ? { kind: "mapped", to: "birthday.lateWindowDays", patch: { birthday: { lateWindowDays: n } } }
        : { kind: "not_mapped", reason: "not a whole number of days" };
    },
  },
  notMapped(
    ["messages.messages_file", "messages.late_messages_file"],
    "a path on the original's machine: give the files themselves to the import (--messages, --late-messages)",
  ),
  notMapped(
    ["messages.avoid_repetition_years"],
    "never enforced by the original; Nudge never wishes twice for one birthday and avoids the template a person got last time",
  ),
  {
    keys: ["browser.viewport_sizes"],
    map(get) {
      const first = (
        Array.isArray(get("browser.viewport_sizes")) ? (get("browser.viewport_sizes") as ConfigValue[]) : []
      )[0];
      const m = typeof first === "string" ? /^(\d{3,4})\s*x\s*(\d{3,4})$/i.exec(first.trim()) : null;
      if (!m) return { kind: "not_mapped", reason: "no WIDTHxHEIGHT size in the list" };
      const viewport = { width: Number(m[1]), height: Number(m[2]) };
      return {
        kind: "mapped",
        to: "browser.viewport (the first size; Nudge uses one)",
        patch: { browser: { viewport } },
      };
    },
  },
  notMapped(["browser.headless"], "Nudge always runs Chromium headless"),
  notMapped(["browser.slow_mo"], "Nudge paces actions with pauses and per-character typing (pacing.*)"),
  notMapped(["browser.locale"], "the original forced en-US in the browser at run time; the account's locale is kept"),
  notMapped(
    ["browser.timezone"],
    "the original forced UTC in the browser at run time; the account zone comes from scheduling.timezone",
  ),
  notMapped(["browser.user_agents"], "Nudge uses its Chromium's own user agent"),
  notMapped(["browser.args"], "extra Chromium flags are not configurable in Nudge"),
  notMapped(["auth"], "the session comes from the auth-state file given to the import"),
  notMapped(["proxy"], "proxies never worked in the original (its proxy module did not exist)"),
  notMapped(["debug"], "Nudge saves a screenshot and sanitized HTML when a selector misses, and logs as JSON"),
  notMapped(["database"], "the original's own database: give the file itself to the import"),
  notMapped(["playwright"], "Nudge's page timeouts are built in"),
  notMapped(["monitoring"], "Nudge always serves /metrics"),
  notMapped(["paths"], "Nudge keeps its files under its data directory"),
  notMapped(["notifications"], "notification channels are configured in Nudge itself"),
  notMapped(["invitation_manager"], "Nudge has no invitation manager"),
  notMapped(
    ["visitor.enabled"],
    "the original's scheduler never started; turn on schedules.sourcing in Nudge to run sourcing",
  ),
  {
    keys: ["visitor.keywords"],
    map(get) {
      const keywords = booleanKeywords(get("visitor.keywords") ?? null);
      if (keywords === null) return { kind: "not_mapped", reason: "no keywords" };
      return { kind: "mapped", to: "sourcing.keywords", patch: { sourcing: { keywords } } };
    },
  },
  {
    keys: ["visitor.location"],
    map(get) {
      const location = get("visitor.location");
      if (typeof location === "string" && /^\d{1,20}$/.test(location.trim())) {
        return { kind: "mapped", to: "sourcing.locationIds", patch: { sourcing: { locationIds: [location.trim()] } } };
      }
      return {
        kind: "not_mapped",
        reason: "a free-text location: LinkedIn search needs a geo id (digits); set sourcing.locationIds by hand",
      };
    },
  },
  limit(
    "visitor.limits.profiles_per_run",
    "sourcing.maxProfiles",
    (n) => ({ sourcing: { maxProfiles: n } }),
    (s) => s.sourcing.maxProfiles,
  ),
  notMapped(
    ["visitor.limits.max_pages_to_scrape", "visitor.limits.max_pages_without_new"],
    "Nudge pages through results until maxProfiles",
  ),
  notMapped(["visitor.delays"], "never used by the original (its delays were hard-coded); Nudge's are pacing.visit*"),
  notMapped(["visitor.retry"], "Nudge does not retry a visit; the circuit breaker handles repeated failures"),
  {
    keys: ["visitor.search_filters.title"],
    map(get) {
      const titles = strings(get("visitor.search_filters.title"));
      if (titles.length === 0) return { kind: "not_mapped", reason: "no titles" };
      return { kind: "mapped", to: "sourcing.titles", patch: { sourcing: { titles } } };
    },
  },
  {
    keys: ["visitor.search_filters.keywords_exclude"],
    map(get) {
      const exclusions = strings(get("visitor.search_filters.keywords_exclude"));
      if (exclusions.length === 0) return { kind: "not_mapped", reason: "no exclusions" };
      return { kind: "mapped", to: "sourcing.exclusions", patch: { sourcing: { exclusions } } };
    },
  },
  {
    keys: ["visitor.search_filters.min_fit_score"],
    map(get) {
      const score = get("visitor.search_filters.min_fit_score");
      if (typeof score !== "number") return { kind: "not_mapped", reason: "not a number" };
      return { kind: "mapped", to: "sourcing.minFitScore", patch: { sourcing: { minFitScore: score } } };
    },
  },
  notMapped(
    ["visitor.search_filters"],
    "Nudge's search has keywords, titles, locations, network degrees and exclusions only",
  ),
];
