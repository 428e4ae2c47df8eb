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
      // Coverage is a root option: each package's config is the root of its own `vitest run`.
      ...(coverage(dir) as object),
    },
  };
}

/**
 * Line coverage each package must keep: about two points under what was measured
 * (scripts/test.sh measures it; `node scripts/coverage-report.mjs` prints the table). A floor
 * set exactly at the measured figure failed CI on run-to-run noise of a few tenths (timers,
 * retries that sometimes run), so the margin absorbs noise while a real drop still fails.
 * Raise a floor when coverage rises.
 */
export const COVERAGE_FLOORS: Record<string, number> = {
  api: 84,
  // The CLI and the packed tarball are tested in child processes, which v8 does not see (the
  // notify, export and sourcing commands added lines only those tests reach: 31.7 measured).
  client: 30,
  core: 82,
  db: 84,
  deployment: 95,
  "linkedin-sim": 93,
  // Sub-commands and start-up run in child processes in their tests, which v8 does not see.
  server: 58,
};

/** Coverage of the package's own sources, on when the test command sets NUDGE_COVERAGE=1. */
function coverage(dir: string): { coverage?: Record<string, unknown> } {
  if (process.env.NUDGE_COVERAGE !== "1") return {};
  const floor = COVERAGE_FLOORS[basename(dir)];
  return {
    coverage: {
      enabled: true,
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      exclude: ["src/**/*.test.ts", "src/**/*.d.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: `${dir}/coverage`,
      // The figures are printed even when a test failed, so a failure never hides them.
      reportOnFailure: true,
      ...(floor === undefined ? {} : { thresholds: { lines: floor } }),
    },
  };
}
