import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from "@nudge/db";
import { z } from "zod";
import { OPT_IN_EVENTS } from "./notify.js";

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
export type ChannelSecret = ChannelTarget["secret"];

/** Every event but the opt-in ones: what a channel gets when it does not say. */
export const DEFAULT_CHANNEL_EVENTS: NotificationEventType[] = NOTIFICATION_EVENT_TYPES.filter(
  (t) => t !== "test" && !OPT_IN_EVENTS.includes(t),
);

export const channelEventsSchema = z.array(z.enum(NOTIFICATION_EVENT_TYPES)).max(NOTIFICATION_EVENT_TYPES.length);

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

/** The values of a secret, to scrub them from any error text before it is stored or logged. */
export function secretValues(secret: ChannelSecret): string[] {
  const values = Object.values(secret as Record<string, string | undefined>).filter(
    (v): v is string => typeof v === "string" && v.length >= 4,
  );
  // A URL's path and query carry the token: scrub them alone too (an error may quote them).
  for (const v of [...values]) {
    if (URL.canParse(v)) {
      const u = new URL(v);
      if (u.pathname.length > 1) values.push(u.pathname);
      if (u.search) values.push(u.search.slice(1));
    }
  }
  return values;
}
