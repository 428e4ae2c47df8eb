import { basename } from "node:path";
import type { UserWorkspaceConfig } from "vitest/config";

/**
 * Settings every package's vitest project shares. Workspace packages are resolved through the
 * `@nudge/source` export condition, so tests run the TypeScript sources of their dependencies
 * and never need a prior build.
 */
export function nudgeTestDefaults(dir: string): UserWorkspaceConfig {
  const conditions = ["@nudge/source", "node", "import", "default"];
  // The test command (scripts/test.sh) asks for a JSON report per package so it can print one
  // "N passed, N failed" line for the whole repository.
  const jsonDir = process.env.NUDGE_TEST_JSON_DIR;
  const reporting = jsonDir
    ? { reporters: ["default", "json"], outputFile: { json: `${jsonDir}/${basename(dir)}.json` } }
    : {};
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ["@nudge/source"] } },
    test: {
      root: dir,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      environment: "node",
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: "forks",
      ...reporting,
    },
  };
}
