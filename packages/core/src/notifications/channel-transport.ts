import type { NotificationChannelKind } from "@nudge/db";
import type { ChannelSecret } from "./channel-config.js";
import { notificationHtml, type NotificationMessage } from "./notification-messages.js";
import { SIGNATURE_HEADER, signWebhookBody } from "./webhook-signature.js";

/** The version of the generic webhook body; a change that breaks a receiver bumps it. */
export const WEBHOOK_BODY_VERSION = 1;

export interface OutgoingNotification {
  eventId: number;
  type: string;
  occurredAt: Date;
  account: { id: number; name: string; locale: string };
  data: Record<string, unknown>;
  message: NotificationMessage;
}

export interface SendContext {
  kind: NotificationChannelKind;
  config: Record<string, unknown>;
  secret: ChannelSecret;
  now: Date;
  timeoutMs: number;
}

/**
 * A delivery that did not go through: `message` is safe to show once the secrets are scrubbed.
 * A permanent one (credentials refused, the URL is gone) is not retried: it goes straight to the
 * dead letter, where a person sees why.
 */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** Answers that another try will not change: the request itself is wrong (timeouts and throttling are not). */
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 405, 410, 413, 422]);

/** The stable JSON of the generic webhook (docs/notifications.md#webhook-body). */
export function webhookBody(n: OutgoingNotification): string {
  return JSON.stringify({
    version: WEBHOOK_BODY_VERSION,
    id: `evt_${n.eventId}`,
    type: n.type,
    occurredAt: n.occurredAt.toISOString(),
    account: n.account,
    title: n.message.title,
    text: n.message.text,
    data: n.data,
  });
}

const field = (o: Record<string, unknown>, k: string): string => {
  const v = o[k];
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
};

/** One send over the channel's transport; resolves when the far end took it, throws DeliveryFailure otherwise. */
export async function sendNotification(n: OutgoingNotification, ctx: SendContext): Promise<void> {
  const secret = ctx.secret as Record<string, string | undefined>;
  const { title, text } = n.message;
  switch (ctx.kind) {
    case "webhook": {
      const body = webhookBody(n);
      return postJson(field(secret, "url"), body, ctx, {
        [SIGNATURE_HEADER]: signWebhookBody(field(secret, "signingSecret"), body, ctx.now),
        "x-nudge-event": n.type,
        "x-nudge-event-id": `evt_${n.eventId}`,
      });
    }
    case "slack":
      return postJson(field(secret, "url"), JSON.stringify({ text: `*${title}*\n${text}` }), ctx);
    case "discord":
      return postJson(field(secret, "url"), JSON.stringify({ content: `**${title}**\n${text}` }), ctx);
    case "ntfy": {
      // JSON publishing to the server's root: titles in any language (headers are ASCII only).
      const headers: Record<string, string> = secret.token ? { authorization: `Bearer ${secret.token}` } : {};
      const body = JSON.stringify({ topic: field(secret, "topic"), title, message: text, tags: [n.type] });
      return postJson(field(ctx.config, "baseUrl").replace(/\/+$/, ""), body, ctx, headers);
    }
    case "telegram": {
      const base = field(ctx.config, "baseUrl").replace(/\/+$/, "");
      const body = JSON.stringify({ chat_id: field(ctx.config, "chatId"), text: `${title}\n\n${text}` });
      return postJson(`${base}/bot${field(secret, "botToken")}/sendMessage`, body, ctx);
    }
    case "email":
      return sendMail(n, ctx);
  }
}

async function postJson(
  url: string,
  body: string,
  ctx: SendContext,
  headers: Record<string, string> = {},
): Promise<void> {
  const host = URL.canParse(url) ? new URL(url).host : "the channel's URL";
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "nudge-notifications", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new DeliveryFailure(`could not reach ${host}: ${cause}`);
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status >= 300)
    throw new DeliveryFailure(`${host} answered HTTP ${response.status}`, PERMANENT_STATUSES.has(response.status));
}

async function sendMail(n: OutgoingNotification, ctx: SendContext): Promise<void> {
  const c = ctx.config;
  const password = (ctx.secret as { password?: string }).password;
  const user = field(c, "user");
  const security = field(c, "security");
  // Loaded on the first e-mail: most servers never send one (docs/decisions/lazy-loading.md).
  const { createTransport } = await import("nodemailer");
  const transport = createTransport({
    host: field(c, "host"),
    port: Number(c.port),
    secure: security === "tls",
    requireTLS: security === "starttls",
    ignoreTLS: security === "none",
    auth: user ? { user, pass: password ?? "" } : undefined,
    tls: { rejectUnauthorized: c.allowInvalidCertificate !== true },
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs,
  });
  try {
    await transport.sendMail({
      from: field(c, "from"),
      to: (c.to as string[]).join(", "),
      subject: n.message.title,
      text: n.message.text,
      html: notificationHtml(n.message, n.account.locale),
      headers: { "x-nudge-event": n.type, "x-nudge-event-id": `evt_${n.eventId}` },
    });
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; message?: string };
    const what = e.code === "EAUTH" ? "the SMTP server refused the credentials" : "the SMTP server refused the message";
    throw new DeliveryFailure(
      `${what} (${e.code ?? "error"}${e.responseCode ? ` ${e.responseCode}` : ""}): ${e.message ?? ""}`,
      e.code === "EAUTH" || (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600),
    );
  } finally {
    transport.close();
  }
}
