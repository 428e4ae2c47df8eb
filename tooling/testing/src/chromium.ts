import { existsSync } from "node:fs";

/** The Chromium binary tests drive: `CHROMIUM_PATH`, else Debian's. Fails loudly, never skips. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error("Chromium not found: install Debian's `chromium` package or set CHROMIUM_PATH (see README)");
  return found;
}
