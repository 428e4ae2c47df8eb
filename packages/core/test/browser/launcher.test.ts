import { existsSync, readFileSync } from "node:fs";
import { chromiumPath, waitFor } from "@nudge/testing";
import { describe, expect, it } from "vitest";
import {
  BROWSER_MARKER_ENV,
  CHROMIUM_ARGS,
  CHROMIUM_CANDIDATES,
  launchBrowser,
  resolveChromiumPath,
  withBrowser,
  type NudgeBrowser,
} from "../../src/browser/launcher/launcher.js";
import { isAlive, listProcesses, processTree } from "../../src/browser/launcher/process-tree.js";

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** Chromium processes below this test process, plus any carrying one of our launch markers. */
function ourChromiumProcesses(ids: ReadonlySet<string>): number[] {
  const all = listProcesses();
  const below = processTree(process.pid, all).filter(
    (p) => p.pid !== process.pid && p.state !== "Z" && /chrom/.test(cmdline(p.pid)),
  );
  const marked = all.filter((p) => {
    if (p.state === "Z") return false;
    try {
      const env = readFileSync(`/proc/${p.pid}/environ`, "utf8").split("\0");
      return env.some((e) => e.startsWith(`${BROWSER_MARKER_ENV}=`) && ids.has(e.slice(BROWSER_MARKER_ENV.length + 1)));
    } catch {
      return false;
    }
  });
  return [...new Set([...below, ...marked].map((p) => p.pid))];
}

describe("resolveChromiumPath", () => {
  it("prefers Debian's chromium-headless-shell, falls back to chromium, and CHROMIUM_PATH wins", () => {
    const installed = CHROMIUM_CANDIDATES.filter((p) => existsSync(p));
    expect(resolveChromiumPath({})).toBe(installed[0]);
    expect(CHROMIUM_CANDIDATES.indexOf("/usr/bin/chromium-headless-shell")).toBeLessThan(
      CHROMIUM_CANDIDATES.indexOf("/usr/bin/chromium"),
    );
    expect(resolveChromiumPath({ CHROMIUM_PATH: "/usr/bin/chromium" })).toBe("/usr/bin/chromium");
    expect(() => resolveChromiumPath({ CHROMIUM_PATH: "/nowhere/chromium" })).toThrow(/CHROMIUM_PATH/);
  });

  // Both builds take the same flags (Playwright launches either with --headless).
  it.each(["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium"].filter((p) => existsSync(p)))(
    "%s runs a page with the launcher's flags and closes without leftovers",
    async (executablePath) => {
      const browser = await launchBrowser({ executablePath });
      try {
        const context = await browser.newSessionContext(undefined);
        const page = await context.newPage();
        await page.setContent("<main><p>ready</p></main>");
        expect(await page.textContent("p")).toBe("ready");
      } finally {
        const closed = await browser.close();
        expect(closed).toBeDefined();
      }
      expect(browser.processes()).toEqual([]);
    },
  );
});

describe("launchBrowser", () => {
  it("launches without --single-process and with the documented flags", async () => {
    const browser = await launchBrowser({ executablePath: chromiumPath() });
    try {
      expect(browser.pid).toBeGreaterThan(0);
      const args = cmdline(browser.pid);
      for (const flag of [
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--no-sandbox",
      ]) {
        expect(args).toContain(flag);
      }
      expect(args).not.toContain("--single-process");
      expect(CHROMIUM_ARGS).not.toContain("--single-process");
      expect(browser.processes().length).toBeGreaterThan(1);
    } finally {
      await browser.close();
    }
  });

  it("leaves no Chromium process after 50 launch/close cycles, 10 of them forced by a hung browser", async () => {
    const ids = new Set<string>();
    const seen = new Set<number>();
    let forced = 0;
    expect(ourChromiumProcesses(ids)).toEqual([]);
    const cycle = async (i: number) => {
      const browser: NudgeBrowser = await launchBrowser({ executablePath: chromiumPath(), closeTimeoutMs: 5_000 });
      ids.add(browser.id);
      if (i % 2 === 0) {
        const context = await browser.newSessionContext(undefined);
        const page = await context.newPage();
        await page.setContent("<button>ok</button>");
      }
      for (const p of browser.processes()) seen.add(p.pid);
      if (i % 5 === 4) {
        // A browser that stopped answering: the graceful close cannot finish, the tree is killed.
        process.kill(browser.pid, "SIGSTOP");
        const result = await browser.close({ timeoutMs: 300 });
        expect(result.forced).toBe(true);
        expect(result.killed).toBeGreaterThan(1);
        forced++;
      } else {
        expect((await browser.close()).forced).toBe(false);
      }
    };
    // Two at a time, as a worker with two accounts would; 50 cycles in all.
    for (let i = 0; i < 50; i += 2) await Promise.all([cycle(i), cycle(i + 1)]);
    expect(forced).toBe(10);
    await waitFor(() => ourChromiumProcesses(ids).length === 0, {
      timeoutMs: 15_000,
      what: "every Chromium process of the test to exit",
    });
    const survivors = [...seen].filter((pid) => isAlive(pid) && /chrom/.test(cmdline(pid)));
    expect(survivors).toEqual([]);
  }, 240_000);

  it("never kills another Chromium on the machine", async () => {
    const bystander = await launchBrowser({ executablePath: chromiumPath() });
    try {
      const victim = await launchBrowser({ executablePath: chromiumPath() });
      process.kill(victim.pid, "SIGSTOP");
      await victim.close({ timeoutMs: 200 });
      expect(isAlive(bystander.pid)).toBe(true);
      const page = await (await bystander.newSessionContext(undefined)).newPage();
      await page.setContent("<p>still here</p>");
      expect(await page.textContent("p")).toBe("still here");
    } finally {
      await bystander.close();
    }
  });

  it("closes in finally when the work throws", async () => {
    let pid = -1;
    await expect(
      withBrowser({ executablePath: chromiumPath() }, async (browser) => {
        pid = browser.pid;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await waitFor(() => !isAlive(pid), { timeoutMs: 10_000, what: "the browser to exit" });
  });

  it("reports a missing binary as BROWSER_FAILED", async () => {
    await expect(launchBrowser({ executablePath: "/nonexistent/chromium", timeoutMs: 5_000 })).rejects.toMatchObject({
      code: "BROWSER_FAILED",
    });
  });
});
