import { defineProject } from "vitest/config";
import { nudgeTestDefaults } from "../../vitest.shared.js";

// Browser tests: real Chromium against the built panel, served by the real server.
export default defineProject({
  ...nudgeTestDefaults(import.meta.dirname),
});
