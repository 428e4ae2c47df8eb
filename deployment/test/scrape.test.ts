import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createClient } from "@nudge/client";
import { startSimulator, type RunningSimulator } from "@nudge/linkedin-sim";
import { parseEnv, startServer, type RunningServer } from "@nudge/server";
import { chromiumPath, startRedisServer, waitFor, type RedisServer } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertRules, dashboardQueries, RULES_FILE } from "../src/monitoring.js";
import { repoPath } from "../src/paths.js";
import { startPrometheus, type PrometheusServer } from "../src/prometheus-server.js";
import { metricNames } from "../src/promql.js";

const ADMIN_KEY = "nudge_scrape_test_admin_key_0123456789";
const SIM_COOKIE = "AQEDAsimulatedLiAtCookieValueForScrapes0123456789";

let redis: RedisServer;
let sim: RunningSimulator;
let server: RunningServer;
let dataDir: string;
let prometheus: PrometheusServer;

/** The compose deployment's Prometheus config, aimed at the test server instead of DNS names. */
function composeConfigFor(target: string): object {
  const config = parse(readFileSync(repoPath("deployment/prometheus/prometheus.yml"), "utf8"));
  config.global.scrape_interval = "1s";
  config.global.scrape_timeout = "1s";
  config.global.evaluation_interval = "1s";
  config.rule_files = [RULES_FILE];
  // Only the server under test: nothing else on this machine is scraped.
  config.scrape_configs = config.scrape_configs.filter((job: { job_name: string }) => job.job_name === "nudge");
  const job = config.scrape_configs[0];
  delete job.dns_sd_configs;
  job.static_configs = [{ targets: [target] }];
  return config;
}

beforeAll(async () => {
  redis = await startRedisServer();
  sim = await startSimulator({
    port: 0,
    scenario: { cookie: SIM_COOKIE, birthdays: [{ name: "Jane Doe", publicId: "jane-doe", when: "today" }] },
  });
  dataDir = mkdtempSync(join(tmpdir(), "nudge-scrape-"));
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    NUDGE_DATA_DIR: dataDir,
    NUDGE_API_KEY: ADMIN_KEY,
    NUDGE_ENCRYPTION_KEY: "q4Hk0y5Vn6rW1xT8mJ3pL9sD2fG7hK0aZ5cX8vB1nM4=",
    LINKEDIN_BASE_URL: sim.url,
    CHROMIUM_PATH: chromiumPath(),
    REDIS_URL: redis.url,
    LOG_LEVEL: "warn",
  });
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  server = await startServer(env, { logDestination: quiet });

  // A server in use, as Prometheus would find it: a checked session and a (dry) birthday run.
  const admin = createClient({ url: server.url, apiKey: ADMIN_KEY });
  await admin.settings.update.mutate({ accountId: 1, patch: { workingHours: { start: "00:00", end: "24:00" } } });
  // A browser's cookie export, so the session's expiry is known (60 days ahead).
  const exported = [
    {
      name: "li_at",
      value: SIM_COOKIE,
      domain: ".www.linkedin.com",
      path: "/",
      secure: true,
      httpOnly: true,
      expirationDate: Date.now() / 1000 + 60 * 86_400,
    },
  ];
  const session = JSON.stringify(exported);
  expect((await admin.accounts.uploadSession.mutate({ session, check: true })).check).toMatchObject({
    status: "valid",
  });
  const run = await admin.campaigns.startBirthday.mutate({ accountId: 1, dryRun: true });
  await waitFor(async () => (await admin.campaigns.runs.get.query({ runId: run.id })).status === "succeeded", {
    timeoutMs: 90_000,
    what: "the dry run",
  });

  prometheus = await startPrometheus(composeConfigFor(`127.0.0.1:${server.port}`));
  await waitFor(async () => (await prometheus.query('up{job="nudge"} == 1')).length === 1, {
    timeoutMs: 30_000,
    what: "Prometheus to scrape the server",
  });
  // A few evaluations of every rule after the target came up.
  const upAt = Date.now() / 1000;
  await waitFor(
    async () => {
      const { groups } = await prometheus.api<{ groups: { lastEvaluation: string }[] }>("/api/v1/rules");
      return groups.every((g) => Date.parse(g.lastEvaluation) / 1000 > upAt + 3);
    },
    { timeoutMs: 30_000, what: "the rules to be evaluated" },
  );
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await server?.shutdown("test");
  await sim?.close();
  await redis?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("a real Prometheus scraping a real server (the compose config)", () => {
  it("scrapes the target under the job the rules and the dashboard read", async () => {
    const { activeTargets } = await prometheus.api<{
      activeTargets: { labels: Record<string, string>; health: string }[];
    }>("/api/v1/targets");
    expect(activeTargets).toEqual([
      expect.objectContaining({
        health: "up",
        labels: expect.objectContaining({ job: "nudge", instance: `127.0.0.1:${server.port}` }),
      }),
    ]);
  });

  it("has every metric that a rule or a dashboard panel reads", async () => {
    const scraped = new Set(await prometheus.api<string[]>(`/api/v1/label/__name__/values`));
    const wanted = new Map<string, string>();
    for (const rule of alertRules()) for (const name of metricNames(rule.expr)) wanted.set(name, `rule ${rule.alert}`);
    for (const query of dashboardQueries())
      for (const name of metricNames(query.expr)) wanted.set(name, `panel "${query.panel}"`);
    const missing = [...wanted].filter(([name]) => !scraped.has(name)).map(([name, where]) => `${name} (${where})`);
    expect(missing).toEqual([]);
    expect(wanted.size).toBeGreaterThan(25);
  });

  it("the label sets the page-check and dead-letter alerts read exist before anything happened", async () => {
    // One dead-letter series per channel kind, at zero with no channel configured.
    const dead = await prometheus.query('nudge_notification_deliveries_total{job="nudge",outcome="dead"}');
    expect(dead.map((s) => s.metric.kind).sort()).toEqual(["discord", "email", "ntfy", "slack", "telegram", "webhook"]);
    expect(dead.map((s) => s.value[1])).toEqual(dead.map(() => "0"));
    // Every checked page, failed or through, whether or not today's check has run yet.
    for (const outcome of ["ok", "drift", "signal", "error"])
      expect(
        (await prometheus.query(`nudge_page_check_total{job="nudge",outcome="${outcome}"}`))
          .map((s) => s.metric.page)
          .sort(),
      ).toEqual(["birthdays", "feed", "messaging", "own_profile", "search"]);
    expect((await prometheus.query('nudge_selector_drift{job="nudge"}')).length).toBeGreaterThan(5);
  });

  it("evaluates every rule without an error, and no alert fires on a healthy server", async () => {
    const { groups } = await prometheus.api<{
      groups: { rules: { name: string; health: string; lastError?: string }[] }[];
    }>("/api/v1/rules");
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.name).sort()).toEqual(
      alertRules()
        .map((r) => r.alert)
        .sort(),
    );
    for (const rule of rules)
      expect({ name: rule.name, health: rule.health, lastError: rule.lastError ?? "" }).toEqual({
        name: rule.name,
        health: "ok",
        lastError: "",
      });
    const { alerts } = await prometheus.api<{ alerts: { labels: { alertname: string }; state: string }[] }>(
      "/api/v1/alerts",
    );
    expect(alerts.filter((a) => a.state === "firing").map((a) => a.labels.alertname)).toEqual([]);
  });

  it("every dashboard query runs against the scraped data", async () => {
    for (const { panel, expr } of dashboardQueries()) {
      await expect(prometheus.query(expr), `${panel}: ${expr}`).resolves.toBeInstanceOf(Array);
    }
  });
});

describe("the Kubernetes scrape config's relabelling, run by a real Prometheus", () => {
  it("scrapes an annotated pod of the nudge namespace on its annotated port and path, and drops the others", async () => {
    const config = parse(readFileSync(repoPath("deployment/prometheus/prometheus-kubernetes.yml"), "utf8"));
    config.global.scrape_interval = "1s";
    config.global.scrape_timeout = "1s";
    config.rule_files = [RULES_FILE];
    const job = config.scrape_configs.find((j: { job_name: string }) => j.job_name === "nudge");
    // Debian's Prometheus has no Kubernetes discovery: the same meta labels come from a file.
    delete job.kubernetes_sd_configs;
    job.file_sd_configs = [{ files: ["pods.json"], refresh_interval: "1s" }];
    const pod = (name: string, annotations: Record<string, string>, app = "nudge") => ({
      // A pod's address without the annotated port, as Kubernetes discovery gives it.
      targets: ["127.0.0.1"],
      labels: {
        __meta_kubernetes_namespace: "nudge",
        __meta_kubernetes_pod_name: name,
        __meta_kubernetes_pod_label_app_kubernetes_io_name: app,
        __meta_kubernetes_pod_label_app_kubernetes_io_component: "api",
        ...Object.fromEntries(
          Object.entries(annotations).map(([k, v]) => [`__meta_kubernetes_pod_annotation_prometheus_io_${k}`, v]),
        ),
      },
    });
    const pods = [
      pod("nudge-abc", { scrape: "true", port: String(server.port), path: "/metrics" }),
      pod("nudge-unannotated", {}),
      pod("redis-xyz", { scrape: "true", port: "6379" }, "nudge-redis"),
    ];
    const k8s = await startPrometheus({ ...config, scrape_configs: [job] }, { "pods.json": JSON.stringify(pods) });
    try {
      await waitFor(async () => (await k8s.query('up{job="nudge"} == 1')).length === 1, {
        timeoutMs: 30_000,
        what: "the pod to be scraped",
      });
      const targets = await k8s.api<{
        activeTargets: { scrapeUrl: string; labels: Record<string, string> }[];
        droppedTargets: unknown[];
      }>("/api/v1/targets");
      expect(targets.activeTargets).toEqual([
        expect.objectContaining({
          scrapeUrl: `http://127.0.0.1:${server.port}/metrics`,
          labels: expect.objectContaining({ job: "nudge", namespace: "nudge", pod: "nudge-abc", service: "api" }),
        }),
      ]);
      expect(targets.droppedTargets).toHaveLength(2);
      expect((await k8s.query('nudge_session_valid{job="nudge",pod="nudge-abc"}')).length).toBe(1);
    } finally {
      await k8s.stop();
    }
  });
});
