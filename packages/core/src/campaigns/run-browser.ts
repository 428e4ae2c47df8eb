import type { Database } from "@nudge/db";
import type { Page } from "playwright-core";
import type { Registry } from "prom-client";
import type { BrowserLender } from "../accounts/session-service.js";
import { SelectorEngine } from "../browser/selectors/selector-engine.js";
import { loadAccountSession } from "../browser/session/account-session.js";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import type { RunContext } from "../runs/campaign.js";

export interface RunBrowserDeps {
  db: Database;
  browsers: BrowserLender;
  encryptionKeys: readonly EncryptionKey[];
  linkedinBaseUrl: string;
  dataDir: string;
  registry?: Registry;
}

export interface RunPage {
  page: Page;
  engine: SelectorEngine;
  baseUrl: string;
}

/**
 * One browser for the run, a fresh context with the account's decrypted session, its locale,
 * zone and viewport; the selector engine reports its misses and heals into the run's log. The
 * browser is closed when `fn` ends, however it ends.
 */
export async function withRunPage<T>(
  deps: RunBrowserDeps,
  ctx: RunContext,
  fn: (run: RunPage) => Promise<T>,
): Promise<T> {
  const state = await loadAccountSession(
    { db: deps.db, keys: deps.encryptionKeys, clock: ctx.clock, log: ctx.log },
    ctx.account.id,
  );
  const engine = new SelectorEngine({
    db: deps.db,
    dataDir: deps.dataDir,
    runId: ctx.run.id,
    clock: ctx.clock,
    log: ctx.log,
    registry: deps.registry,
    onEvent: (event) => ctx.record.event(event.type, { ...event }, event.type === "selector.miss" ? "warn" : "info"),
  });
  return deps.browsers.withBrowser(async (browser) => {
    const { browser: settings } = ctx.settings;
    const context = await browser.newSessionContext(state, {
      baseUrl: deps.linkedinBaseUrl,
      locale: settings.locale,
      timezoneId: ctx.account.timezone,
      viewport: settings.viewport,
    });
    try {
      const page = await context.newPage();
      return await fn({ page, engine, baseUrl: deps.linkedinBaseUrl });
    } finally {
      await context.close().catch(() => undefined);
    }
  });
}
