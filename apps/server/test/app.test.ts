import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiServices } from "@nudge/api";
import { createNudge, DbCoordinator, ManualClock, type Nudge } from "@nudge/core";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, createMetrics } from "../src/index.js";
import { databaseCheck, migrationsCheck } from "../src/readiness.js";

let database: TempDatabase;
let webDir: string;
const domains: Nudge[] = [];
beforeAll(async () => {
  database = await tempDatabase();
  webDir = mkdtempSync(join(tmpdir(), "nudge-web-"));
  mkdirSync(join(webDir, "assets"));
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>Nudge</title><div id=root></div>");
  writeFileSync(join(webDir, "assets", "app.js"), "console.log('panel')");
  writeFileSync(join(webDir, ".env"), "SECRET=do-not-serve");
  mkdirSync(join(webDir, ".git"));
  writeFileSync(join(webDir, ".git", "config"), "[core] do-not-serve");
  symlinkSync("/etc/passwd", join(webDir, "passwd"));
  symlinkSync("/etc", join(webDir, "assets", "etc"));
  symlinkSync(join(webDir, "assets", "app.js"), join(webDir, "app-link.js"));
});
afterAll(async () => {
  for (const nudge of domains) {
    await nudge.close();
    await nudge.coordinator.close();
  }
  database.destroy();
  rmSync(webDir, { recursive: true, force: true });
});

async function app(options: { webDir?: string; metricsToken?: string; allowedOrigins?: string[] } = {}) {
  const clock = new ManualClock("2026-11-22T10:00:00Z");
  const log = pino({ level: "silent" });
  const coordinator = new DbCoordinator({ db: database.db, clock, logger: log });
  const nudge = await createNudge({ db: database.db, log, clock, coordinator, dataDir: database.dir });
  domains.push(nudge);
  return createApp({
    services: createApiServices({ nudge, log, version: "test" }),
    log,
    metrics: createMetrics(),
    readiness: [databaseCheck(database), migrationsCheck(database)],
    serveApi: true,
    bodyLimitBytes: 1024,
    allowedOrigins: options.allowedOrigins ?? [],
    metricsToken: options.metricsToken,
    webDir: options.webDir,
  });
}

describe("the app without a socket", () => {
  it("serves the built panel, its assets, and the shell for client-side routes", async () => {
    const a = await app({ webDir });
    const index = await a.request("/");
    expect(index.status).toBe(200);
    expect(await index.text()).toContain("<title>Nudge</title>");
    expect(await (await a.request("/assets/app.js")).text()).toContain("panel");
    const deepLink = await a.request("/contacts/42");
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('id=root');
    expect((await a.request("/trpc/nope.nothing")).status).toBe(404);
  });

  it("refuses dotfiles and links that lead out of the panel folder", async () => {
    const a = await app({ webDir });
    const dotfiles = ["/.env", "/.git/config", "/assets/../.env"];
    for (const path of [...dotfiles, "/passwd", "/assets/etc/passwd", "/assets/etc/hostname"]) {
      const res = await a.request(path);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).not.toContain("do-not-serve");
      expect(text).not.toContain("root:");
    }
    // A link that stays inside the folder is just another file.
    expect(await (await a.request("/app-link.js")).text()).toContain("panel");
  });

  it("answers 404 in JSON when there is no panel build", async () => {
    const res = await (await app()).request("/anything");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "not found" } });
  });

  it("protects /metrics with a bearer token when one is configured", async () => {
    const a = await app({ metricsToken: "scrape-secret-123" });
    expect((await a.request("/metrics")).status).toBe(401);
    expect((await a.request("/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await a.request("/metrics", { headers: { authorization: "Bearer scrape-secret-123" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/text\/plain/);
  });

  it("accepts the bearer scheme in any case (RFC 7235)", async () => {
    const a = await app({ metricsToken: "scrape-secret-123" });
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      const res = await a.request("/metrics", { headers: { authorization: `${scheme} scrape-secret-123` } });
      expect(res.status).toBe(200);
    }
    expect((await a.request("/metrics", { headers: { authorization: "Basic scrape-secret-123" } })).status).toBe(401);
  });

  it("throttles metrics token guesses like API key guesses", async () => {
    const a = await app({ metricsToken: "scrape-secret-123" });
    for (let i = 0; i < 10; i++) {
      expect((await a.request("/metrics", { headers: { authorization: `Bearer guess-${i}` } })).status).toBe(401);
    }
    const throttled = await a.request("/metrics", { headers: { authorization: "Bearer scrape-secret-123" } });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("allows only the configured origins", async () => {
    const a = await app({ allowedOrigins: ["https://panel.example.com"] });
    const allowed = await a.request("/health", { headers: { origin: "https://panel.example.com" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://panel.example.com");
    const denied = await a.request("/health", { headers: { origin: "https://evil.example.com" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sets security headers on API and panel responses", async () => {
    for (const path of ["/trpc/health.status", "/"]) {
      const res = await (await app({ webDir })).request(path);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });
});
