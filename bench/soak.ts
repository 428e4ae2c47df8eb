// Leaks over a long life: dry birthday runs back to back in ONE real server process (API + worker),
// each launching and closing its own Chromium against the simulator, started and awaited through
// the typed client. Memory is the server process's RSS after two full garbage collections (node
// --expose-gc, read through bench/_server.mjs's probe), so what is compared is what the process
// keeps, not when V8 last collected. Baseline, same run: the settled RSS after the first warm-up
// runs (JIT, caches, pools and the database's pages are filled by then). Leftover Chromium:
// processes started by the server still alive once the last run has ended and the browser's close
// has had a moment; a run that leaves any behind for longer than that grace is counted too.
// Usage: pnpm bench soak [runs, default 100] [birthdays per run, default 3] [--source]
import { existsSync } from "node:fs";
import { ensureTool } from "@nudge/testing";
import { args, birthdaysToday, fromSource, mb, startBenchServer, startSimulatorProcess } from "./_stack.js";

const RUNS = Number(args[0] ?? 100);
const PEOPLE = Number(args[1] ?? 3);
const WARM_UP = Math.min(5, RUNS - 1);
const CLOSE_GRACE_MS = 2_000;

const headlessShell = "/usr/bin/chromium-headless-shell";
const executable = existsSync(headlessShell) ? headlessShell : ensureTool("chromium");
const sim = await startSimulatorProcess();
const server = await startBenchServer(sim, executable);

/** Waits up to `graceMs` for the server's Chromium processes to be gone; how many are left. */
async function leftoverAfter(graceMs: number): Promise<number> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = server.browserProcesses().length;
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

try {
  const accountId = await server.account("soak");
  await sim.scenario({ variant: "b", locale: "en", birthdays: birthdaysToday(PEOPLE) });
  console.log(
    `${RUNS} dry runs of ${PEOPLE} birthdays in one server process (${fromSource ? "sources, tsx" : "built"}; ${executable}); baseline after ${WARM_UP} warm-up runs`,
  );
  const durations: number[] = [];
  const trend: string[] = [];
  let runsWithLeftover = 0;
  let rssStart = 0;
  let heapStart = 0;
  let end = { rss: 0, heapUsed: 0 };
  for (let i = 1; i <= RUNS; i++) {
    const { run, wallMs } = await server.birthdayRun(accountId, true);
    if (run.status !== "succeeded") throw new Error(`dry run ${i} ended ${run.status}: ${run.errorMessage ?? ""}`);
    durations.push(wallMs);
    if ((await leftoverAfter(CLOSE_GRACE_MS)) > 0) runsWithLeftover++;
    if (i === WARM_UP || i % 20 === 0 || i === RUNS) {
      const settled = await server.settledMemory();
      if (!settled.collected) throw new Error("the server runs without --expose-gc: RSS would not be settled");
      if (i === WARM_UP) [rssStart, heapStart] = [settled.rss, settled.heapUsed];
      end = settled;
      trend.push(`${i}: ${mb(settled.rss).toFixed(0)}`);
      process.stdout.write(
        `  after run ${i}: settled RSS ${mb(settled.rss).toFixed(1)} MB, heap ${mb(settled.heapUsed).toFixed(1)} MB\n`,
      );
    }
  }
  if ((await sim.state()).sent.length !== 0) throw new Error("a dry run sent a message");
  const leftover = await leftoverAfter(CLOSE_GRACE_MS);
  const growth = mb(end.rss - rssStart);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const firstMs = median(durations.slice(WARM_UP, WARM_UP + 10));
  const lastMs = median(durations.slice(-10));
  console.log(`settled RSS by run (MB): ${trend.join(", ")}`);
  console.log(
    `growth ${growth.toFixed(1)} MB RSS (goal < 15), heap ${mb(end.heapUsed - heapStart).toFixed(1)} MB, from run ${WARM_UP} to run ${RUNS}`,
  );
  console.log(
    `run duration, median of 10: ${firstMs.toFixed(0)} ms after the warm-up, ${lastMs.toFixed(0)} ms at the end (${(lastMs / firstMs).toFixed(2)}x)`,
  );
  console.log(
    `Chromium left over: ${leftover} at the end (goal 0), ${runsWithLeftover} runs left processes for more than ${CLOSE_GRACE_MS} ms`,
  );
  console.log(
    `BENCH soak rss_start_mb=${mb(rssStart).toFixed(1)} rss_end_mb=${mb(end.rss).toFixed(1)} growth_mb=${growth.toFixed(1)} leftover_chromium=${leftover} runs=${RUNS} runs_with_leftover=${runsWithLeftover} run_ms_start=${firstMs.toFixed(0)} run_ms_end=${lastMs.toFixed(0)}`,
  );
} finally {
  await server.stop();
  sim.stop();
}
