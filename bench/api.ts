// Throughput of /health, of a tRPC query and of a bare Hono route doing the same work as the
// query, on one server process, measured with wrk from a second process in the same run.
// Prints the ratios against the bare route (medians of three interleaved rounds).
// Usage: pnpm bench api [seconds per run]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, requireTool, waitFor } from "@nudge/testing";

const seconds = Number(process.argv[2] ?? 6);
const wrk = requireTool("wrk");
const port = await freePort();
const barePort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), "nudge-bench-api-"));
const server = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", fileURLToPath(new URL("./_api-server.ts", import.meta.url))], {
  env: { ...process.env, PORT: String(port), BARE_PORT: String(barePort), NUDGE_DATA_DIR: dataDir, NUDGE_API_KEY: "nudge_bench_admin_key_0123456789" },
  stdio: ["ignore", "pipe", "inherit"],
});
try {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, { timeoutMs: 20_000, what: "bench server" });

  const run = (url: string): number => {
    spawnSync(wrk, ["-t1", "-c16", "-d1s", url]); // warm-up (JIT, caches)
    const out = spawnSync(wrk, ["-t1", "-c32", `-d${seconds}s`, url], { encoding: "utf8" }).stdout;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    if (non2xx > 0) throw new Error(`${url}: ${non2xx} non-2xx responses`);
    return rps;
  };

  const urls = {
    bareHealth: `http://127.0.0.1:${barePort}/health`,
    health: `http://127.0.0.1:${port}/health`,
    bareStatus: `http://127.0.0.1:${barePort}/status`,
    trpc: `http://127.0.0.1:${port}/trpc/health.status`,
  } as const;
  type Name = keyof typeof urls;
  // Interleaved rounds spread machine noise evenly over the four; the median of each is kept
  // (a maximum would reward whichever endpoint happened to run during a quiet second).
  const samples: Record<Name, number[]> = { bareHealth: [], health: [], bareStatus: [], trpc: [] };
  for (let round = 0; round < 3; round++) {
    for (const name of Object.keys(urls) as Name[]) samples[name].push(run(urls[name]));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const best = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<Name, number>;
  const ratioHealth = best.health / best.bareHealth;
  const ratioTrpc = best.trpc / best.bareStatus;
  const f = (n: number) => n.toFixed(0).padStart(7);
  console.log(`bare Hono /health        ${f(best.bareHealth)} req/s (baseline for /health)`);
  console.log(`Nudge /health            ${f(best.health)} req/s = ${ratioHealth.toFixed(2)}x (goal >= 0.9)`);
  console.log(`bare Hono status route   ${f(best.bareStatus)} req/s (baseline for the query)`);
  console.log(`tRPC health.status       ${f(best.trpc)} req/s = ${ratioTrpc.toFixed(2)}x (goal >= 0.4)`);
  console.log(
    `BENCH api bare_rps=${best.bareStatus.toFixed(0)} bare_health_rps=${best.bareHealth.toFixed(0)} health_rps=${best.health.toFixed(0)} trpc_rps=${best.trpc.toFixed(0)} health_ratio=${ratioHealth.toFixed(2)} trpc_ratio=${ratioTrpc.toFixed(2)}`,
  );
} finally {
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
