import { defineProject } from "vitest/config";
import { nudgeTestDefaults } from "../../vitest.shared.js";

export default defineProject(nudgeTestDefaults(import.meta.dirname));
