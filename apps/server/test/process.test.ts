import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@nudge/client";
import { runCli } from "@nudge/client/cli";
import { freePort, waitFor } from "@nudge/testing";
import { afterEach, describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nudge-proc-"));
  dirs.push(dir);
  return dir;
}

function runMain(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the server process", () => {
  it("stops at start-up with one clear line naming a bad variable", async () => {
    const run = runMain(["serve"], { PORT: "eighty", NUDGE_DATA_DIR: tempDir() });
    expect(await run.exited).toBe(1);
    const lines = run.output().stderr.trim().split("\n");
    expect(lines).toEqual([expect.stringMatching(/^nudge-server: invalid environment variable PORT: /)]);
  });

  it("generates the first admin key once, writes it with mode 0600, and manages keys from the command line", async () => {
    const dataDir = tempDir();
    const env = { NUDGE_DATA_DIR: dataDir, NUDGE_API_KEY: "" };
    const migrate = runMain(["migrate"], env);
    expect(await migrate.exited).toBe(0);
    expect(migrate.output().stdout).toMatch(/migrations applied, 0 pending/);

    const port = await freePort();
    const serve = runMain(["serve"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
      timeoutMs: 60_000,
      what: "server",
    });
    const keyFile = join(dataDir, "admin-api-key.txt");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, "utf8").trim();
    expect(serve.output().stderr).toContain(key);
    expect(serve.output().stdout).not.toContain(key);
    expect(await createClient({ url: `http://127.0.0.1:${port}`, apiKey: key }).keys.list.query()).toHaveLength(1);
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toBe(0);

    const created = runMain(["keys", "create", "ci-bot", "--role", "operator"], env);
    expect(await created.exited).toBe(0);
    const list = runMain(["keys", "list"], env);
    expect(await list.exited).toBe(0);
    expect(list.output().stdout).toMatch(/\toperator\t.*ci-bot/);
    const id = /^(\d+)\toperator/m.exec(list.output().stdout)![1]!;
    const revoke = runMain(["keys", "revoke", id], env);
    expect(await revoke.exited).toBe(0);
    const bad = runMain(["keys", "create", "x", "--role", "root"], env);
    expect(await bad.exited).toBe(1);
    expect(bad.output().stderr).toMatch(/unknown role root/);
  });

  it("completes a request that is in flight when SIGTERM arrives, then exits 0", async () => {
    const port = await freePort();
    const key = "nudge_sigterm_test_key_0123456789";
    const serve = runMain(["serve"], {
      NUDGE_DATA_DIR: tempDir(),
      PORT: String(port),
      HOST: "127.0.0.1",
      NUDGE_API_KEY: key,
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
      timeoutMs: 60_000,
      what: "server",
    });

    // A mutation whose body is still arriving: the server has the request, not yet its body.
    const body = JSON.stringify({ json: { name: "created during shutdown", role: "viewer" } });
    const inFlight: { req?: ReturnType<typeof request> } = {};
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/trpc/keys.create",
          headers: { "content-type": "application/json", "x-api-key": key, "transfer-encoding": "chunked" },
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 10));
      inFlight.req = req;
    });
    await waitFor(
      async () => {
        const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
        // The /metrics request itself counts as one.
        return /^http_requests_in_flight (\d+)/m.exec(metrics)?.[1] === "2";
      },
      { what: "the slow request to be in flight" },
    );

    serve.child.kill("SIGTERM");
    await waitFor(() => serve.output().stdout.includes("shutting down"), { what: "shutdown to begin" });
    // New connections are refused while the old request drains.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    inFlight.req!.end(body.slice(10));
    const result = await response;
    expect(result.status).toBe(200);
    expect(result.text).toContain("created during shutdown");
    expect(await serve.exited).toBe(0);
    expect(serve.output().stdout).toMatch(/"outcome":"drained"/);
  });
});

describe("the nudge CLI", () => {
  it("lists contacts as JSON through the typed client", async () => {
    const port = await freePort();
    const key = "nudge_cli_test_key_0123456789abc";
    const serve = runMain(["serve"], {
      NUDGE_DATA_DIR: tempDir(),
      PORT: String(port),
      HOST: "127.0.0.1",
      NUDGE_API_KEY: key,
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
      timeoutMs: 60_000,
      what: "server",
    });
    const out: string[] = [];
    const code = await runCli(
      ["contacts", "list", "--json", "--url", `http://127.0.0.1:${port}`, "--key", key],
      (s) => out.push(s),
      {},
    );
    expect(code).toBe(0);
    expect(JSON.parse(out.join("\n"))).toEqual([]);
    const health: string[] = [];
    expect(await runCli(["health", "--url", `http://127.0.0.1:${port}`], (s) => health.push(s), {})).toBe(0);
    expect(JSON.parse(health.join("\n"))).toMatchObject({ status: "ok" });
    await expect(
      runCli(["contacts", "list", "--url", `http://127.0.0.1:${port}`], () => undefined, {}),
    ).rejects.toThrow(/API key/);
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toBe(0);
  });
});
