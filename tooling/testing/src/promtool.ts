import { spawnSync } from "node:child_process";
import { requireTool } from "./tools.js";

export interface PromtoolVerdict {
  /** promtool's exit code: 0 when the exposition is valid and lint-clean. */
  status: number | null;
  /** Everything promtool printed; empty when it found nothing to say. */
  output: string;
}

/** Runs `promtool check metrics` on a Prometheus exposition (what `/metrics` serves). */
export function checkMetrics(exposition: string): PromtoolVerdict {
  const result = spawnSync(requireTool("promtool", "PROMTOOL"), ["check", "metrics"], { input: exposition, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
