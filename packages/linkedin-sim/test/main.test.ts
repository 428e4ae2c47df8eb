import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@nudge/testing";
import { afterAll, describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    process.kill(child.pid, "SIGTERM");
    await exited;
  }
});

describe("the start command", () => {
  it("serves the simulator on PORT and stops on SIGTERM", async () => {
    const port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", MAIN], {
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/__sim/state`)).ok, {
      what: "the simulator to listen",
      timeoutMs: 20_000,
    });

    const reset = await fetch(`${base}/__sim/scenario`, { method: "POST", body: JSON.stringify({ cookie: "abc" }) });
    expect(reset.status).toBe(200);
    const feed = await fetch(`${base}/feed/`, { headers: { cookie: "li_at=abc" }, redirect: "manual" });
    expect(feed.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
    process.kill(child.pid as number, "SIGTERM");
    expect(await exited).toBe(0);
  });
});
