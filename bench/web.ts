/**
 * `pnpm bench web`: how heavy and how fast the control panel is, as it ships.
 *
 * Builds the panel, starts the demo (the real server with the LinkedIn simulator behind it) and
 * lets its first birthday run finish, then:
 * - sums the gzip size of the JavaScript the first screen needs (the entry script and what it
 *   preloads; every page is a lazy chunk);
 * - runs Lighthouse 12 (its default: a mid-range phone on a throttled network) against the
 *   overview, signed in, with the system Chromium — three times, keeping the median run, as
 *   Lighthouse advises on a busy machine — and against a bare static page served by the same
 *   server as the baseline of the same run.
 *
 * Ends with: BENCH web initial_js_gzip_kb=… lcp_ms=… lighthouse_perf=… baseline_lcp_ms=… lcp_ratio=…
 * Goals: initial JS < 150 KB gzip, performance ≥ 90 on the overview.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromiumPath } from "@nudge/testing";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { ADMIN_KEY, startDemoPanel } from "../apps/web/scripts/demo-panel.js";

/** The scripts the shell loads before anything renders: the entry and its modulepreloads. */
function initialScripts(webDir: string): string[] {
  const html = readFileSync(join(webDir, "index.html"), "utf8");
  const srcs = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ];
  return [...new Set(srcs.map((m) => m[1]!))];
}

async function signInCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/trpc/panel.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { apiKey: ADMIN_KEY } }),
  });
  const cookie = res.headers.getSetCookie()[0]?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}

interface Measure {
  performance: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  speedIndexMs: number;
  cls: number;
}

/** Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART): try again once. */
async function measure(port: number, url: string, cookie?: string): Promise<Measure> {
  try {
    return await measureOnce(port, url, cookie);
  } catch (error) {
    console.log(`lighthouse failed (${error instanceof Error ? error.message : String(error)}); trying again`);
    return measureOnce(port, url, cookie);
  }
}

async function measureOnce(port: number, url: string, cookie?: string): Promise<Measure> {
  const result = await lighthouse(url, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance"],
    ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
  });
  if (!result) throw new Error("lighthouse gave no result");
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    lcpMs: audit("largest-contentful-paint"),
    fcpMs: audit("first-contentful-paint"),
    tbtMs: audit("total-blocking-time"),
    speedIndexMs: audit("speed-index"),
    cls: audit("cumulative-layout-shift"),
  };
}

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 3);
const panel = await startDemoPanel({ queueFirstRun: true });
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  const scripts = initialScripts(panel.webDir);
  const gzipBytes = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(panel.webDir, src))).length, 0);
  console.log(`initial scripts: ${scripts.join(", ")}`);

  // The overview as a person sees it after the first run: quotas used, a run in the history.
  const runId = panel.demo.runId;
  const deadline = Date.now() + 120_000;
  while (runId !== null && Date.now() < deadline) {
    const run = await panel.admin.campaigns.runs.get.query({ runId });
    if (!["queued", "running", "cancelling"].includes(run.status)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  writeFileSync(
    join(panel.webDir, "baseline.html"),
    '<!doctype html><html lang="en"><title>Baseline</title><h1>Nudge</h1></html>',
  );

  chrome = await chromeLauncher.launch({
    chromePath: chromiumPath(),
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const cookie = await signInCookie(panel.url);
  const baseline = await measure(chrome.port, `${panel.url}/baseline.html`);
  const runs: Measure[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(chrome.port, `${panel.url}/`, cookie));
  console.log(`overview runs (performance): ${runs.map((r) => r.performance).join(", ")}`);
  const overview = [...runs].sort((a, b) => a.performance - b.performance)[Math.floor(RUNS / 2)]!;
  console.log(`overview: ${JSON.stringify(overview)}`);
  console.log(`baseline (static page, same server): ${JSON.stringify(baseline)}`);
  const figures = [
    `initial_js_gzip_kb=${(gzipBytes / 1024).toFixed(1)}`,
    `lcp_ms=${overview.lcpMs.toFixed(0)}`,
    `lighthouse_perf=${overview.performance}`,
    `fcp_ms=${overview.fcpMs.toFixed(0)}`,
    `tbt_ms=${overview.tbtMs.toFixed(0)}`,
    `baseline_lcp_ms=${baseline.lcpMs.toFixed(0)}`,
    `lcp_ratio=${(overview.lcpMs / baseline.lcpMs).toFixed(2)}`,
  ];
  console.log(`BENCH web ${figures.join(" ")}`);
} finally {
  chrome?.kill();
  await panel.stop();
}
