import pino, { type DestinationStream, type Logger } from "pino";

/** Keys whose values are secret wherever they appear, at any depth, in any case. */
const SECRET_KEY =
  /^(x-api-key|api[-_]?key|authorization|cookie|set-cookie|li_at|jsessionid|password|passwd|secret|token|access[-_]?token|auth[-_]?token|encryption[-_]?key|nudge_api_key|nudge_encryption_key|metrics_token|database_auth_token|session|storage[-_]?state|cookies)$/i;
const REDACTED = "[redacted]";

/**
 * Replaces secret values anywhere in a log object: by key name at any depth (pino's own redact
 * paths only match fixed depths), and by value for the configured secrets wherever they occur
 * inside a string (an error message quoting a header, say).
 */
export function createRedactor(secrets: readonly string[]) {
  const values = secrets.filter((s) => s.length >= 6);
  const scrubString = (s: string): string => {
    let out = s;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  };
  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === "string") return scrubString(value);
    if (typeof value !== "object" || value === null) return value;
    if (depth > 12 || seen.has(value)) return "[truncated]";
    seen.add(value);
    if (value instanceof Error) {
      const out: Record<string, unknown> = { type: value.name, message: scrubString(value.message) };
      if (value.stack) out.stack = scrubString(value.stack);
      const extra = value as unknown as Record<string, unknown>;
      for (const key of Object.keys(extra))
        out[key] = SECRET_KEY.test(key) ? REDACTED : walk(extra[key], depth + 1, seen);
      if (value.cause !== undefined) out.cause = walk(value.cause, depth + 1, seen);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : walk(v, depth + 1, seen);
    return out;
  };
  return {
    object: (obj: Record<string, unknown>) => walk(obj, 0, new WeakSet()) as Record<string, unknown>,
    string: scrubString,
  };
}

export interface LoggerOptions {
  level: string;
  /** Secret values to scrub wherever they appear (API key, encryption key, tokens). */
  secrets?: readonly string[];
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

/** JSON logs with secrets redacted at any depth. */
export function createLogger(options: LoggerOptions): Logger {
  const redactor = createRedactor(options.secrets ?? []);
  return pino(
    {
      level: options.level,
      base: { service: "nudge", ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactor.object(obj),
      },
      hooks: {
        logMethod(args, method) {
          // Scrub string arguments (the message and its interpolation values) too.
          const scrubbed = args.map((a) => (typeof a === "string" ? redactor.string(a) : a)) as Parameters<
            typeof method
          >;
          method.apply(this, scrubbed);
        },
      },
    },
    options.destination,
  );
}
