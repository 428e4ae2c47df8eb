import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.cache/**", "**/drizzle/**"] },
  js.configs.recommended,
  // Type-aware rules: each file is checked with the tsconfig of its package (projectService).
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Everything here runs on Node.
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        fetch: "readonly",
        performance: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "no-console": "off",
    },
  },
  {
    // Code that runs in the page, not on Node: real .js files (docs/decisions/in-page-scripts.md).
    files: ["packages/core/src/browser/in-page/*.js", "packages/linkedin-sim/src/in-page/*.js"],
    languageOptions: {
      globals: {
        window: "readonly",
        document: "readonly",
        location: "readonly",
        CSS: "readonly",
        requestAnimationFrame: "readonly",
      },
    },
  },
  {
    // core is the domain: it must never learn about transport.
    files: ["packages/core/**/*.ts", "packages/db/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["hono", "hono/*", "@trpc/*", "@nudge/api", "@nudge/server"] }],
    },
  },
  {
    // Routers validate, call the domain (`ctx.nudge`) and present the answer: no queries, no
    // tables, no metrics of their own (docs/architecture.md#layers).
    files: ["packages/api/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@nudge/db",
              importNames: [
                "and",
                "asc",
                "desc",
                "eq",
                "gt",
                "gte",
                "inArray",
                "isNotNull",
                "isNull",
                "lt",
                "lte",
                "ne",
                "not",
                "or",
                "sql",
                "accounts",
                "contacts",
                "interactions",
                "settings",
                "campaignRuns",
                "runEvents",
                "apiKeys",
                "panelSessions",
                "selectors",
                "quotaReservations",
                "breakerStates",
                "leases",
                "coordinatorMessages",
              ],
              message: "routers call the domain through ctx.nudge; queries belong in @nudge/core",
            },
          ],
          patterns: ["drizzle-orm", "drizzle-orm/*", "prom-client", "playwright-core", "@nudge/server"],
        },
      ],
    },
  },
  {
    // The domain's browser-safe entry (`@nudge/core/schemas`) and what it reaches: the panel bundles
    // these, so they stay free of Node, the database and services (docs/decisions/shared-schemas.md).
    files: [
      "packages/core/src/schemas.ts",
      "packages/core/src/settings/settings-schema.ts",
      "packages/core/src/settings/templates.ts",
      "packages/core/src/scheduler/cron.ts",
      "packages/core/src/time/zoned.ts",
      "packages/core/src/notifications/channel-schema.ts",
      "packages/core/src/errors/*.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "node:*",
                "@nudge/*",
                "pino",
                "drizzle-orm",
                "drizzle-orm/*",
                "prom-client",
                "playwright-core",
                "ioredis",
              ],
              message: "the panel bundles this module: keep it browser-safe",
            },
            { group: ["hono", "hono/*", "@trpc/*"], message: "core never learns about transport" },
          ],
        },
      ],
    },
  },
  {
    // client and web may only see the API as types.
    files: ["packages/client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@nudge/api", allowTypeImports: true }],
          patterns: ["@nudge/core", "@nudge/db", "@nudge/server"],
        },
      ],
    },
  },
  {
    // The panel runs in a browser. It sees the API as types only, and of the domain only the
    // browser-safe schemas its forms share with the API.
    files: ["apps/web/src/**/*.{ts,tsx}"],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@nudge/api", allowTypeImports: true, message: "the panel imports the API's types only" },
            { name: "@nudge/core", message: "import the browser-safe schemas from @nudge/core/schemas" },
          ],
          patterns: [
            { regex: "^@nudge/core/(?!schemas$)", message: "only @nudge/core/schemas is browser-safe" },
            {
              group: ["@nudge/db", "@nudge/db/*", "@nudge/server", "@nudge/server/*", "@nudge/client"],
              message: "the panel talks to the server through tRPC only",
            },
          ],
        },
      ],
    },
  },
  {
    // The panel's browser tests and scripts run on Node: they drive the real server (and seed its
    // database), never the panel's own modules.
    files: ["apps/web/test/**/*.ts", "apps/web/scripts/**/*.ts", "apps/web/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@nudge/api", allowTypeImports: true }], patterns: ["@nudge/core", "../src/*"] },
      ],
    },
  },
  {
    // A test states what it expects to exist; when it is missing the test fails at once, which is
    // the point — so `!` stays allowed there.
    // vitest's asymmetric matchers (expect.any, expect.stringContaining) are typed `any`, and test
    // doubles keep the async signature of what they stand in for.
    files: ["**/test/**/*.ts", "**/*.test.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      // Tests read parsed YAML/JSON (manifests, configs, API bodies) whose shape is what they check.
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Last, so it wins: plain JavaScript (configs, in-page scripts) has no types to check with.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
