import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Handler } from "./request-observer.js";

type Lookup = "file" | "absent" | "refused";

/**
 * What a request path names inside the panel folder. Dotfiles (`.env`, `.git/…`) are refused, and
 * so is anything whose real path leaves the folder (a symlink to /etc/passwd). Percent-encoded
 * paths are not files: serveStatic refuses them too, and they fall through to the SPA shell.
 */
function lookup(root: string, path: string): Lookup {
  if (path.includes("%")) return "absent";
  if (path.split("/").some((segment) => segment.startsWith("."))) return "refused";
  let real: string;
  try {
    real = realpathSync(join(root, path));
  } catch {
    return "absent";
  }
  if (real !== root && !real.startsWith(root + sep)) return "refused";
  return statSync(real).isFile() || real === root ? "file" : "absent";
}

/**
 * The built control panel in `webDir`, when it holds an index.html, as the app's fallback for
 * requests no route matched: its files as they are, and the shell for every other GET so that
 * client-side routes survive a reload. API-looking paths and other methods get `notFound`.
 */
export function panelFallback(webDir: string, apiPrefix: string, notFound: Handler): Handler {
  if (!existsSync(join(webDir, "index.html"))) return notFound;
  const root = realpathSync(webDir);
  const indexHtml = readFileSync(join(root, "index.html"), "utf8");
  const files = serveStatic({ root });
  return async (c) => {
    if ((c.req.method !== "GET" && c.req.method !== "HEAD") || c.req.path.startsWith(apiPrefix)) return notFound(c);
    const found = lookup(root, c.req.path);
    if (found === "refused") return notFound(c);
    if (found === "file") {
      const served = await files(c, async () => undefined);
      if (served) return served;
    }
    return c.html(indexHtml);
  };
}
