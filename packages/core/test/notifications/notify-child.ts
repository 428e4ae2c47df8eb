/**
 * A worker process for the crash test: makes a state change that notifies (a restriction opens
 * the breaker), prints "changed", and then either waits (no sender) or starts its sender, which
 * claims the delivery and hangs on a receiver that never answers. The test kills it with
 * SIGKILL either way.
 *
 *   node --import tsx --conditions=@nudge/source notify-child.ts '{"dbUrl":…,"keyHex":…,"sender":true}'
 */
import { createDatabase } from "@nudge/db";
import pino from "pino";
import { createNudge, NudgeError, parseEncryptionKey } from "../../src/index.js";

const config = JSON.parse(process.argv[2] ?? "{}") as {
  dbUrl: string;
  keyHex: string;
  sender: boolean;
  dataDir: string;
};
const handle = await createDatabase({ url: config.dbUrl });
const nudge = await createNudge({
  db: handle.db,
  log: pino({ level: "silent" }),
  dataDir: config.dataDir,
  encryptionKeys: [parseEncryptionKey(config.keyHex)],
  notifications: { sender: { pollMs: 50, leaseMs: 1_000, timeoutMs: 600_000 } },
});
await nudge.coordinator.breaker.recordFailure(1, new NudgeError("LINKEDIN_RESTRICTED", "restricted"));
process.stdout.write("changed\n");
if (config.sender) await nudge.startBackground({ notifications: true });
setInterval(() => undefined, 60_000);
