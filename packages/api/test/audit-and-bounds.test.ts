import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { MAX_TEMPLATE_PROBLEMS, parseEncryptionKey } from "@nudge/core";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./services.js";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi({
    encryptionKeys: [parseEncryptionKey(randomBytes(32).toString("hex"))],
    browsers: { withBrowser: () => Promise.reject(new Error("no browser here")) },
  });
});
afterEach(() => api.destroy());

function capturingLogger(): { log: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: "debug" }, stream);
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines };
}

describe("audit lines", () => {
  it("logs one 'session uploaded' line per upload, with who did it and no cookie value", async () => {
    const { log, lines } = capturingLogger();
    const liAt = "AQEDAauditCookieValue0123456789abcdefghXYZ";
    await api.caller("admin", log).accounts.uploadSession({ session: liAt, check: false });
    const uploaded = lines().filter((l) => l.msg === "session uploaded");
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]).toMatchObject({ by: "admin key", accountId: 1, format: "li_at" });
    expect(JSON.stringify(lines())).not.toContain(liAt);
  });

  it("logs settings changes and breaker resets with the key's name", async () => {
    const { log, lines } = capturingLogger();
    await api.caller("admin", log).settings.update({ patch: { birthday: { lateWindowDays: 5 } } });
    await api.caller("admin", log).settings.resetBreaker({ reason: "checked the account by hand" });
    expect(lines().find((l) => l.msg === "settings updated")).toMatchObject({ by: "admin key", accountId: 1 });
    expect(lines().find((l) => l.msg === "circuit breaker reset by a person")).toMatchObject({
      by: "admin key",
      reason: "checked the account by hand",
    });
  });
});

describe("template checks", () => {
  it("answers a request full of unknown placeholders with a bounded list that does not echo the templates", async () => {
    // 12 lines of 1000 characters, each a wall of distinct unknown placeholders.
    const templates = Array.from({ length: 12 }, (_, line) =>
      Array.from({ length: 200 }, (_, i) => `{${line}x${i}}`)
        .join("")
        .slice(0, 1000),
    );
    const request = JSON.stringify(templates).length;
    const answer = await api.caller("viewer").settings.validateTemplates({ templates });
    expect(answer.problems.length).toBe(MAX_TEMPLATE_PROBLEMS);
    expect(JSON.stringify(answer).length).toBeLessThan(request);
    expect(answer.problems[0]).toEqual({ line: 1, message: expect.stringMatching(/^unknown placeholder \{0x0\}/) });
  });

  it("reports a repeated unknown placeholder once per line", async () => {
    const answer = await api
      .caller("viewer")
      .settings.validateTemplates({ templates: ["Hi {nom} {nom} {nom}", "ok {first_name}"] });
    expect(answer.problems).toEqual([{ line: 1, message: expect.stringContaining("{nom}") }]);
  });
});
