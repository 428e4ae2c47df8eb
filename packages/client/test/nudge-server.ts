import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort, tempDatabase, waitFor } from "@nudge/testing";

// The workspace's server, run from its sources as `nudge-server serve`. It is started as a process
// rather than imported: the client cannot depend on @nudge/server, whose own tests depend on the
// client (turbo refuses the cycle), and a process is what a script author talks to anyway.
const SERVER_MAIN = fileURLToPath(new URL("../../../apps/server/src/main.ts", import.meta.url));

export const ADMIN_KEY = "nudge_client_test_admin_key_0123456789";

/** The contacts every test server starts with (account 1). */
export const CONTACTS = [
  { fullName: "Ada Lovelace", profileUrl: "https://www.linkedin.com/in/ada-lovelace", birthMonth: 12, birthDay: 10 },
  { fullName: "Grace Hopper", profileUrl: "https://www.linkedin.com/in/grace-hopper", birthMonth: 12, birthDay: 9 },
  { fullName: "Alan Turing", profileUrl: "https://www.linkedin.com/in/alan-turing", birthMonth: null, birthDay: null },
];

export interface NudgeServer {
  url: string;
  stop(): Promise<void>;
}

/** A real Nudge server on a free loopback port, with a migrated database holding `CONTACTS`. */
export async function startNudgeServer(extraEnv: Record<string, string> = {}): Promise<NudgeServer> {
  const database = await tempDatabase();
  const now = Date.now();
  for (const c of CONTACTS) {
    // Plain SQL: the client's tests may not import @nudge/db (the client sees the API as types only).
    await database.client.execute({
      sql: `insert into contacts
              (account_id, profile_url, full_name, source, birth_month, birth_day, created_at, updated_at)
            values (1, ?, ?, 'birthday', ?, ?, ?, ?)`,
      args: [c.profileUrl, c.fullName, c.birthMonth, c.birthDay, now, now],
    });
  }
  database.close();
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", SERVER_MAIN, "serve"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NUDGE_DATA_DIR: database.dir,
      DATABASE_URL: database.fileUrl,
      NUDGE_API_KEY: ADMIN_KEY,
      LOG_LEVEL: "warn",
      PAGE_CHECK: "off",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(database.dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
        return (await fetch(`${url}/health`)).ok;
      },
      { what: "the Nudge server", timeoutMs: 30_000 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
