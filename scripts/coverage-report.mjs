// Prints the line, statement, function and branch coverage of every package that measured it
// (NUDGE_COVERAGE=1 pnpm test writes <package>/coverage/coverage-summary.json), as a Markdown
// table, with the floor each package must keep (vitest.shared.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const floors = Object.fromEntries(
  [...readFileSync("vitest.shared.ts", "utf8").matchAll(/^\s+"?([\w-]+)"?: (\d+(?:\.\d+)?),$/gm)].map((m) => [
    m[1],
    Number(m[2]),
  ]),
);
const rows = [];
for (const group of ["apps", "packages", "tooling", "deployment"]) {
  const dirs = group === "deployment" ? ["."] : existsSync(group) ? readdirSync(group) : [];
  for (const dir of dirs) {
    const base = group === "deployment" ? "deployment" : join(group, dir);
    const file = join(base, "coverage", "coverage-summary.json");
    if (!existsSync(file)) continue;
    const { total } = JSON.parse(readFileSync(file, "utf8"));
    const name = base.split("/").pop();
    rows.push([
      name,
      total.lines.pct,
      total.statements.pct,
      total.functions.pct,
      total.branches.pct,
      floors[name] ?? "—",
    ]);
  }
}
if (rows.length === 0) {
  console.log("no coverage measured (run the tests with NUDGE_COVERAGE=1)");
} else {
  console.log("| package | lines % | statements % | functions % | branches % | floor (lines %) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}
