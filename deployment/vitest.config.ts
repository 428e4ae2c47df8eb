import { defineProject, mergeConfig } from "vitest/config";
import { nudgeTestDefaults } from "../vitest.shared.js";

// One file at a time: the Prometheus and server suites start processes of their own.
export default defineProject(mergeConfig(nudgeTestDefaults(import.meta.dirname), { test: { fileParallelism: false } }));
