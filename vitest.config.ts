import { defineConfig } from "vitest/config";

// Local convenience: `npx vitest` at the root runs every package as one project each.
export default defineConfig({
  test: { projects: ["packages/*", "apps/*"] },
});
