import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { repoPath } from "./paths.js";

export const RULES_FILE = repoPath("deployment/prometheus/rules/nudge-alerts.yml");
export const RULE_TESTS_FILE = repoPath("deployment/prometheus/tests/nudge-alerts.test.yml");
export const DASHBOARD_FILE = repoPath("deployment/grafana/dashboards/nudge-overview.json");

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const doc = parse(readFileSync(RULES_FILE, "utf8")) as { groups: { rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

export interface PanelQuery {
  panel: string;
  expr: string;
}

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

export function dashboard(): { uid: string; title: string; panels: Panel[]; templating: { list: { name: string }[] } } {
  return JSON.parse(readFileSync(DASHBOARD_FILE, "utf8")) as ReturnType<typeof dashboard>;
}

/**
 * Grafana's built-in interval variables, replaced by what Grafana would put there so that the
 * query can be handed to promtool or Prometheus as it is.
 */
const GRAFANA_VARIABLES: Record<string, string> = {
  $__rate_interval: "1m",
  $__interval: "15s",
  $__range: "6h",
};

export function resolveGrafanaVariables(expr: string): string {
  return expr.replace(/\$__\w+/g, (name) => {
    const value = GRAFANA_VARIABLES[name];
    if (!value) throw new Error(`unknown Grafana variable ${name} in ${expr}`);
    return value;
  });
}

/** Every query of every panel (rows included), with Grafana's variables resolved. */
export function dashboardQueries(): PanelQuery[] {
  const walk = (panels: Panel[]): PanelQuery[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? []).map((t) => ({ panel: p.title, expr: resolveGrafanaVariables(t.expr) })),
      ...walk(p.panels ?? []),
    ]);
  return walk(dashboard().panels);
}
