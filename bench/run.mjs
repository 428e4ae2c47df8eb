// `pnpm bench <name>` runs bench/<name>.ts with the workspace sources (no build needed).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3));
if (!name || !existsSync(`${dir}/${name}.ts`)) {
  console.error(`usage: pnpm bench <name>   (available: ${available.join(", ")})`);
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--conditions=@nudge/source", `${dir}/${name}.ts`, ...rest],
  {
    stdio: "inherit",
  },
);
process.exit(result.status ?? 1);
