import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { Logger } from "pino";
import type { Browser, BrowserContext } from "playwright-core";
import { firstLine } from "../../errors/first-line.js";
import { NudgeError } from "../../errors/nudge-error.js";
import { pollUntil } from "../../time/poll-until.js";
import { storageStateForBaseUrl, type StorageState } from "../session/storage-state.js";
import {
  isAlive,
  listProcesses,
  processTree,
  processesWithEnvironmentEntry,
  signal,
  type ProcessInfo,
} from "./process-tree.js";

/**
 * Chromium keeps only the last `--disable-features` switch, so ours must repeat the list
 * playwright-core 1.65 passes (its network and UI quirks) before adding our own: the omnibox
 * and top-chrome WebUI preloads (a renderer of ~50 MB that a headless run never shows) and
 * Translate. Re-check this list when upgrading playwright-core.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
];
const NUDGE_DISABLED_FEATURES = [
  "Translate",
  "WebUIOmniboxPopup",
  "WebUIOmniboxAimPopup",
  "WebUIOmniboxFullPopup",
  "PreloadTopChromeWebUI",
];

/**
 * No `--single-process` / `--no-zygote`: they crash Chromium on ARM64, a Raspberry Pi's
 * architecture (the original bot removed them for that reason). The network switches stop
 * Chromium from calling Google hosts, which a closed network turns into hangs. One renderer
 * process for the whole browser (the original bot's Pi setting): a run drives one page at a time.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-quic",
  "--disable-gpu",
  "--disable-software-rasterizer",
  "--disable-extensions",
  "--disable-default-apps",
  "--disable-breakpad",
  "--mute-audio",
  "--disable-blink-features=AutomationControlled",
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...NUDGE_DISABLED_FEATURES].join(",")}`,
  "--renderer-process-limit=1",
];

export const BROWSER_MARKER_ENV = "NUDGE_BROWSER_ID";

export interface LaunchOptions {
  /** Chromium binary; default `CHROMIUM_PATH`, else Debian's headless shell, else its `chromium`, else Playwright's own. */
  executablePath?: string;
  headless?: boolean;
  /** Launch deadline (ms). */
  timeoutMs?: number;
  /** How long `close()` waits for a graceful close before killing the tree (ms). */
  closeTimeoutMs?: number;
  log?: Logger;
  extraArgs?: string[];
  env?: Record<string, string | undefined>;
}

export interface SessionContextOptions {
  /** LinkedIn's base URL: cookies are re-scoped to it when it is not linkedin.com (the simulator). */
  baseUrl?: string;
  locale?: string;
  timezoneId?: string;
  viewport?: { width: number; height: number };
  userAgent?: string;
  /** Abort image, font and media requests (saves memory on a Pi; the flows never need them). */
  blockHeavyResources?: boolean;
  /** Default timeout for actions and navigations in this context (ms). */
  defaultTimeoutMs?: number;
}

export interface CloseResult {
  /** True when the graceful close missed its deadline and the tree was killed. */
  forced: boolean;
  killed: number;
}

export interface NudgeBrowser {
  readonly browser: Browser;
  /** Unique per launch; also the value of the environment marker. */
  readonly id: string;
  /** The browser process, or -1 where /proc is not available. */
  readonly pid: number;
  newSessionContext(storageState: StorageState | undefined, options?: SessionContextOptions): Promise<BrowserContext>;
  /** This browser's live processes (main, zygotes, renderers, utilities, crashpad). */
  processes(): ProcessInfo[];
  close(options?: { timeoutMs?: number }): Promise<CloseResult>;
}

/**
 * Where Debian puts Chromium, best first. `chromium-headless-shell` is the headless-only build
 * (no GPU process, no browser UI): much lighter than the full browser, and all a run needs.
 * The real binary comes before `/usr/bin`'s wrapper script, which runs it as a child instead of
 * exec'ing it (one more process between Playwright and the browser). The full browser is the
 * fallback. Playwright launches either the same way (`--headless`).
 */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/lib/chromium/chromium-headless-shell",
  "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
];

export function resolveChromiumPath(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH))
      throw new NudgeError("BROWSER_FAILED", `CHROMIUM_PATH points to a missing file: ${env.CHROMIUM_PATH}`);
    return env.CHROMIUM_PATH;
  }
  for (const candidate of CHROMIUM_CANDIDATES) if (existsSync(candidate)) return candidate;
  // undefined: playwright-core looks for its own install (PLAYWRIGHT_BROWSERS_PATH).
  return undefined;
}

/**
 * One Chromium per run, driven by playwright-core (docs/architecture.md#browser-engine). The close
 * is guaranteed: a graceful `browser.close()` with a deadline, then SIGKILL of this browser's own
 * process tree — found through /proc from the browser's pid and a per-launch environment marker —
 * and never of any other Chromium on the machine.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<NudgeBrowser> {
  const id = randomUUID();
  const marker = `${BROWSER_MARKER_ENV}=${id}`;
  const executablePath = options.executablePath ?? resolveChromiumPath(options.env);
  const log = options.log?.child({ browserId: id });
  const started = Date.now();
  let browser: Browser;
  try {
    // Loaded on first launch: playwright-core costs ~70 MB and most of a second to import, which
    // an API-only process, or the embedded default between runs, should not pay at start-up.
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath,
      headless: options.headless ?? true,
      timeout: options.timeoutMs ?? 60_000,
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
      env: { ...(options.env ?? process.env), [BROWSER_MARKER_ENV]: id },
      // Our own close and kill own the process; Playwright's signal handlers would race them.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    // Playwright kills what it spawned when launch fails; sweep anything that escaped.
    killTree(-1, marker);
    throw new NudgeError(
      "BROWSER_FAILED",
      `Chromium did not start (${executablePath ?? "playwright's own"}): ${firstLine(error)}`,
      { cause: error },
    );
  }
  const pid = processesWithEnvironmentEntry(marker).find((p) => p.ppid === process.pid)?.pid ?? -1;
  log?.debug({ pid, ms: Date.now() - started, executablePath }, "browser launched");

  let closing: Promise<CloseResult> | null = null;
  const handle: NudgeBrowser = {
    browser,
    id,
    pid,
    async newSessionContext(storageState, opts = {}) {
      const state = storageState && opts.baseUrl ? storageStateForBaseUrl(storageState, opts.baseUrl) : storageState;
      const context = await browser.newContext({
        storageState: state,
        locale: opts.locale,
        timezoneId: opts.timezoneId,
        viewport: opts.viewport ?? { width: 1366, height: 768 },
        userAgent: opts.userAgent,
        acceptDownloads: false,
        serviceWorkers: "block",
      });
      if (opts.defaultTimeoutMs) context.setDefaultTimeout(opts.defaultTimeoutMs);
      if (opts.blockHeavyResources ?? true) {
        await context.route("**/*", (route) => {
          const type = route.request().resourceType();
          return type === "image" || type === "media" || type === "font" ? route.abort() : route.continue();
        });
      }
      return context;
    },
    processes() {
      return browserProcesses(pid, marker);
    },
    close(closeOptions = {}) {
      closing ??= closeBrowser(browser, pid, marker, closeOptions.timeoutMs ?? options.closeTimeoutMs ?? 5_000, log);
      return closing;
    },
  };
  return handle;
}

/** Launches, runs `fn`, and closes in `finally` whatever happened. */
export async function withBrowser<T>(options: LaunchOptions, fn: (browser: NudgeBrowser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser(options);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

function browserProcesses(pid: number, marker: string): ProcessInfo[] {
  const all = listProcesses();
  const found = new Map<number, ProcessInfo>();
  if (pid > 0) for (const p of processTree(pid, all)) found.set(p.pid, p);
  for (const p of processesWithEnvironmentEntry(marker, all))
    for (const q of processTree(p.pid, all)) found.set(q.pid, q);
  return [...found.values()].filter((p) => p.state !== "Z");
}

/**
 * Freezes the tree first so nothing forks between the scan and the kill, scans again to catch
 * what was born meanwhile, then SIGKILLs all of it.
 */
function killTree(pid: number, marker: string): number {
  const first = browserProcesses(pid, marker);
  if (first.length === 0) return 0;
  signal(
    first.map((p) => p.pid),
    "SIGSTOP",
  );
  const all = new Set([...first, ...browserProcesses(pid, marker)].map((p) => p.pid));
  signal(all, "SIGKILL");
  return all.size;
}

async function closeBrowser(
  browser: Browser,
  pid: number,
  marker: string,
  timeoutMs: number,
  log: Logger | undefined,
): Promise<CloseResult> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = browser.close().then(
    () => true,
    () => false,
  );
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const closed = await Promise.race([graceful, deadline]);
  clearTimeout(timer);
  // After a graceful close only crashpad may linger for a moment; after a missed deadline the
  // whole tree is still there. Either way, what is left of this browser is killed now.
  const killed = killTree(pid, marker);
  if (!closed) {
    log?.warn({ pid, killed, timeoutMs }, "browser did not close in time; killed its process tree");
    await pollUntil(
      () => Promise.resolve(!(pid > 0 && isAlive(pid))),
      (gone) => gone,
      { timeoutMs: 5_000, intervalMs: 20 },
    );
  }
  return { forced: !closed, killed };
}
