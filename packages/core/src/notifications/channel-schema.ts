import { z } from "zod";

/**
 * What a notification channel is made of, as the API validates it and the panel's form checks it
 * while the person types (docs/notifications.md#channels). Browser-safe: reached through
 * `@nudge/core/schemas`, so it imports zod and nothing else (docs/decisions/shared-schemas.md).
 * The two lists below repeat the database's enums; channel-config.ts checks at compile time that
 * they stay the same.
 */

export const CHANNEL_KINDS = ["webhook", "slack", "discord", "ntfy", "telegram", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_EVENT_TYPES = [
  "session.expired",
  "session.expiring_soon",
  "breaker.opened",
  "breaker.closed",
  "run.failed",
  "run.finished",
  "schedule.missed",
  "selector.drift",
  "digest.daily",
  "test",
] as const;
export type ChannelEventType = (typeof CHANNEL_EVENT_TYPES)[number];

/** Events a channel gets only when it asks for them by name (they are frequent, not trouble). */
export const OPT_IN_EVENTS: readonly ChannelEventType[] = ["run.finished", "digest.daily"];

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { message: "an http(s) URL" });

/**
 * What a person gives to create a channel, per kind: `secret` is encrypted at rest and never
 * shown again (webhook URLs carry tokens), `config` may be shown.
 */
export const channelTargetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("webhook"),
    secret: z.object({ url: httpUrl, signingSecret: z.string().min(16).max(500) }),
    config: z.object({}).prefault({}),
  }),
  z.object({ kind: z.literal("slack"), secret: z.object({ url: httpUrl }), config: z.object({}).prefault({}) }),
  z.object({ kind: z.literal("discord"), secret: z.object({ url: httpUrl }), config: z.object({}).prefault({}) }),
  z.object({
    kind: z.literal("ntfy"),
    secret: z.object({ topic: z.string().trim().min(1).max(200), token: z.string().max(500).optional() }),
    config: z.object({ baseUrl: httpUrl.default("https://ntfy.sh") }).prefault({}),
  }),
  z.object({
    kind: z.literal("telegram"),
    secret: z.object({ botToken: z.string().trim().min(10).max(500) }),
    config: z.object({
      baseUrl: httpUrl.default("https://api.telegram.org"),
      chatId: z.string().trim().min(1).max(100),
    }),
  }),
  z.object({
    kind: z.literal("email"),
    secret: z.object({ password: z.string().max(500).optional() }).prefault({}),
    config: z.object({
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65535).default(587),
      /** `starttls` upgrades a plain connection (port 587), `tls` is TLS from the start (465). */
      security: z.enum(["starttls", "tls", "none"]).default("starttls"),
      user: z.string().trim().max(255).optional(),
      from: z.email(),
      to: z.array(z.email()).min(1).max(20),
      /** Accept a self-signed certificate (a server on the local network). */
      allowInvalidCertificate: z.boolean().default(false),
    }),
  }),
]);

export type ChannelTarget = z.output<typeof channelTargetSchema>;

/** Every event but the opt-in ones: what a channel gets when it does not say. */
export const DEFAULT_CHANNEL_EVENTS: ChannelEventType[] = CHANNEL_EVENT_TYPES.filter(
  (t) => t !== "test" && !OPT_IN_EVENTS.includes(t),
);

export const channelEventsSchema = z.array(z.enum(CHANNEL_EVENT_TYPES)).max(CHANNEL_EVENT_TYPES.length);

export const channelInputSchema = z.object({
  accountId: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  target: channelTargetSchema,
  events: channelEventsSchema.optional(),
  enabled: z.boolean().default(true),
});
export type ChannelInput = z.input<typeof channelInputSchema>;

export const channelPatchSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  /** A new target replaces the secret as a whole (it is never read back to be edited). */
  target: channelTargetSchema.optional(),
  events: channelEventsSchema.optional(),
  enabled: z.boolean().optional(),
});
export type ChannelPatch = z.input<typeof channelPatchSchema>;
