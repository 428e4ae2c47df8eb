import { resolve } from "node:path";
import { parseEncryptionKey, type HousekeepingOptions } from "@nudge/core";
import { z } from "zod";
import { TrustedProxies } from "./client-address.js";

const port = z.coerce.number().int().min(0).max(65_535);
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

/** The same parser the session store uses, so a key accepted here is a key that works there. */
function isEncryptionKey(value: string): boolean {
  try {
    parseEncryptionKey(value);
    return true;
  } catch {
    return false;
  }
}

/** A retention in days; 0 keeps forever. */
const retentionDays = z.coerce.number().int().min(0).max(36_500);

/** A comma-separated list, blanks dropped. */
const commaList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * Every environment variable the server reads, with its default. Documented in the README's
 * configuration table; keep both in step.
 */
export const envSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    NUDGE_DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z.string().min(1).optional(),
    DATABASE_AUTH_TOKEN: optionalSecret,
    NUDGE_API_KEY: optionalSecret.refine((v) => v === undefined || /^[A-Za-z0-9_\-.~+/=]{16,200}$/.test(v), {
      message: "must be 16–200 characters of letters, digits and -_.~+/=",
    }),
    NUDGE_ENCRYPTION_KEY: optionalSecret.refine((v) => v === undefined || isEncryptionKey(v), {
      message: "must be 32 bytes, as 64 hex characters or base64 (generate one with: openssl rand -base64 32)",
    }),
    REDIS_URL: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? undefined : v))
      .refine((v) => v === undefined || /^rediss?:\/\//.test(v), { message: "must start with redis:// or rediss://" }),
    ROLE: z.enum(["all", "api", "worker"]).default("all"),
    LOG_LEVEL: logLevel.default("info"),
    METRICS_TOKEN: optionalSecret,
    ALLOWED_ORIGINS: commaList.refine((list) => list.every((o) => o === "*" || /^https?:\/\/[^/\s]+$/.test(o)), {
      message: "a comma-separated list of origins like https://nudge.example.com",
    }),
    /**
     * Reverse proxies (addresses or CIDR ranges) in front of Nudge. A request from one of them is
     * counted against the client it names in X-Forwarded-For (the right-most entry that is not a
     * trusted proxy); from anyone else, against its socket address. Empty: no proxy is trusted.
     */
    TRUST_PROXY: commaList.refine((list) => list.every((entry) => TrustedProxies.isValidEntry(entry)), {
      message: "a comma-separated list of IP addresses or CIDR ranges like 10.0.0.1,172.17.0.0/16",
    }),
    LINKEDIN_BASE_URL: z.url().default("https://www.linkedin.com"),
    CHROMIUM_PATH: z.string().optional(),
    /** Maximum request body in bytes. */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    /** Where the built control panel lives; served when present. */
    NUDGE_WEB_DIR: z.string().optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** How long a worker's claim on a run lasts without a heartbeat (a killed worker's run is taken back after it). */
    RUN_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /** Runs one worker process executes at once (never two for one account). */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    /** Housekeeping of worker processes (docs/operations.md#housekeeping). */
    HOUSEKEEPING_INTERVAL_HOURS: z.coerce.number().min(1).max(720).default(24),
    RETENTION_RUN_EVENTS_DAYS: retentionDays.default(90),
    RETENTION_ARTIFACTS_DAYS: retentionDays.default(30),
    RETENTION_MESSAGE_TEXT_DAYS: retentionDays.default(365),
    RETENTION_NOTIFICATIONS_DAYS: retentionDays.default(90),
    RETENTION_PAGE_CHECKS_DAYS: retentionDays.default(90),
    VACUUM_MIN_FREE_PERCENT: z.coerce.number().int().min(0).max(100).default(20),
    /** Warn this many days before an account's li_at cookie expires (docs/notifications.md). */
    SESSION_WARNING_DAYS: z.coerce.number().int().min(1).max(60).default(7),
    /** The daily read-only page check of worker processes: "on" or "off". */
    PAGE_CHECK: z.enum(["on", "off"]).default("on"),
  })
  .transform((env) => {
    const dataDir = resolve(env.NUDGE_DATA_DIR);
    return {
      ...env,
      NUDGE_DATA_DIR: dataDir,
      DATABASE_URL: env.DATABASE_URL ?? `file:${resolve(dataDir, "nudge.db")}`,
    };
  });

export type Env = z.infer<typeof envSchema>;

/** The housekeeping settings of `env`, in the domain's terms. */
export function housekeepingOptions(env: Env): Partial<HousekeepingOptions> {
  return {
    intervalMs: env.HOUSEKEEPING_INTERVAL_HOURS * 3_600_000,
    runEventsDays: env.RETENTION_RUN_EVENTS_DAYS,
    artifactsDays: env.RETENTION_ARTIFACTS_DAYS,
    messageTextDays: env.RETENTION_MESSAGE_TEXT_DAYS,
    notificationsDays: env.RETENTION_NOTIFICATIONS_DAYS,
    pageChecksDays: env.RETENTION_PAGE_CHECKS_DAYS,
    vacuumMinFreePercent: env.VACUUM_MIN_FREE_PERCENT,
  };
}

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/**
 * Parses the environment. On a bad value the error message is one line naming the variable and
 * what is wrong — never the value itself, which may be a secret.
 */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? "environment");
  throw new EnvError(`invalid environment variable ${variable}: ${issue?.message ?? "invalid"}`);
}
