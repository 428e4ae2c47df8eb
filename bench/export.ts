// The contacts CSV export at LinkedIn's scale: 1M contacts streamed by a real server process
// over HTTP, as `nudge export contacts` reads it. Prints the server's RSS growth during the
// download (goal < 30 MB: the export holds one keyset page at a time) and rows per second,
// against a baseline measured in the same run: the same keyset reads in this process with no
// CSV and no HTTP. Usage: pnpm bench export [contacts]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exportPages } from "@nudge/core";
import { createDatabase, runMigrations } from "@nudge/db";
import { freePort } from "@nudge/testing";

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const KEY = "nudge_bench_admin_key_0123456789";

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const dir = mkdtempSync(join(tmpdir(), "nudge-bench-export-"));
const url = `file:${join(dir, "nudge.db")}`;
let server: ReturnType<typeof spawn> | undefined;
try {
  const handle = await createDatabase({ url });
  await runMigrations(handle.db);
  const genStart = performance.now();
  // Generated inside SQLite (a recursive CTE): sourced people with scores, some formula-looking headlines.
  await handle.client.execute(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TOTAL})
    INSERT INTO contacts (account_id, profile_url, public_id, full_name, first_name, headline, location, company,
                          source, status, fit_score, profile, tags, notes, created_at, updated_at)
    SELECT 1, 'https://www.linkedin.com/in/p' || i || '/', 'p' || i, 'Person ' || i, 'Person',
           CASE WHEN i % 1000 = 0 THEN '=cmd|'' /C calc''!A0' ELSE 'Data Engineer, "Platform" at Company ' || (i % 5000) END,
           'Paris, Île-de-France, France', 'Company ' || (i % 5000), 'sourcing', 'active', i % 101,
           '{"openToWork":' || CASE WHEN i % 3 = 0 THEN 'true' ELSE 'false' END || '}', '[]', '',
           1700000000000 + i * 1000, 1700000000000 + i * 1000
    FROM n`);
  console.log(`generated ${TOTAL} contacts in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);

  // Baseline: the same keyset reads, in process, no CSV, no HTTP.
  let t = performance.now();
  let baselineRows = 0;
  for await (const page of exportPages(handle.db, { accountId: 1 })) baselineRows += page.length;
  const baselinePerS = baselineRows / ((performance.now() - t) / 1000);
  handle.close();

  const port = await freePort();
  server = spawn(
    process.execPath,
    [
      // The production entry point's V8 flags (apps/server/bin/nudge-server), on the sources.
      "--max-semi-space-size=2",
      "--v8-pool-size=2",
      "--import",
      "tsx",
      "--conditions=@nudge/source",
      join(ROOT, "apps/server/src/main.ts"),
      "serve",
    ],
    {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: url,
        NUDGE_DATA_DIR: dir,
        NUDGE_API_KEY: KEY,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (
      await fetch(`${base}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = server.pid!;
  // Warm-up: a small export loads every module and path the big one uses.
  await (await fetch(`${base}/export/contacts.csv?minScore=100`, { headers: { "x-api-key": KEY } })).arrayBuffer();
  await new Promise((r) => setTimeout(r, 2000));
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);

  t = performance.now();
  const response = await fetch(`${base}/export/contacts.csv`, { headers: { "x-api-key": KEY } });
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body!) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const rows = lines - 1; // the header
  const growth = peak - before;
  const perS = rows / seconds;
  console.log(`exported ${rows} rows (${(bytes / 1e6).toFixed(0)} MB) in ${seconds.toFixed(1)} s`);
  console.log(`server RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak (goal: growth < 30 MB)`);
  console.log(
    `BENCH export rows=${rows} rss_growth_mb=${growth.toFixed(1)} rows_per_s=${perS.toFixed(0)} baseline_rows_per_s=${baselinePerS.toFixed(0)} ratio=${(perS / baselinePerS).toFixed(2)}`,
  );
} finally {
  server?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
}
