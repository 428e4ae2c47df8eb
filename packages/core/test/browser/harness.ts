import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator, type ScenarioInput, type SimState } from "@nudge/linkedin-sim";
import { chromiumPath, freePort, tempDatabase, type TempDatabase } from "@nudge/testing";
import type { BrowserContext, Page } from "playwright-core";
import { Registry } from "prom-client";
import { launchBrowser, type NudgeBrowser } from "../../src/browser/launcher/launcher.js";
import type { SelectorEvent } from "../../src/browser/selectors/selector-events.js";
import { SelectorEngine } from "../../src/browser/selectors/selector-engine.js";
import { seedSelectorCatalog } from "../../src/browser/selectors/selector-store.js";
import { parseSessionUpload, type StorageState } from "../../src/browser/session/storage-state.js";

/**
 * What the browser suites share: one simulator, one Chromium, one migrated temp database with the
 * selector catalog seeded, per file; fresh contexts (and selector engines with their own
 * artifacts folder) per test, closed by `closeSessions` in the suite's `afterEach`.
 */
export interface BrowserHarness {
  sim: RunningSimulator;
  browser: NudgeBrowser;
  db: TempDatabase;
  dataDir: string;
  /** Resets the simulator through its control API (`POST /__sim/scenario`). */
  scenario(input: ScenarioInput): Promise<void>;
  simState(): Promise<SimState>;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  /** A logged-in context on the simulator and a page in it. */
  session(options?: { cookie?: string; locale?: string }): Promise<{ context: BrowserContext; page: Page; state: StorageState }>;
  engine(options?: { runId?: string }): { engine: SelectorEngine; events: SelectorEvent[]; registry: Registry };
  /** Closes the contexts (and their pages) opened since the last call, whatever the test did. */
  closeSessions(): Promise<void>;
  close(): Promise<void>;
}

export const SIM_COOKIE = "AQEDAsimulatedLiAtCookieValue0123456789abcdefXYZ";

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const sim = await startSimulator({ port: await freePort() });
  const browser = await launchBrowser({ executablePath: chromiumPath(), timeoutMs: 60_000 });
  const db = await tempDatabase();
  await seedSelectorCatalog(db.db);
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
      return (await (await fetch(`${sim.url}/__sim/state`)).json()) as SimState;
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
    engine(options = {}) {
      const events: SelectorEvent[] = [];
      const registry = new Registry();
      const engine = new SelectorEngine({
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
    async closeSessions() {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    },
    async close() {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
      await browser.close();
      await sim.close();
      db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fast scrolling settings for tests (the defaults are the original bot's human pace). */
export const FAST_SCAN = { settleMs: 400, stablePasses: 2 } as const;
