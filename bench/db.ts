// Database figures on an account at LinkedIn's scale: 1M contacts, 30k of them with a birthday
// (LinkedIn caps 1st-degree connections at 30k), the rest sourced. Prints p95 latencies of the
// queries the product runs, start-up-to-ready and idle RSS of the built server on that database,
// each against a baseline measured in the same run. Usage: pnpm bench db [contacts]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { contactsWithBirthday, listContacts } from "@nudge/core";
import { createDatabase, runMigrations, sql } from "@nudge/db";
import { freePort } from "@nudge/testing";

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const WITH_BIRTHDAY = Math.min(30_000, TOTAL);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const FIRST = [
  "Marie",
  "Jean",
  "Pierre",
  "Sophie",
  "Lucas",
  "Emma",
  "Louis",
  "Chloé",
  "Hugo",
  "Léa",
  "Ada",
  "Grace",
  "Alan",
  "Linus",
  "Margaret",
  "Ken",
  "Barbara",
  "Donald",
  "Edsger",
  "Frances",
  "Nina",
  "Omar",
  "Priya",
  "Quentin",
  "Rosa",
  "Sven",
  "Tara",
  "Ugo",
  "Vera",
  "Wang",
  "Xavier",
  "Yara",
  "Zoé",
  "Amir",
  "Bea",
  "Carlos",
  "Dina",
  "Elif",
  "Farid",
  "Gaia",
];
const LAST = Array.from(
  { length: 400 },
  (_, i) => `Name${i.toString(36)}${["son", "ez", "ov", "er", "ini", "eau", "ard", "ski"][i % 8]}`,
);
const HEADLINES = [
  "Software engineer",
  "Talent acquisition partner",
  "Head of product",
  "Data scientist",
  "Founder & CEO",
  "Sales director",
  "UX designer",
  "DevOps engineer",
  "Recruiter",
  "Marketing lead",
];

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm the page cache and the JIT
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return p95(samples);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const dir = mkdtempSync(join(tmpdir(), "nudge-bench-db-"));
const url = `file:${join(dir, "nudge.db")}`;
try {
  const handle = await createDatabase({ url });
  await runMigrations(handle.db);
  const genStart = performance.now();
  const json = (list: string[]) => JSON.stringify(list).replace(/'/g, "''");
  // Generated inside SQLite (a recursive CTE), so the load is fast and the rows realistic:
  // 40 first names × 400 last names, spread update times, birthdays on the first 30k rows.
  await handle.client.execute(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TOTAL})
    INSERT INTO contacts (account_id, profile_url, public_id, full_name, first_name, headline, source, status,
                          birth_month, birth_day, tags, notes, created_at, updated_at)
    SELECT 1,
           'https://www.linkedin.com/in/p' || i || '/', 'p' || i,
           json_extract('${json(FIRST)}', '$[' || (i % ${FIRST.length}) || ']') || ' ' ||
             json_extract('${json(LAST)}', '$[' || ((i / ${FIRST.length}) % ${LAST.length}) || ']'),
           json_extract('${json(FIRST)}', '$[' || (i % ${FIRST.length}) || ']'),
           json_extract('${json(HEADLINES)}', '$[' || (i % ${HEADLINES.length}) || ']') || ' at Company ' || (i % 5000),
           CASE WHEN i <= ${WITH_BIRTHDAY} THEN 'birthday' ELSE 'sourcing' END,
           CASE WHEN i % 97 = 0 THEN 'blacklisted' ELSE 'active' END,
           CASE WHEN i <= ${WITH_BIRTHDAY} THEN CAST(strftime('%m', date('2024-01-01', '+' || ((i * 7919) % 366) || ' days')) AS INTEGER) END,
           CASE WHEN i <= ${WITH_BIRTHDAY} THEN CAST(strftime('%d', date('2024-01-01', '+' || ((i * 7919) % 366) || ' days')) AS INTEGER) END,
           '[]', '',
           1700000000000 + i * 1000, 1700000000000 + ((i * 7919) % ${TOTAL}) * 1000
    FROM n`);
  await handle.client.execute("ANALYZE");
  const genSeconds = (performance.now() - genStart) / 1000;
  console.log(`generated ${TOTAL} contacts (${WITH_BIRTHDAY} with a birthday) in ${genSeconds.toFixed(1)} s`);

  const { db } = handle;
  const baseline = await time(300, (i) =>
    db.run(sql`select id from contacts where id = ${1 + ((i * 104729) % TOTAL)}`),
  );
  const birthday = await time(300, (i) => contactsWithBirthday(db, 1, 1 + (i % 12), 1 + ((i * 5) % 28)));
  const perDay = (await contactsWithBirthday(db, 1, 6, 15)).length;
  const firstPage = await listContacts(db, { accountId: 1, status: "active", source: "sourcing", limit: 50 });
  let cursor = firstPage.nextCursor ?? undefined;
  for (let i = 0; i < 200 && cursor; i++)
    cursor =
      (await listContacts(db, { accountId: 1, status: "active", source: "sourcing", limit: 50, cursor })).nextCursor ??
      undefined;
  const page = await time(300, (i) =>
    listContacts(db, {
      accountId: 1,
      status: "active",
      source: "sourcing",
      limit: 50,
      cursor: i % 2 === 0 ? cursor : undefined,
    }),
  );
  const searches = [
    ...LAST.slice(0, 40).map((l, i) => `${FIRST[i % FIRST.length]} ${l}`),
    ...LAST.slice(100, 140),
    "Marie",
    "data sci",
  ];
  const search = await time(300, (i) =>
    listContacts(db, { accountId: 1, search: searches[i % searches.length]!, limit: 50 }),
  );
  handle.close();

  // Start-up to ready of the built server on this database, and its idle RSS.
  // The production entry point (a shell wrapper that execs node with its V8 flags, same PID).
  const main = join(ROOT, "apps/server/bin/nudge-server");
  if (!existsSync(join(ROOT, "apps/server/dist/main.js"))) {
    console.log("building the server (pnpm build)…");
    spawnSync("pnpm", ["build"], { cwd: ROOT, stdio: "inherit" });
  }
  const startOnce = async (command: string, args: string[], env: Record<string, string>, readyPath?: string) => {
    const port = await freePort();
    const t = performance.now();
    const child = spawn(command, args, {
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: "ignore",
    });
    if (readyPath) {
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}${readyPath}`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 5));
      }
    } else {
      await new Promise((r) => child.on("exit", r));
    }
    return { ms: performance.now() - t, child };
  };
  // Baseline: a bare node process that starts and exits.
  const nodeBaseline = await startOnce(process.execPath, ["-e", "0"], {});
  const serverEnv = {
    DATABASE_URL: url,
    NUDGE_DATA_DIR: dir,
    NUDGE_API_KEY: "nudge_bench_admin_key_0123456789",
    LOG_LEVEL: "warn",
  };
  const started = await startOnce(main, ["serve"], serverEnv, "/ready");
  await new Promise((r) => setTimeout(r, 3000)); // let start-up garbage be collected
  const idleRss = rssMb(started.child.pid!);
  started.child.kill("SIGTERM");
  const bare = spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 1000));
  const bareRss = rssMb(bare.pid!);
  bare.kill();

  const r = (x: number) => x.toFixed(2);
  console.log(
    `baseline: primary-key lookup p95 ${r(baseline)} ms, bare node start ${nodeBaseline.ms.toFixed(0)} ms, bare node RSS ${bareRss.toFixed(0)} MB`,
  );
  console.log(
    `today's birthdays p95   ${r(birthday)} ms (${perDay} contacts a day)  (${r(birthday / baseline)}x pk lookup; goal < 2 ms)`,
  );
  console.log(`contacts page p95       ${r(page)} ms  (${r(page / baseline)}x pk lookup; goal < 10 ms)`);
  console.log(`name search p95         ${r(search)} ms  (${r(search / baseline)}x pk lookup; goal < 20 ms)`);
  console.log(
    `start-up to ready       ${started.ms.toFixed(0)} ms  (${r(started.ms / nodeBaseline.ms)}x bare node; goal < 1500 ms)`,
  );
  console.log(`idle RSS                ${idleRss.toFixed(0)} MB  (${r(idleRss / bareRss)}x bare node; goal < 80 MB)`);
  console.log(
    `BENCH db contacts=${TOTAL} birthday_p95_ms=${r(birthday)} page_p95_ms=${r(page)} search_p95_ms=${r(search)} startup_ms=${started.ms.toFixed(0)} idle_rss_mb=${idleRss.toFixed(0)} pk_baseline_p95_ms=${r(baseline)} node_start_ms=${nodeBaseline.ms.toFixed(0)} node_rss_mb=${bareRss.toFixed(0)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
