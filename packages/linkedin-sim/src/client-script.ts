import { readFileSync } from "node:fs";

/** Where pages load their script from (LinkedIn serves its bundles from `/aero-v1/sc/h/…` on its CDN). */
export const PAGE_SCRIPT_PATH = "/aero-v1/sc/h/sim-page.js";

/**
 * The script every page runs, served as written: `in-page/page-script.js`, read once. It sits
 * next to this module in `src/` and in `dist/` (the build copies it).
 */
export const PAGE_SCRIPT = readFileSync(new URL("./in-page/page-script.js", import.meta.url), "utf8");
