import { defineProject, mergeConfig } from "vitest/config";
import { nudgeTestDefaults } from "../../vitest.shared.js";

// Test files run one at a time here: the Chromium suites and the multi-process coordination
// suites (8 workers each) would otherwise fight over two cores, and the timing of lock waits
// and browser launches would depend on which files happened to share the machine.
export default defineProject(mergeConfig(nudgeTestDefaults(import.meta.dirname), { test: { fileParallelism: false } }));
