import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Page } from "playwright-core";
import type { Clock } from "../../time/clock.js";
import { sanitizeHtml } from "./sanitize-html.js";

/** Paths relative to the data directory; null for a file that could not be written. */
export interface ArtifactPaths {
  screenshot: string | null;
  html: string | null;
}

/**
 * What a person needs to fix a selector that stopped working: a screenshot and the page's HTML
 * with every secret removed (scripts, token JSON, csrf, every cookie value of the context), in
 * `<dataDir>/artifacts/<runId>/`, files readable by the owner only.
 */
export class MissArtifacts {
  readonly #dataDir: string;
  readonly #dir: string;
  readonly #clock: Clock;
  #seq = 0;

  constructor(dataDir: string, runId: string | number | undefined, clock: Clock) {
    this.#dataDir = dataDir;
    this.#dir = join(dataDir, "artifacts", String(runId ?? "adhoc").replace(/[^\w-]/g, "_"));
    this.#clock = clock;
  }

  async save(page: Page, label: string): Promise<ArtifactPaths> {
    await mkdir(this.#dir, { recursive: true });
    const stamp = this.#clock.now().toISOString().replace(/[:.]/g, "-");
    const base = join(this.#dir, `${stamp}-${String(++this.#seq).padStart(3, "0")}-${label.replace(/[^\w.-]/g, "_")}`);
    const secrets = (await page.context().cookies()).map((c) => c.value);
    let html: string | null = `${base}.html`;
    try {
      await writeFile(html, sanitizeHtml(await page.content(), secrets), { mode: 0o600 });
    } catch {
      html = null;
    }
    let screenshot: string | null = `${base}.png`;
    try {
      await page.screenshot({ path: screenshot, timeout: 5_000 });
    } catch {
      screenshot = null;
    }
    const rel = (p: string | null) => (p ? relative(this.#dataDir, p) : null);
    return { screenshot: rel(screenshot), html: rel(html) };
  }
}
