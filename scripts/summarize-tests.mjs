// Sums the per-package vitest JSON reports and prints the plain "N passed, N failed" line CI
// reads. Extra arguments name stages (lint, build, …) that failed; each counts as one failure.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, ...failedStages] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const reports = readdirSync(dir).filter((f) => f.endsWith(".json"));
for (const file of reports) {
  const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
  passed += report.numPassedTests ?? 0;
  // A file that failed to load has no failed assertion of its own: count it once.
  const brokenFiles = (report.testResults ?? []).filter(
    (r) => r.status === "failed" && !(r.assertionResults ?? []).some((a) => a.status === "failed"),
  ).length;
  failed += (report.numFailedTests ?? 0) + brokenFiles;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
for (const stage of failedStages) console.log(`stage failed: ${stage}`);
failed += failedStages.length;
if (reports.length === 0 || passed === 0) {
  console.log("no test report found: the test stage did not run");
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
