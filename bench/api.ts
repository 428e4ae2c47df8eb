// Throughput of Nudge's HTTP stack against the stack a user would pick instead, measured with wrk
// from a second process in one run: the `health.status` query through Nudge (request id, access
// log, metrics, security headers, auth) against the same procedure behind a bare Hono app that
// mounts tRPC's fetch adapter; `/health` against a bare Hono route; and what an unauthenticated
// request with a crafted superjson `meta` costs against a plain 401.
// Prints medians of three interleaved rounds. Usage: pnpm bench api [seconds per run]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureTool, freePort, waitFor } from "@nudge/testing";

const seconds = Number(process.argv[2] ?? 6);
const wrk = ensureTool("wrk");
const port = await freePort();
const peerPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), "nudge-bench-api-"));
const server = spawn(
  process.execPath,
  ["--import", "tsx", "--conditions=@nudge/source", fileURLToPath(new URL("./_api-server.ts", import.meta.url))],
  {
    env: {
      ...process.env,
      PORT: String(port),
      PEER_PORT: String(peerPort),
      NUDGE_DATA_DIR: dataDir,
      NUDGE_API_KEY: "nudge_bench_admin_key_0123456789",
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
try {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, { timeoutMs: 20_000, what: "bench server" });

  /** Requests per second; `expect` is the status every answer must have. */
  const run = (url: string, expect: number): number => {
    spawnSync(wrk, ["-t1", "-c16", "-d1s", url]); // warm-up (JIT, caches)
    const out = spawnSync(wrk, ["-t1", "-c32", `-d${seconds}s`, url], { encoding: "utf8" }).stdout;
    const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const unexpected = expect < 300 ? non2xx : requests - non2xx;
    if (unexpected > 0 || !Number.isFinite(rps)) throw new Error(`${url}: ${unexpected} answers without status ${expect}`);
    return rps;
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
  const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, [] as number[]])) as Record<Name, number[]>;
  for (let round = 0; round < 3; round++) {
    for (const name of Object.keys(targets) as Name[]) samples[name].push(run(targets[name][0], targets[name][1]));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rps = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<Name, number>;
  const healthRatio = rps.health / rps.peerHealth;
  const trpcVsPeer = rps.trpc / rps.peerTrpc;
  const craftedVs401 = rps.crafted / rps.unauthorized;
  const f = (n: number) => n.toFixed(0).padStart(7);
  console.log(`bare Hono /health              ${f(rps.peerHealth)} req/s`);
  console.log(`Nudge /health                  ${f(rps.health)} req/s = ${healthRatio.toFixed(2)}x (goal >= 0.9)`);
  console.log(`bare Hono + tRPC adapter query ${f(rps.peerTrpc)} req/s`);
  console.log(`Nudge tRPC health.status       ${f(rps.trpc)} req/s = ${trpcVsPeer.toFixed(2)}x (goal >= 0.9)`);
  console.log(`Nudge plain 401                ${f(rps.unauthorized)} req/s`);
  console.log(`Nudge 401 with crafted meta    ${f(rps.crafted)} req/s = ${craftedVs401.toFixed(2)}x (goal: about 1)`);
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
