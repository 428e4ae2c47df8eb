import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createClient } from "@nudge/client";
import type { Clock } from "@nudge/core";
import { chromiumPath } from "@nudge/testing";
import { parseEnv, startServer, type RunningServer } from "../src/index.js";

export const ADMIN_KEY = "nudge_test_admin_key_0123456789abcdef";
export const ENCRYPTION_KEY = "q4Hk0y5Vn6rW1xT8mJ3pL9sD2fG7hK0aZ5cX8vB1nM4=";

/** Collects every JSON log line the server writes. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.lines.push(line);
    done();
  }
  records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  text(): string {
    return this.lines.join("\n");
  }
}

export interface TestServer {
  running: RunningServer;
  url: string;
  logs: LogCapture;
  dataDir: string;
  client(apiKey?: string): ReturnType<typeof createClient>;
  stop(): Promise<void>;
}

/** A real server on a free loopback port with a temp data dir. */
export async function startTestServer(
  extraEnv: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "nudge-server-"));
  const logs = new LogCapture();
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    NUDGE_DATA_DIR: dataDir,
    NUDGE_API_KEY: ADMIN_KEY,
    NUDGE_ENCRYPTION_KEY: ENCRYPTION_KEY,
    LOG_LEVEL: "debug",
    BODY_LIMIT_BYTES: "65536",
    // A test asks for the daily page check; others must not open a browser on their own.
    PAGE_CHECK: "off",
    ...extraEnv,
  });
  const running = await startServer(env, { logDestination: logs, clock: options.clock });
  return {
    running,
    url: running.url,
    logs,
    dataDir,
    client: (apiKey?: string) => createClient({ url: running.url, apiKey }),
    async stop() {
      await running.shutdown("test");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  exited: Promise<void>;
}

/**
 * A real `nudge-server serve` process (from the sources), e.g. a worker (ROLE=worker) sharing a
 * data dir with others. Logs go to this process's stderr at warn.
 */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", MAIN, "serve"], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      NUDGE_ENCRYPTION_KEY: ENCRYPTION_KEY,
      NUDGE_API_KEY: ADMIN_KEY,
      CHROMIUM_PATH: chromiumPath(),
      LOG_LEVEL: "warn",
      PAGE_CHECK: "off",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, exited };
}
