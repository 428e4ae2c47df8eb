import type { ChannelEventType, ChannelKind, ChannelTarget } from "@nudge/core/schemas";

/**
 * The inputs of each kind of channel, and how their flat form values become the `target` the API
 * validates. A `secret` field is write-only: typed in, sent once, cleared, never shown back.
 */
export interface TargetField {
  /** `secret.url`, `config.host`: where the value goes in the target (and where zod reports on it). */
  key: string;
  label: string;
  type: "text" | "url" | "number" | "email" | "secret" | "check" | "select";
  optional?: boolean;
  options?: readonly string[];
  placeholder?: string;
  hint?: string;
  initial?: string;
}

export const KIND_LABELS: Record<ChannelKind, string> = {
  webhook: "Webhook (signed JSON)",
  slack: "Slack",
  discord: "Discord",
  ntfy: "ntfy",
  telegram: "Telegram",
  email: "E-mail (SMTP)",
};

const chatUrl = (label: string, placeholder: string): TargetField => ({
  key: "secret.url",
  label,
  type: "secret",
  placeholder,
  hint: "It carries a token: kept encrypted, never shown again.",
});

export const TARGET_FIELDS: Record<ChannelKind, TargetField[]> = {
  webhook: [
    chatUrl("URL", "https://example.org/hooks/nudge"),
    {
      key: "secret.signingSecret",
      label: "Signing secret",
      type: "secret",
      hint: "At least 16 characters: the receiver checks the HMAC-SHA256 signature with it.",
    },
  ],
  slack: [chatUrl("Incoming webhook URL", "https://hooks.slack.com/services/…")],
  discord: [chatUrl("Webhook URL", "https://discord.com/api/webhooks/…")],
  ntfy: [
    { key: "config.baseUrl", label: "Server", type: "url", initial: "https://ntfy.sh" },
    { key: "secret.topic", label: "Topic", type: "secret", hint: "Anyone who knows the topic can read it." },
    { key: "secret.token", label: "Access token", type: "secret", optional: true },
  ],
  telegram: [
    { key: "config.baseUrl", label: "Bot API server", type: "url", initial: "https://api.telegram.org" },
    { key: "secret.botToken", label: "Bot token", type: "secret" },
    { key: "config.chatId", label: "Chat id", type: "text" },
  ],
  email: [
    { key: "config.host", label: "SMTP host", type: "text", placeholder: "smtp.example.org" },
    { key: "config.port", label: "Port", type: "number", initial: "587" },
    {
      key: "config.security",
      label: "Security",
      type: "select",
      options: ["starttls", "tls", "none"],
      initial: "starttls",
      hint: "STARTTLS on 587, TLS from the start on 465.",
    },
    { key: "config.user", label: "User", type: "text", optional: true },
    { key: "secret.password", label: "Password", type: "secret", optional: true },
    { key: "config.from", label: "From", type: "email", placeholder: "nudge@example.org" },
    { key: "config.to", label: "To", type: "text", hint: "One or more addresses, separated by commas." },
    { key: "config.allowInvalidCertificate", label: "Accept a self-signed certificate", type: "check", optional: true },
  ],
};

export const EVENT_LABELS: Record<Exclude<ChannelEventType, "test">, string> = {
  "session.expired": "Session expired",
  "session.expiring_soon": "Session expiring soon",
  "breaker.opened": "Breaker opened",
  "breaker.closed": "Breaker closed",
  "run.failed": "Run failed",
  "run.finished": "Run finished, with a summary",
  "schedule.missed": "Scheduled run missed",
  "selector.drift": "Selector drift (page check)",
  "digest.daily": "Daily digest",
};

export function initialValues(kind: ChannelKind, config: Record<string, unknown> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of TARGET_FIELDS[kind]) {
    const [group, name = ""] = field.key.split(".");
    const shown = group === "config" ? config[name] : undefined;
    values[field.key] = Array.isArray(shown)
      ? shown.join(", ")
      : typeof shown === "string" || typeof shown === "number" || typeof shown === "boolean"
        ? String(shown)
        : (field.initial ?? "");
  }
  return values;
}

/** The form's values as the API's `target` input (to be checked by the shared schema). */
export function targetOf(kind: ChannelKind, values: Record<string, string>): ChannelTarget {
  const secret: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  for (const field of TARGET_FIELDS[kind]) {
    const [group, name = ""] = field.key.split(".");
    const raw = (values[field.key] ?? "").trim();
    if (field.type !== "check" && raw === "" && field.optional) continue;
    const value =
      field.type === "number"
        ? raw === ""
          ? Number.NaN
          : Number(raw)
        : field.type === "check"
          ? raw === "true"
          : field.key === "config.to"
            ? raw.split(/[,;\s]+/).filter(Boolean)
            : raw;
    (group === "secret" ? secret : config)[name] = value;
  }
  return { kind, secret, config } as ChannelTarget;
}

/** Secret fields emptied: once sent, a secret leaves the page. */
export function withoutSecrets(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k.startsWith("secret.") ? "" : v]));
}
