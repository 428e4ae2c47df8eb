import type { UserWorkspaceConfig } from "vitest/config";

/**
 * Settings every package's vitest project shares. Workspace packages are resolved through the
 * `@nudge/source` export condition, so tests run the TypeScript sources of their dependencies
 * and never need a prior build.
 */
export function nudgeTestDefaults(dir: string): UserWorkspaceConfig {
  const conditions = ["@nudge/source", "node", "import", "default"];
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
    },
  };
}
