import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator, type ScenarioInput } from "@nudge/linkedin-sim";
import { chromiumPath, freePort, tempDatabase, type TempDatabase } from "@nudge/testing";
import type { BrowserContext, Page } from "playwright-core";
import { Registry } from "prom-client";
import { launchBrowser, type NudgeBrowser } from "../../src/browser/launcher/launcher.js";
import { SelectorEngine, type SelectorEvent } from "../../src/browser/selectors/selector-engine.js";
import { parseSessionUpload, type StorageState } from "../../src/browser/session/storage-state.js";

/**
 * What the browser suites share: one simulator, one Chromium, one migrated temp database per
 * file; a fresh context (and selector engine with its own artifacts folder) per test.
 */
export interface BrowserHarness {
  sim: RunningSimulator;
  browser: NudgeBrowser;
  db: TempDatabase;
  dataDir: string;
  /** Resets the simulator through its control API (`POST /__sim/scenario`). */
  scenario(input: ScenarioInput): Promise<void>;
  simState(): Promise<SimStateJson>;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  /** A logged-in context on the simulator and a page in it. */
  session(options?: { cookie?: string; locale?: string }): Promise<{ context: BrowserContext; page: Page; state: StorageState }>;
  engine(options?: { runId?: string }): Promise<{ engine: SelectorEngine; events: SelectorEvent[]; registry: Registry }>;
  close(): Promise<void>;
}

export interface SimStateJson {
  sent: { to: string; text: string; at: string }[];
  visits: { publicId: string; at: string }[];
  requests: number;
  honeypotClicks: number;
  invitations: { to: string; kind: string; at: string }[];
}

export const SIM_COOKIE = "AQEDAsimulatedLiAtCookieValue0123456789abcdefXYZ";

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const sim = await startSimulator({ port: await freePort() });
  const browser = await launchBrowser({ executablePath: chromiumPath(), timeoutMs: 60_000 });
  const db = await tempDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), "nudge-browser-data-"));
  const contexts: BrowserContext[] = [];
  let runs = 0;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  };

  return {
    sim,
    browser,
    db,
    dataDir,
    async scenario(input) {
      await post("/__sim/scenario", { cookie: SIM_COOKIE, ...input });
    },
    async simState() {
      return (await (await fetch(`${sim.url}/__sim/state`)).json()) as SimStateJson;
    },
    async setFaults(faults) {
      await post("/__sim/faults", faults);
    },
    async session(options = {}) {
      const { state } = parseSessionUpload(options.cookie ?? SIM_COOKIE, { now: new Date() });
      const context = await browser.newSessionContext(state, { baseUrl: sim.url, locale: options.locale ?? "en-US", defaultTimeoutMs: 15_000 });
      contexts.push(context);
      const page = await context.newPage();
      return { context, page, state };
    },
    async engine(options = {}) {
      const events: SelectorEvent[] = [];
      const registry = new Registry();
      const engine = await SelectorEngine.create({
        db: db.db,
        dataDir,
        runId: options.runId ?? `run-${++runs}`,
        registry,
        onEvent: (e) => {
          events.push(e);
        },
        defaultTimeoutMs: 3_000,
        pollIntervalMs: 50,
      });
      return { engine, events, registry };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await sim.close();
      db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fast scrolling settings for tests (the defaults are the original bot's human pace). */
export const FAST_SCAN = { settleMs: 400, stablePasses: 2 } as const;
