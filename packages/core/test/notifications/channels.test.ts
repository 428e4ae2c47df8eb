import { NOTIFICATION_EVENT_TYPES, write } from "@nudge/db";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { notify, NotificationSender, systemClock, verifyWebhookSignature, type ChannelInput } from "../../src/index.js";
import {
  CALLER,
  settled,
  startNotifyHarness,
  startReceiver,
  type NotifyHarness,
  type WebhookReceiver,
} from "./harness.js";

const SIGNING = "whsec_0123456789abcdef0123456789";
const SMTP_PASSWORD = "smtp-pass-Zq8rT2vX";
const TELEGRAM_TOKEN = "123456:telegram-token-AbCdEf";

let h: NotifyHarness;
let receiver: WebhookReceiver;
let accountFr: number;

interface Mail {
  subject: string;
  text: string;
  html: string;
  to: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

beforeAll(async () => {
  h = await startNotifyHarness();
  receiver = await startReceiver();
  accountFr = (await h.nudge.accounts.create({ name: "Claire", locale: "fr" }, CALLER)).id;
  await h.nudge.startBackground({ notifications: true });
  smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: false,
    onAuth(auth, _session, cb) {
      if (auth.username === "nudge" && auth.password === SMTP_PASSWORD) cb(null, { user: "nudge" });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          mails.push({
            subject: m.subject ?? "",
            text: m.text ?? "",
            html: typeof m.html === "string" ? m.html : "",
            to: Array.isArray(m.to) ? "" : (m.to?.text ?? ""),
          });
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
}, 60_000);

afterAll(async () => {
  await h?.close();
  await receiver?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function webhook(path: string, events?: ChannelInput["events"], accountId = 1) {
  return h.nudge.notifications.create(
    {
      accountId,
      name: `hook ${path}`,
      target: { kind: "webhook", secret: { url: `${receiver.url}${path}?token=tok-${path}`, signingSecret: SIGNING } },
      ...(events ? { events } : {}),
    },
    CALLER,
  );
}

function emailChannel(accountId: number, password: string, name: string) {
  return h.nudge.notifications.create(
    {
      accountId,
      name,
      target: {
        kind: "email",
        secret: { password },
        config: {
          host: "127.0.0.1",
          port: smtpPort,
          security: "starttls",
          user: "nudge",
          from: "nudge@example.test",
          to: ["me@example.test"],
          allowInvalidCertificate: true,
        },
      },
    },
    CALLER,
  );
}

describe("notification channels", () => {
  it("delivers every event type to a webhook, signed with HMAC-SHA256 and a timestamp", async () => {
    const channel = await webhook("/all", [...NOTIFICATION_EVENT_TYPES]);
    const ids: number[] = [];
    for (const type of NOTIFICATION_EVENT_TYPES) {
      const id = await write(h.db.db, (tx) =>
        notify(tx, {
          accountId: 1,
          type,
          data: { runId: 7, kind: "birthday", keys: ["profile.name"] },
          at: new Date(),
        }),
      );
      ids.push(id ?? 0);
    }
    h.nudge.notificationSender.wake();
    for (const id of ids) expect((await settled(h.nudge, id))[0]?.status).toBe("delivered");
    const mine = receiver.accepted.filter((r) => r.path.startsWith("/all"));
    expect(mine.map((r) => (JSON.parse(r.body) as { type: string }).type).sort()).toEqual(
      [...NOTIFICATION_EVENT_TYPES].sort(),
    );
    for (const r of mine) {
      const body = JSON.parse(r.body) as Record<string, unknown>;
      expect(body).toMatchObject({ version: 1, account: { id: 1 } });
      expect(Object.keys(body).sort()).toEqual([
        "account",
        "data",
        "id",
        "occurredAt",
        "text",
        "title",
        "type",
        "version",
      ]);
      const signature = r.headers["x-nudge-signature"] as string;
      expect(verifyWebhookSignature(SIGNING, r.body, signature, new Date())).toBe(true);
      expect(verifyWebhookSignature("another-secret-entirely", r.body, signature, new Date())).toBe(false);
      expect(verifyWebhookSignature(SIGNING, `${r.body} `, signature, new Date())).toBe(false);
      // Replayed ten minutes later: refused.
      expect(verifyWebhookSignature(SIGNING, r.body, signature, new Date(Date.now() + 600_000))).toBe(false);
    }
    await h.nudge.notifications.remove(channel.id, CALLER);
  });

  it("a receiver that fails 3 times then succeeds gets exactly one delivery", async () => {
    const channel = await webhook("/flaky");
    receiver.failFirst = 3;
    const { eventId } = await h.nudge.notifications.sendTest({ channelId: channel.id }, CALLER);
    const [delivery] = await settled(h.nudge, eventId);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3 });
    expect(receiver.received.filter((r) => r.path.startsWith("/flaky"))).toHaveLength(4);
    expect(receiver.accepted.filter((r) => r.path.startsWith("/flaky"))).toHaveLength(1);
    await h.nudge.notifications.remove(channel.id, CALLER);
  });

  it("several senders at once deliver each event to each channel once", async () => {
    const channel = await webhook("/many");
    await h.nudge.notificationSender.stop();
    const ids: number[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await write(h.db.db, (tx) => notify(tx, { accountId: 1, type: "test", at: new Date() }))) ?? 0);
    const senders = [1, 2, 3].map(
      () =>
        new NotificationSender({
          db: h.db.db,
          clock: systemClock,
          log: pino({ level: "silent" }),
          encryptionKeys: h.keys,
          options: { batchSize: 4 },
        }),
    );
    await Promise.all(senders.map((s) => s.drain()));
    const mine = receiver.accepted.filter((r) => r.path.startsWith("/many"));
    expect(mine).toHaveLength(30);
    expect(new Set(mine.map((r) => (JSON.parse(r.body) as { id: string }).id)).size).toBe(30);
    for (const id of ids) expect((await h.nudge.notifications.deliveries({ eventId: id }))[0]?.attempts).toBe(0);
    await h.nudge.notifications.remove(channel.id, CALLER);
    await h.nudge.startBackground({ notifications: true });
  });

  it("ready-made bodies for Slack, Discord, ntfy and Telegram go to the configured base URL", async () => {
    const made = [
      await h.nudge.notifications.create(
        { accountId: 1, name: "slack", target: { kind: "slack", secret: { url: `${receiver.url}/slack/T0/B0/xyz` } } },
        CALLER,
      ),
      await h.nudge.notifications.create(
        {
          accountId: 1,
          name: "discord",
          target: { kind: "discord", secret: { url: `${receiver.url}/discord/1/abc` } },
        },
        CALLER,
      ),
      await h.nudge.notifications.create(
        {
          accountId: 1,
          name: "ntfy",
          target: {
            kind: "ntfy",
            secret: { topic: "nudge-topic-secret" },
            config: { baseUrl: `${receiver.url}/ntfy` },
          },
        },
        CALLER,
      ),
      await h.nudge.notifications.create(
        {
          accountId: 1,
          name: "telegram",
          target: {
            kind: "telegram",
            secret: { botToken: TELEGRAM_TOKEN },
            config: { baseUrl: `${receiver.url}/tg`, chatId: "42" },
          },
        },
        CALLER,
      ),
    ];
    const { eventId } = await h.nudge.notifications.sendTest({ accountId: 1 }, CALLER);
    const rows = await settled(h.nudge, eventId);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual(made.map(() => ["delivered", null]));
    const byPath = (p: string) =>
      JSON.parse(receiver.accepted.find((r) => r.path.startsWith(p))?.body ?? "null") as Record<string, unknown>;
    expect(byPath("/slack/T0/B0/xyz").text).toMatch(/^\*.*test notification\*\n/);
    expect(byPath("/discord/1/abc").content).toMatch(/^\*\*.*test notification\*\*/);
    expect(byPath("/ntfy")).toMatchObject({ topic: "nudge-topic-secret", tags: ["test"] });
    expect(byPath(`/tg/bot${TELEGRAM_TOKEN}/sendMessage`)).toMatchObject({ chat_id: "42" });
    for (const c of made) await h.nudge.notifications.remove(c.id, CALLER);
  });

  it("e-mails over SMTP with STARTTLS and auth, in the account's locale (EN and FR)", async () => {
    const en = await emailChannel(1, SMTP_PASSWORD, "mail en");
    const fr = await emailChannel(accountFr, SMTP_PASSWORD, "mail fr");
    const a = await h.nudge.notifications.sendTest({ channelId: en.id }, CALLER);
    const b = await h.nudge.notifications.sendTest({ channelId: fr.id }, CALLER);
    expect((await settled(h.nudge, a.eventId))[0]?.status).toBe("delivered");
    expect((await settled(h.nudge, b.eventId))[0]?.status).toBe("delivered");
    const english = mails.find((m) => m.subject.includes("test notification"));
    const french = mails.find((m) => m.subject.includes("notification de test"));
    expect(english?.subject).toBe("Default: test notification");
    expect(english?.text).toContain("This channel works");
    expect(english?.html).toContain("<h2>Default: test notification</h2>");
    expect(french?.subject).toBe("Claire : notification de test");
    expect(french?.text).toContain("Ce canal fonctionne");
    expect(french?.html).toContain('lang="fr"');
    await h.nudge.notifications.remove(en.id, CALLER);
    await h.nudge.notifications.remove(fr.id, CALLER);
  });

  it("e-mails over implicit TLS (port 465 style) too", async () => {
    const tlsServer = new SMTPServer({
      secure: true,
      onAuth(auth, _session, cb) {
        if (auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
        else cb(new Error("Invalid username or password"));
      },
      onData(stream, _session, cb) {
        simpleParser(stream)
          .then((m) => {
            mails.push({ subject: `tls ${m.subject ?? ""}`, text: m.text ?? "", html: "", to: "" });
            cb();
          })
          .catch((e: Error) => cb(e));
      },
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
    try {
      const channel = await h.nudge.notifications.create(
        {
          accountId: 1,
          name: "mail tls",
          target: {
            kind: "email",
            secret: { password: SMTP_PASSWORD },
            config: {
              host: "127.0.0.1",
              port: (tlsServer.server.address() as { port: number }).port,
              security: "tls",
              user: "nudge",
              from: "nudge@example.test",
              to: ["me@example.test"],
              allowInvalidCertificate: true,
            },
          },
        },
        CALLER,
      );
      const { eventId } = await h.nudge.notifications.sendTest({ channelId: channel.id }, CALLER);
      expect((await settled(h.nudge, eventId))[0]?.status).toBe("delivered");
      expect(mails.map((m) => m.subject)).toContain("tls Default: test notification");
      await h.nudge.notifications.remove(channel.id, CALLER);
    } finally {
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    }
  });

  it("wrong SMTP credentials end in the dead letter with a clear error", async () => {
    const wrong = await emailChannel(1, "wrong-password-9x", "mail wrong");
    const { eventId } = await h.nudge.notifications.sendTest({ channelId: wrong.id }, CALLER);
    const [delivery] = await settled(h.nudge, eventId);
    expect(delivery?.status).toBe("dead");
    expect(delivery?.lastError).toMatch(/refused the credentials/);
    expect(delivery?.lastError).not.toContain("wrong-password-9x");
    await h.nudge.notifications.remove(wrong.id, CALLER);
  }, 90_000);

  it("never shows a channel secret in API output, errors or logs", async () => {
    const channel = await webhook("/secretive");
    const shown = JSON.stringify([
      channel,
      await h.nudge.notifications.list(),
      await h.nudge.notifications.get(channel.id),
      await h.nudge.notifications.deliveries({}),
    ]);
    const logs = h.logs.join("");
    for (const secret of [
      SIGNING,
      SMTP_PASSWORD,
      "wrong-password-9x",
      TELEGRAM_TOKEN,
      "tok-/",
      "nudge-topic-secret",
      "/slack/T0/B0/xyz",
    ]) {
      expect(shown).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).toContain("notification delivered");
  });
});
