import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { tempDatabase, waitFor, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import type { EncryptionKey, ManualClock } from "../../src/index.js";
import { createNudge, parseEncryptionKey, type Nudge, type NudgeDeps } from "../../src/index.js";

export const CALLER = { by: "test" };

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: answers `failFirst` requests with 500, then 200 (or always 500 while `down`). */
export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Requests answered 2xx. */
  accepted: ReceivedRequest[];
  failFirst: number;
  down: boolean;
  /** Takes requests and never answers them (a sender killed while waiting). */
  hang: boolean;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    accepted: [],
    failFirst: 0,
    down: false,
    hang: false,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      receiver.received.push(request);
      if (receiver.hang) return;
      if (receiver.down || receiver.failFirst > 0) {
        receiver.failFirst = Math.max(0, receiver.failFirst - 1);
        res.writeHead(500).end("nope");
        return;
      }
      receiver.accepted.push(request);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export interface NotifyHarness {
  db: TempDatabase;
  nudge: Nudge;
  dataDir: string;
  /** Every log line the domain wrote, as text (to grep for secrets). */
  logs: string[];
  keys: EncryptionKey[];
  close(): Promise<void>;
}

/** A temp database and the real domain, its sender fast (retries in tens of ms), its logs captured. */
export async function startNotifyHarness(
  options: { nudge?: Partial<NudgeDeps>; clock?: ManualClock; keyHex?: string } = {},
): Promise<NotifyHarness> {
  const db = await tempDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), "nudge-notify-"));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString("utf8"));
      done();
    },
  });
  const keys = [parseEncryptionKey(options.keyHex ?? randomBytes(32).toString("hex"))];
  const nudge = await createNudge({
    db: db.db,
    log: pino({ level: "debug" }, sink),
    dataDir,
    encryptionKeys: keys,
    ...(options.clock ? { clock: options.clock } : {}),
    notifications: {
      sender: { pollMs: 50, baseDelayMs: 20, maxDelayMs: 100, maxAgeMs: 60_000, timeoutMs: 5_000 },
    },
    ...options.nudge,
  });
  return {
    db,
    nudge,
    dataDir,
    logs,
    keys,
    async close() {
      await nudge.close();
      db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the event's deliveries are all settled (delivered or dead). */
export async function settled(nudge: Nudge, eventId: number, timeoutMs = 30_000) {
  let last: unknown = [];
  return waitFor(
    async () => {
      const rows = await nudge.notifications.deliveries({ eventId });
      last = rows.map((r) => [r.channelId, r.status, r.attempts, r.lastError]);
      return rows.length > 0 && rows.every((r) => r.status === "delivered" || r.status === "dead") ? rows : null;
    },
    { timeoutMs, what: `deliveries of event ${eventId} to settle` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
  });
}
