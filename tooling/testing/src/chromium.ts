import { existsSync } from "node:fs";

/**
 * Debian's Chromium builds, best first: the headless-only shell (package `chromium-headless-shell`,
 * much lighter; its real binary before the `/usr/bin` wrapper script, which does not exec it),
 * then the full browser. Keep in step with the launcher's `CHROMIUM_CANDIDATES` in @nudge/core.
 */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/lib/chromium/chromium-headless-shell",
  "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
];

/** The Chromium binary tests drive: `CHROMIUM_PATH`, else Debian's. Fails loudly, never skips. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      "Chromium not found: install Debian's `chromium-headless-shell` (or `chromium`) package or set CHROMIUM_PATH (see README)",
    );
  return found;
}
