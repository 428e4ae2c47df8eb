import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { waitFor } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/client.js";
import { ADMIN_KEY, startNudgeServer, type NudgeServer } from "./nudge-server.js";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const SIGNING = "whsec_cli_test_signing_secret_01";

async function nudge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = ["--import", "tsx", "--conditions=@nudge/source", CLI, ...args];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, {
      env: { PATH: process.env.PATH ?? "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    return { code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("nudge notify and nudge check against a real server", () => {
  let server: NudgeServer;
  let receiver: Server;
  const bodies: string[] = [];
  let hookUrl = "";

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?token=cli-secret-token`;
    server = await startNudgeServer({ NUDGE_ENCRYPTION_KEY: randomBytes(32).toString("hex") });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it("`nudge notify test` queues a test event that reaches the channel", async () => {
    const client = createClient({ url: server.url, apiKey: ADMIN_KEY });
    const channel = await client.notifications.create.mutate({
      name: "cli hook",
      target: { kind: "webhook", secret: { url: hookUrl, signingSecret: SIGNING } },
    });
    const run = await nudge("notify", "test", "--channel", String(channel.id), "--url", server.url, "--key", ADMIN_KEY);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/test event \d+ queued for channel\(s\) \d+/);
    await waitFor(() => bodies.some((b) => b.includes('"type":"test"')), { timeoutMs: 30_000, what: "the test event" });
    const history = await nudge("notify", "deliveries", "--json", "--url", server.url, "--key", ADMIN_KEY);
    expect(JSON.parse(history.stdout)).toMatchObject([{ channelId: channel.id, type: "test", status: "delivered" }]);
    const channels = await nudge("notify", "channels", "--json", "--url", server.url, "--key", ADMIN_KEY);
    for (const out of [run.stdout, history.stdout, channels.stdout]) {
      expect(out).not.toContain("cli-secret-token");
      expect(out).not.toContain(SIGNING);
    }
  }, 60_000);

  it("`nudge check pages` says why a check could not run (no session uploaded)", async () => {
    const run = await nudge("check", "pages", "--url", server.url, "--key", ADMIN_KEY);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/could not finish: SESSION_MISSING/);
  }, 60_000);
});
