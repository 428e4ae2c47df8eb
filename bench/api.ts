// Cost of Nudge's HTTP stack against the stack a user would pick instead, measured with wrk from a
// second process in one run: the `health.status` query through Nudge (request id, access log,
// metrics, security headers, auth) against the same procedure behind a bare Hono app that mounts
// tRPC's fetch adapter; `/health` against a bare Hono route; and an unauthenticated request with a
// crafted superjson `meta` against a plain 401.
//
// Ratios compare requests per CPU-second of the server process (CPU time charged to each run),
// which a busy machine disturbs far less than wall-clock throughput; requests per second are
// printed too. Medians of three interleaved rounds. Usage: pnpm bench api [seconds per run]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureTool, freePort, waitFor } from "@nudge/testing";

const seconds = Number(process.argv[2] ?? 6);
const wrk = ensureTool("wrk");
const [port, peerPort, cpuPort] = [await freePort(), await freePort(), await freePort()];
const dataDir = mkdtempSync(join(tmpdir(), "nudge-bench-api-"));
const server = spawn(
  process.execPath,
  ["--import", "tsx", "--conditions=@nudge/source", fileURLToPath(new URL("./_api-server.ts", import.meta.url))],
  {
    env: {
      ...process.env,
      PORT: String(port),
      PEER_PORT: String(peerPort),
      CPU_PORT: String(cpuPort),
      NUDGE_DATA_DIR: dataDir,
      NUDGE_API_KEY: "nudge_bench_admin_key_0123456789",
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
try {
  const up = async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok;
  await waitFor(up, { timeoutMs: 20_000, what: "bench server" });
  // A new connection each time: a kept-alive one may be closed by the server during a long run.
  const cpuMicros = () =>
    new Promise<number>((resolve, reject) => {
      get({ host: "127.0.0.1", port: cpuPort, path: "/cpu", agent: false }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve(Number(text)));
      }).on("error", reject);
    });

  interface Sample {
    rps: number;
    /** Requests per CPU-second of the server process. */
    perCpuSecond: number;
  }

  /** One wrk run; `expect` is the status every answer must have. */
  const run = async (url: string, expect: number): Promise<Sample> => {
    spawnSync(wrk, ["-t1", "-c16", "-d1s", url]); // warm-up (JIT, caches)
    const before = await cpuMicros();
    const out = spawnSync(wrk, ["-t1", "-c32", `-d${seconds}s`, url], { encoding: "utf8" }).stdout;
    const cpu = (await cpuMicros()) - before;
    const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const unexpected = expect < 300 ? non2xx : requests - non2xx;
    if (unexpected > 0 || !Number.isFinite(rps)) {
      throw new Error(`${url}: ${unexpected} answers without status ${expect}`);
    }
    return { rps, perCpuSecond: requests / (cpu / 1e6) };
  };

  // A superjson `meta` whose type list is a string sends superjson into recursion.
  const crafted = encodeURIComponent(JSON.stringify({ json: {}, meta: { values: "x" } }));
  const nudge = `http://127.0.0.1:${port}`;
  const bare = `http://127.0.0.1:${peerPort}`;
  const targets = {
    peerHealth: [`${bare}/health`, 200],
    health: [`${nudge}/health`, 200],
    peerTrpc: [`${bare}/trpc/health.status`, 200],
    trpc: [`${nudge}/trpc/health.status`, 200],
    unauthorized: [`${nudge}/trpc/data.contacts.list`, 401],
    crafted: [`${nudge}/trpc/data.contacts.list?input=${crafted}`, 401],
  } as const;
  type Name = keyof typeof targets;
  // Interleaved rounds spread machine noise evenly; the median of each is kept (a maximum would
  // reward whichever endpoint happened to run during a quiet second).
  const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, [] as Sample[]])) as Record<Name, Sample[]>;
  for (let round = 0; round < 3; round++) {
    for (const name of Object.keys(targets) as Name[]) {
      const [url, status] = targets[name];
      samples[name].push(await run(url, status));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const names = Object.keys(targets) as Name[];
  const medians = (pick: (s: Sample) => number) =>
    Object.fromEntries(names.map((k) => [k, median(samples[k].map(pick))])) as Record<Name, number>;
  const rps = medians((s) => s.rps);
  const eff = medians((s) => s.perCpuSecond);
  const healthRatio = eff.health / eff.peerHealth;
  const trpcVsPeer = eff.trpc / eff.peerTrpc;
  const craftedVs401 = eff.crafted / eff.unauthorized;
  const f = (n: number) => n.toFixed(0).padStart(7);
  const row = (label: string, name: Name, ratio?: string) =>
    console.log(`${label.padEnd(31)}${f(rps[name])} req/s ${f(eff[name])} req/CPU-s${ratio ? `  ${ratio}` : ""}`);
  row("bare Hono /health", "peerHealth");
  row("Nudge /health", "health", `= ${healthRatio.toFixed(2)}x (goal >= 0.9)`);
  row("bare Hono + tRPC adapter query", "peerTrpc");
  row("Nudge tRPC health.status", "trpc", `= ${trpcVsPeer.toFixed(2)}x (goal >= 0.9)`);
  row("Nudge plain 401", "unauthorized");
  row("Nudge 401 with crafted meta", "crafted", `= ${craftedVs401.toFixed(2)}x (goal: about 1)`);
  const figures = {
    peer_health_rps: rps.peerHealth,
    health_rps: rps.health,
    peer_trpc_rps: rps.peerTrpc,
    trpc_rps: rps.trpc,
    unauthorized_rps: rps.unauthorized,
    crafted_rps: rps.crafted,
  };
  const line = Object.entries(figures).map(([k, v]) => `${k}=${v.toFixed(0)}`);
  line.push(`trpc_vs_peer=${trpcVsPeer.toFixed(2)}`, `health_ratio=${healthRatio.toFixed(2)}`);
  line.push(`crafted_vs_401=${craftedVs401.toFixed(2)}`);
  console.log(`BENCH api ${line.join(" ")}`);
} finally {
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
