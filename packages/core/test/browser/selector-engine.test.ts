import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, selectors } from "@nudge/db";
import { tempDatabase } from "@nudge/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isNudgeError, type NudgeError } from "../../src/errors/nudge-error.js";
import { parseSelectorKey } from "../../src/browser/selectors/catalog.js";
import { SelectorEngine } from "../../src/browser/selectors/selector-engine.js";
import { addSelectorCandidate, listSelectorCandidates, setSelectorCandidateDisabled } from "../../src/browser/selectors/selector-store.js";
import { SIM_COOKIE, startBrowserHarness, type BrowserHarness } from "./harness.js";

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterEach(async () => {
  await h?.closeSessions();
});
afterAll(async () => {
  await h?.close();
});

async function feed(variant: "a" | "b", locale: "en" | "fr" = "en") {
  await h.scenario({ locale, variant });
  const { page, context } = await h.session();
  await page.goto(`${h.sim.url}/feed/`);
  return { page, context };
}

describe("SelectorEngine", () => {
  it("heals a candidate that fails on the other DOM variant with a role fallback and learns a CSS candidate", async () => {
    const { engine, events, registry } = h.engine();
    const a = await feed("a");
    expect((await engine.resolveDetailed(a.page, "feed.logged_in_marker")).outcome).toBe("hit");
    await a.page.close();

    // Variant b has none of the classic ids and classes: every CSS candidate fails, the ARIA
    // role + name candidate finds the navigation, and a stable CSS selector for it is stored.
    const b = await feed("b");
    const healed = await engine.resolveDetailed(b.page, "feed.logged_in_marker");
    expect(healed.outcome).toBe("learned");
    expect(healed.candidate.strategy).toBe("role");
    const learned = await h.db.db
      .select()
      .from(selectors)
      .where(and(eq(selectors.key, "feed.logged_in_marker"), eq(selectors.source, "learned")));
    expect(learned).toHaveLength(1);
    expect(learned[0]).toMatchObject({ strategy: "css", candidate: 'nav[aria-label^="Primary "]', successes: 1, disabled: false });
    expect(events).toContainEqual(expect.objectContaining({ type: "selector.learned", key: "feed.logged_in_marker", candidate: 'nav[aria-label^="Primary "]' }));

    // The learned candidate now ranks first and hits at once.
    const again = await engine.resolveDetailed(b.page, "feed.logged_in_marker");
    expect(again).toMatchObject({ outcome: "hit", candidate: { source: "learned" } });
    const failed = await h.db.db
      .select()
      .from(selectors)
      .where(and(eq(selectors.key, "feed.logged_in_marker"), eq(selectors.candidate, "#global-nav")));
    expect(failed[0]).toMatchObject({ successes: 1, failures: 1 });

    const metrics = await registry.getSingleMetricAsString("nudge_selector_resolutions_total");
    expect(metrics).toContain('nudge_selector_resolutions_total{key="feed.logged_in_marker",outcome="learned"} 1');
    expect(metrics).toContain('nudge_selector_resolutions_total{key="feed.logged_in_marker",outcome="hit"} 2');
  });

  it("on a miss saves a screenshot and sanitized HTML with no cookie value, emits an event and counts it", async () => {
    const { engine, events, registry } = h.engine({ runId: "miss-run" });
    const { page, context } = await feed("a");
    const jsession = "ajax:8765432109876543210";
    await context.addCookies([{ name: "JSESSIONID", value: jsession, url: h.sim.url }]);
    // LinkedIn pages carry session material: a csrf meta tag, JSON blobs in <code>, token URLs.
    await page.evaluate(
      ({ cookie, csrf }) => {
        const d = (globalThis as unknown as { document: { head: { insertAdjacentHTML(p: string, h: string): void }; body: { insertAdjacentHTML(p: string, h: string): void } } }).document;
        d.head.insertAdjacentHTML("beforeend", `<meta name="csrf-token" content="${csrf}">`);
        d.body.insertAdjacentHTML(
          "beforeend",
          `<code style="display:none">{"li_at":"${cookie}","csrfToken":"${csrf}"}</code><a href="/x?csrfToken=${encodeURIComponent(csrf)}&li_at=${cookie}">x</a><p>debug ${cookie}</p><input type="hidden" name="loginCsrfParam" value="${csrf}">`,
        );
      },
      { cookie: SIM_COOKIE, csrf: jsession },
    );

    let error: NudgeError | undefined;
    try {
      await engine.resolve(page, "composer.send", { timeoutMs: 300 });
    } catch (e) {
      if (isNudgeError(e)) error = e;
    }
    expect(error?.code).toBe("SELECTOR_MISSING");
    expect(error?.message).toContain("composer.send");

    const dir = join(h.dataDir, "artifacts", "miss-run");
    const files = readdirSync(dir);
    expect(files.some((f) => f.endsWith("-composer.send.png"))).toBe(true);
    expect(files.some((f) => f.endsWith("-composer.send.html"))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      for (const secret of [SIM_COOKIE, jsession, encodeURIComponent(jsession), "8765432109876543210"]) {
        expect(bytes.includes(Buffer.from(secret)), `${f} contains ${secret}`).toBe(false);
      }
    }
    const html = readFileSync(join(dir, files.find((f) => f.endsWith(".html")) ?? ""), "utf8");
    expect(html).toContain("global-nav");
    expect(html).toContain("[redacted]");

    expect(events).toContainEqual(expect.objectContaining({ type: "selector.miss", key: "composer.send", url: `${h.sim.url}/feed/` }));
    const miss = events.find((e) => e.type === "selector.miss");
    expect(miss && "html" in miss ? miss.html : null).toMatch(/^artifacts\/miss-run\/.*\.html$/);
    expect(await registry.getSingleMetricAsString("nudge_selector_resolutions_total")).toContain('nudge_selector_resolutions_total{key="composer.send",outcome="miss"} 1');

    const rows = await h.db.db.select().from(selectors).where(eq(selectors.key, "composer.send"));
    expect(rows.every((r) => r.failures >= 1 && r.successes === 0)).toBe(true);
  });

  it("an optional lookup that finds nothing records no failure and leaves no artifact", async () => {
    const { engine, events } = h.engine({ runId: "optional-run" });
    const { page } = await feed("a");
    expect(await engine.find(page, "birthday.card.connect_button")).toBeNull();
    expect(events).toEqual([]);
    const rows = await h.db.db.select().from(selectors).where(eq(selectors.key, "birthday.card.connect_button"));
    expect(rows.every((r) => r.failures === 0)).toBe(true);
  });

  it("uses a person's candidate, and skips a disabled one", async () => {
    const { page } = await feed("b");
    const added = await addSelectorCandidate(h.db.db, { key: "feed.start_post", strategy: "role", candidate: 'button[name="Start a post"]' });
    expect(added).toMatchObject({ source: "user", disabled: false });
    const startPost = parseSelectorKey("feed.start_post");
    const first = h.engine();
    expect(await (await first.engine.resolve(page, startPost)).textContent()).toBe("Start a post");

    await setSelectorCandidateDisabled(h.db.db, added.id, true);
    const second = h.engine();
    await expect(second.engine.resolve(page, startPost, { timeoutMs: 0 })).rejects.toMatchObject({
      code: "SELECTOR_MISSING",
    });

    const listed = await listSelectorCandidates(h.db.db, { key: "feed.start_post" });
    expect(listed).toEqual([expect.objectContaining({ id: added.id, disabled: true, rank: null, successes: 1 })]);
  });

  it("rejects malformed candidates with a clear message", async () => {
    await expect(addSelectorCandidate(h.db.db, { key: "composer.send", strategy: "role", candidate: "button[name=Send]" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("invalid role candidate"),
    });
    await expect(addSelectorCandidate(h.db.db, { key: "composer.send", strategy: "heuristic", candidate: '{"positive":["Send"]}' })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("candidates"),
    });
    await expect(addSelectorCandidate(h.db.db, { key: "Bad Key", strategy: "css", candidate: "button" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("lists candidates per key in ranking order with their counters", async () => {
    const list = await listSelectorCandidates(h.db.db, { key: "feed.logged_in_marker" });
    expect(list[0]).toMatchObject({ rank: 1, source: "learned" });
    expect(list.map((c) => c.rank)).toEqual(list.map((_, i) => i + 1));
    const all = await listSelectorCandidates(h.db.db);
    expect(new Set(all.map((c) => c.key))).toContain("composer.textbox");
  });

  it("does not seed the catalog itself: on a database nobody seeded there is nothing to try", async () => {
    const unseeded = await tempDatabase();
    try {
      const { page } = await feed("a");
      const engine = new SelectorEngine({ db: unseeded.db, dataDir: h.dataDir, runId: "unseeded" });
      await expect(engine.find(page, "feed.logged_in_marker")).rejects.toMatchObject({
        code: "SELECTOR_MISSING",
        message: "no selector candidates are stored for feed.logged_in_marker",
      });
    } finally {
      unseeded.destroy();
    }
  });
});
