import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { parseEncryptionKey } from "@nudge/core";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./services.js";

const HOOK = "https://hooks.example.test/services/T000/B000/sekrit-token-123";
const SIGNING = "whsec_router_signing_secret_0123";
const SMTP_PASSWORD = "router-smtp-password-xyz";
let api: TestApi;
const lines: string[] = [];
const log = pino(
  { level: "debug" },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  }),
);

beforeEach(async () => {
  api = await createTestApi({ encryptionKeys: [parseEncryptionKey(randomBytes(32).toString("hex"))] });
});
afterEach(() => api.destroy());

describe("notifications router", () => {
  it("lets an admin create, list, change and remove channels; secrets never come back", async () => {
    const admin = api.caller("admin", log);
    const hook = await admin.notifications.create({
      name: "ops hook",
      target: { kind: "webhook", secret: { url: HOOK, signingSecret: SIGNING } },
    });
    expect(hook).toMatchObject({ accountId: 1, kind: "webhook", enabled: true });
    expect(hook.events).toContain("selector.drift");
    expect(hook.events).not.toContain("run.finished");
    const mail = await admin.notifications.create({
      name: "mail",
      events: ["session.expired", "digest.daily"],
      target: {
        kind: "email",
        secret: { password: SMTP_PASSWORD },
        config: { host: "smtp.example.test", user: "me", from: "nudge@example.test", to: ["me@example.test"] },
      },
    });
    expect(mail.config).toMatchObject({ host: "smtp.example.test", port: 587, security: "starttls" });
    const changed = await admin.notifications.update({ id: hook.id, enabled: false, name: "ops" });
    expect(changed).toMatchObject({ enabled: false, name: "ops" });
    const listed = await admin.notifications.channels({});
    expect(listed.map((c) => c.id)).toEqual([hook.id, mail.id]);
    const test = await admin.notifications.test({ channelId: mail.id });
    const history = await api.caller("viewer").notifications.deliveries({ eventId: test.eventId });
    expect(history).toMatchObject([{ channelId: mail.id, type: "test", status: "pending", attempts: 0 }]);
    await admin.notifications.remove({ id: hook.id });
    expect((await admin.notifications.channels({})).map((c) => c.id)).toEqual([mail.id]);
    const shown = JSON.stringify([hook, mail, changed, listed, test, history]);
    for (const secret of [HOOK, "sekrit-token-123", SIGNING, SMTP_PASSWORD]) {
      expect(shown).not.toContain(secret);
      expect(lines.join("")).not.toContain(secret);
    }
  });

  it("keeps channels to admins and validates targets", async () => {
    await expect(
      api.caller("operator").notifications.create({
        name: "x",
        target: { kind: "slack", secret: { url: HOOK } },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.caller("viewer").notifications.channels({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const bad = await api
      .caller("admin")
      .notifications.create({
        name: "x",
        target: { kind: "webhook", secret: { url: "ftp://nope", signingSecret: "short" } },
      })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect(JSON.stringify(bad)).not.toContain("ftp://nope");
  });

  it("lists page checks for viewers (none yet); a check on demand is an operator's", async () => {
    expect(await api.caller("viewer").pageChecks.list({})).toEqual([]);
    await expect(api.caller("viewer").pageChecks.run({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Past the role gate: the operator's check runs, and stops at the account having no session yet.
    const check = await api.caller("operator").pageChecks.run({});
    expect(check).toMatchObject({ status: "failed", errorCode: "SESSION_MISSING" });
  });
});
