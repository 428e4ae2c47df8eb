// Browser engine cost on a Pi-sized budget: Chromium launch, a fresh session context, and a scan
// of a 50-card birthdays page on the simulator through the selector engine and page object.
// Baseline, same run, same page: a plain page.goto + scroll-until-50-cards with fixed CSS and one
// evaluate (what a script without the engine would do). Peak RSS is the browser's process tree
// (from /proc) plus this Node process (the simulator runs in a child process of its own), sampled
// every 250 ms as proportional set size (shared pages divided among the processes sharing them).
// Usage: pnpm bench browser [variant a|b]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BirthdaysPage,
  launchBrowser,
  parseSessionUpload,
  readPssBytes,
  seedSelectorCatalog,
  SelectorEngine,
  type NudgeBrowser,
} from "@nudge/core";
import { chromiumPath, freePort, tempDatabase, waitFor } from "@nudge/testing";
import type { Page } from "playwright-core";

const variant = process.argv[2] === "b" ? "b" : "a";
const CARDS = 50;
const COOKIE = "AQEDAbenchCookieValue0123456789abcdefghijklmnop";
const SCAN = { settleMs: 400, stablePasses: 2 } as const;

// The simulator stands in for LinkedIn, so it runs in its own process, not in the measured one.
const simPort = await freePort();
const simProcess = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", fileURLToPath(new URL("../packages/linkedin-sim/src/main.ts", import.meta.url))], {
  env: { ...process.env, PORT: String(simPort) },
  stdio: ["ignore", "ignore", "inherit"],
});
const sim = { url: `http://127.0.0.1:${simPort}` };
await waitFor(async () => (await fetch(`${sim.url}/__sim/state`)).ok, { timeoutMs: 20_000, what: "the simulator" });
const db = await tempDatabase();
await seedSelectorCatalog(db.db);
const dataDir = mkdtempSync(join(tmpdir(), "nudge-bench-browser-"));
await fetch(`${sim.url}/__sim/scenario`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    locale: "en",
    variant,
    cookie: COOKIE,
    birthdays: Array.from({ length: CARDS }, (_, i) => ({ name: `Person ${i} Bench`, publicId: `person-${i}`, when: i % 3 === 0 ? "today" : { daysAgo: i % 9 }, connection: i % 7 !== 0 })),
  }),
});

let peakRss = 0;
let peakPss = 0;
let peakNodePss = 0;
let peakTreePss = 0;
let browser: NudgeBrowser | undefined;
// smaps_rollup walks page tables: sampled every 250 ms so the sampling itself does not slow the flow.
const sample = () => {
  const tree = browser ? browser.processes() : [];
  const rss = tree.reduce((sum, p) => sum + p.rssBytes, 0) + process.memoryUsage().rss;
  const treePss = tree.reduce((sum, p) => sum + (readPssBytes(p.pid) ?? 0), 0);
  const pss = treePss + (readPssBytes(process.pid) ?? 0);
  peakTreePss = Math.max(peakTreePss, treePss);
  peakRss = Math.max(peakRss, rss);
  peakPss = Math.max(peakPss, pss);
  peakNodePss = Math.max(peakNodePss, readPssBytes(process.pid) ?? 0);
};
const sampler = setInterval(sample, 250);

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function plainScan(page: Page): Promise<number> {
  const start = process.hrtime.bigint();
  await page.goto(`${sim.url}/mynetwork/catch-up/birthday/`, { waitUntil: "domcontentloaded" });
  const cards = page.locator("div[role='listitem']:has(a[href*='/in/'])");
  await cards.first().waitFor();
  for (let i = 0; i < 200 && (await cards.count()) < CARDS; i++) {
    await cards.last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(50);
  }
  const hrefs = await cards.evaluateAll((els) => els.map((e) => (e as unknown as { querySelector(s: string): { getAttribute(n: string): string } | null }).querySelector("a[href*='/in/']")?.getAttribute("href")));
  if (hrefs.length !== CARDS) throw new Error(`plain scan saw ${hrefs.length} cards`);
  return ms(start);
}

try {
  const launchStart = process.hrtime.bigint();
  browser = await launchBrowser({ executablePath: chromiumPath() });
  const { state } = parseSessionUpload(COOKIE, { now: new Date() });
  const context = await browser.newSessionContext(state, { baseUrl: sim.url, locale: "en-US" });
  const launchMs = ms(launchStart);
  sample();

  const engine = new SelectorEngine({ db: db.db, dataDir, runId: "bench" });
  let flowMs = Infinity;
  let baselineMs = Infinity;
  // Two interleaved rounds; the best of each (the first round also warms caches and ranks candidates).
  for (let round = 0; round < 2; round++) {
    const plainPage = await context.newPage();
    baselineMs = Math.min(baselineMs, await plainScan(plainPage));
    await plainPage.close();

    const page = await context.newPage();
    const start = process.hrtime.bigint();
    const birthdays = new BirthdaysPage(page, { engine, baseUrl: sim.url });
    await birthdays.goto();
    const cards = await birthdays.scan(SCAN);
    const elapsed = ms(start);
    if (cards.length !== CARDS) throw new Error(`engine scan saw ${cards.length} cards`);
    flowMs = Math.min(flowMs, elapsed);
    await page.close();
  }
  sample();
  // Where the memory is, at the end of the flow (types from each process's --type switch).
  const breakdown = new Map<string, number>();
  for (const p of browser.processes()) {
    // Chromium rewrites its children's command lines into one space-separated string.
    const args = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split(/[\0 ]/);
    const type =
      args.find((a) => a.startsWith("--utility-sub-type="))?.split("=")[1]?.split(".")[0] ??
      args.find((a) => a.startsWith("--type="))?.slice(7) ??
      (args[0]?.endsWith("crashpad_handler") ? "crashpad" : "browser");
    breakdown.set(type, (breakdown.get(type) ?? 0) + (readPssBytes(p.pid) ?? 0));
  }
  breakdown.set("node (this process)", readPssBytes(process.pid) ?? 0);
  const breakdownText = [...breakdown].map(([t, b]) => `${t} ${(b / 1048576).toFixed(0)}`).join(", ");
  await context.close();
  const close = await browser.close();
  clearInterval(sampler);

  // Chromium's processes share their code pages: summed RSS counts them once per process, PSS
  // divides them among the sharers, so the peak reported is the PSS sum (RSS shown for context).
  const mb = peakPss / 1024 / 1024;
  const rssMb = peakRss / 1024 / 1024;
  const endWait = SCAN.settleMs * SCAN.stablePasses;
  console.log(`variant ${variant}, ${CARDS} cards, scan settle ${SCAN.settleMs} ms × ${SCAN.stablePasses} end passes (${endWait} ms of the flow is waiting for more cards)`);
  console.log(`launch + context          ${launchMs.toFixed(0).padStart(6)} ms`);
  console.log(`plain goto + scroll       ${baselineMs.toFixed(0).padStart(6)} ms (baseline)`);
  console.log(`engine goto + scan        ${flowMs.toFixed(0).padStart(6)} ms = ${(flowMs / baselineMs).toFixed(2)}x baseline`);
  console.log(`peak memory (tree + node) ${mb.toFixed(0).padStart(6)} MB proportional (PSS, goal < 400); ${rssMb.toFixed(0)} MB summed RSS`);
  console.log(`  Chromium tree alone ${(peakTreePss / 1024 / 1024).toFixed(0)} MB, this Node process alone ${(peakNodePss / 1024 / 1024).toFixed(0)} MB (PSS peaks)`);
  console.log(`  end of flow, MB PSS: ${breakdownText}`);
  console.log(`close                     ${close.forced ? "forced" : "graceful"}`);
  console.log(
    `BENCH browser launch_ms=${launchMs.toFixed(0)} flow_ms=${flowMs.toFixed(0)} peak_rss_mb=${mb.toFixed(0)} baseline_ms=${baselineMs.toFixed(0)} flow_ratio=${(flowMs / baselineMs).toFixed(2)}`,
  );
} finally {
  clearInterval(sampler);
  await browser?.close();
  simProcess.kill("SIGTERM");
  db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
