import type {} from "./page-globals.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type NudgeClient } from "@nudge/client";
import { startDemo, type Demo } from "@nudge/server";
import { chromiumPath } from "@nudge/testing";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { build } from "vite";

export const ADMIN_KEY = "nudge_panel_admin_key_0123456789abcdef";
const webDir = new URL("..", import.meta.url).pathname;

/** Builds the panel as it ships (`vite build`) into `outDir`. */
export async function buildPanel(outDir: string): Promise<void> {
  await build({ root: webDir, logLevel: "warn", build: { outDir, emptyOutDir: true } });
}

export interface DemoPanel {
  url: string;
  /** The built panel the server serves. */
  webDir: string;
  demo: Demo;
  browser: Browser;
  /** The typed client acting with the admin key (setting up what a test needs). */
  admin: NudgeClient;
  /** A new key of `role`, for a second person. */
  createKey(role: "viewer" | "operator" | "admin"): Promise<string>;
  /** A new browser context and page, signed in with `key` (no key: not signed in). */
  page(options?: { key?: string | null; context?: BrowserContextOptions }): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * The real thing, in process: the panel built by Vite, served by the real server of the demo
 * (the LinkedIn simulator behind it, its session uploaded, near-zero pacing), and a real Chromium.
 * What the browser tests, the screenshots and `pnpm bench web` look at.
 */
export async function startDemoPanel(
  options: { queueFirstRun?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<DemoPanel> {
  const dir = mkdtempSync(join(tmpdir(), "nudge-panel-"));
  const outDir = join(dir, "web");
  await buildPanel(outDir);
  const demo = await startDemo({
    queueFirstRun: options.queueFirstRun ?? false,
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      NUDGE_DATA_DIR: join(dir, "data"),
      NUDGE_API_KEY: ADMIN_KEY,
      NUDGE_WEB_DIR: outDir,
      CHROMIUM_PATH: chromiumPath(),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      ...options.env,
    },
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  } catch (error) {
    await demo.stop();
    throw error;
  }
  const url = demo.running.url;
  const admin = createClient({ url, apiKey: ADMIN_KEY });
  return {
    url,
    webDir: outDir,
    demo,
    browser,
    admin,
    async createKey(role) {
      return (await admin.keys.create.mutate({ name: `${role} in the browser`, role })).key;
    },
    async page({ key = ADMIN_KEY, context } = {}) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...context });
      const page = await ctx.newPage();
      await page.goto(url);
      if (key) await signIn(page, key);
      return page;
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await demo.stop("panel done");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in the way a person does: the key in the "API key" field, then "Sign in". */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** Waits until no part of the page still shows its loading state. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector(".loading") === null);
}
