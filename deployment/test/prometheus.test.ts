import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "@nudge/testing";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { alertRules, dashboard, dashboardQueries, RULE_TESTS_FILE, RULES_FILE } from "../src/monitoring.js";
import { repoPath } from "../src/paths.js";
import { metricNames } from "../src/promql.js";
import { runTool } from "../src/run-tool.js";

const promtool = requireTool("promtool", "PROMTOOL");
const work = mkdtempSync(join(tmpdir(), "nudge-prom-check-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectClean(result: { status: number | null; output: string }): void {
  expect(result.output, result.output).not.toMatch(/FAILED|error/i);
  expect(result.status, result.output).toBe(0);
}

describe("Prometheus configuration", () => {
  it("passes promtool check config, which also checks the rule files it loads", () => {
    expectClean(runTool(promtool, ["check", "config", repoPath("deployment/prometheus/prometheus.yml")]));
  });

  it("passes promtool check rules", () => {
    const result = runTool(promtool, ["check", "rules", RULES_FILE]);
    expectClean(result);
    expect(result.output).toContain(`SUCCESS: ${alertRules().length} rules found`);
  });

  it("Kubernetes scrape config: promtool accepts everything but the discovery block, whose shape is checked here", () => {
    // Debian's Prometheus is built without Kubernetes discovery (promtool rejects the key); the
    // relabelling, which is where mistakes hide, is run for real in scrape.test.ts.
    const path = repoPath("deployment/prometheus/prometheus-kubernetes.yml");
    const config = parse(readFileSync(path, "utf8"));
    const job = config.scrape_configs.find((j: { job_name: string }) => j.job_name === "nudge");
    expect(job.kubernetes_sd_configs).toEqual([{ role: "pod", namespaces: { names: ["nudge"] } }]);
    delete job.kubernetes_sd_configs;
    job.file_sd_configs = [{ files: [join(work, "targets.json")] }];
    writeFileSync(join(work, "targets.json"), "[]");
    config.rule_files = [RULES_FILE];
    writeFileSync(join(work, "prometheus-kubernetes.yml"), stringify(config));
    expectClean(runTool(promtool, ["check", "config", join(work, "prometheus-kubernetes.yml")]));
  });
});

describe("alert rules", () => {
  const rules = alertRules();
  const operations = readFileSync(repoPath("docs/operations.md"), "utf8");
  const anchors = new Set(
    [...operations.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\w-]+/g, ""),
    ),
  );

  it("covers what the issue asks for", () => {
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        "NudgeCircuitBreakerOpen",
        "NudgeCoordinatorFallback",
        "NudgeCriticalErrorRatio",
        "NudgeDatabaseErrors",
        "NudgeHighErrorRatio",
        "NudgeHighLatency",
        "NudgeInstanceDown",
        "NudgeMessageFailures",
        "NudgeNotificationsDeadLettered",
        "NudgePageCheckFailing",
        "NudgeQuotaDenials",
        "NudgeRedisErrors",
        "NudgeRunFailed",
        "NudgeScheduledRunMissed",
        "NudgeSelectorDrift",
        "NudgeSelectorMisses",
        "NudgeSessionExpired",
        "NudgeSessionExpiringSoon",
        "NudgeSourcingStalled",
        "NudgeTargetMissing",
      ].sort(),
    );
  });

  it.each(rules.map((r) => [r.alert, r] as const))(
    "%s has a severity, a runbook line and its section in docs/operations.md",
    (_, rule) => {
      expect(["critical", "warning", "info"]).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toBeTruthy();
      expect(rule.annotations.description).toBeTruthy();
      expect(rule.annotations.runbook?.length).toBeGreaterThan(20);
      expect(rule.annotations.runbook_url).toBe(`docs/operations.md#${rule.alert.toLowerCase()}`);
      expect(anchors, `docs/operations.md has no heading "${rule.alert}"`).toContain(rule.alert.toLowerCase());
    },
  );

  it("pass their promtool unit tests", () => {
    const result = runTool(promtool, ["test", "rules", RULE_TESTS_FILE]);
    expect(result.output, result.output).toMatch(/SUCCESS/);
    expect(result.status, result.output).toBe(0);
  });

  it("each have a unit test where they fire and one where they stay silent, and none fires on a fresh start", () => {
    interface Case {
      alertname: string;
      exp_alerts: unknown[];
    }
    const tests = (
      parse(readFileSync(RULE_TESTS_FILE, "utf8")) as { tests: { name: string; alert_rule_test: Case[] }[] }
    ).tests;
    const cases = tests.flatMap((t) => t.alert_rule_test);
    for (const rule of rules) {
      const mine = cases.filter((c) => c.alertname === rule.alert);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${rule.alert} never fires in a test`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${rule.alert} is never shown silent`,
      ).toBe(true);
    }
    const fresh = tests.find((t) => t.name === "fresh start is silent")!;
    for (const rule of rules.filter((r) => r.alert !== "NudgeTargetMissing"))
      expect(
        fresh.alert_rule_test.some((c) => c.alertname === rule.alert && c.exp_alerts.length === 0),
        rule.alert,
      ).toBe(true);
  });

  it("a broken rule test is caught (the unit tests can fail)", () => {
    const broken = readFileSync(RULE_TESTS_FILE, "utf8")
      .replace("rule_files:\n  - ../rules/nudge-alerts.yml", `rule_files:\n  - ${RULES_FILE}`)
      .replace(
        "- { eval_time: 3m, alertname: NudgeInstanceDown, exp_alerts: [] }",
        "- { eval_time: 5m, alertname: NudgeInstanceDown, exp_alerts: [] }",
      );
    writeFileSync(join(work, "broken.test.yml"), broken);
    const result = runTool(promtool, ["test", "rules", join(work, "broken.test.yml")]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("NudgeInstanceDown");
  });
});

describe("Grafana dashboard", () => {
  it("has a stable uid, a Prometheus data source variable and a query on every panel", () => {
    const d = dashboard();
    expect(d.uid).toBe("nudge-overview");
    expect(d.templating.list.map((v) => v.name)).toContain("datasource");
    for (const panel of d.panels.filter((p) => p.type !== "row"))
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    const provisioned = parse(
      readFileSync(repoPath("deployment/grafana/provisioning/datasources/prometheus.yml"), "utf8"),
    );
    expect(provisioned.datasources[0]).toMatchObject({
      uid: "prometheus",
      type: "prometheus",
      url: "http://prometheus:9090",
    });
  });

  it("covers HTTP, runs, messages, visits, quotas, breaker, sessions, selectors, page checks, notifications, database, Redis and the process", () => {
    const names = new Set(dashboardQueries().flatMap((q) => metricNames(q.expr)));
    for (const metric of [
      "http_requests_total",
      "http_request_duration_seconds_bucket",
      "nudge_campaign_runs_total",
      "nudge_messages_total",
      "nudge_profile_visits_total",
      "nudge_quota_used",
      "nudge_quota_limit",
      "nudge_circuit_breaker_state",
      "nudge_session_valid",
      "nudge_session_expires_timestamp_seconds",
      "nudge_selector_resolutions_total",
      "nudge_page_check_total",
      "nudge_selector_drift",
      "nudge_notification_deliveries_total",
      "nudge_db_query_duration_seconds_bucket",
      "nudge_db_errors_total",
      "nudge_redis_errors_total",
      "process_resident_memory_bytes",
    ])
      expect(names, metric).toContain(metric);
  });

  it("every query parses: promtool checks them all as recording rules", () => {
    const queries = dashboardQueries();
    const groups = [
      { name: "dashboard", rules: queries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: q.expr })) },
    ];
    writeFileSync(join(work, "dashboard-rules.yml"), stringify({ groups }));
    const result = runTool(promtool, ["check", "rules", join(work, "dashboard-rules.yml")]);
    expectClean(result);
    expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`);
  });
});
