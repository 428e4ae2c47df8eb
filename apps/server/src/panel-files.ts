import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import type { Env } from "./request-context.js";

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
 * Serves the built control panel from `webDir` when it holds an index.html: its files as they are,
 * and the shell for every other GET, so client-side routes survive a reload. API-looking paths
 * keep their 404.
 */
export function mountPanel(app: Hono<Env>, webDir: string, apiPrefix: string): void {
  if (!existsSync(join(webDir, "index.html"))) return;
  const root = realpathSync(webDir);
  const indexHtml = readFileSync(join(root, "index.html"), "utf8");
  const files = serveStatic({ root });
  app.use("/*", async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const found = lookup(root, c.req.path);
    if (found === "refused") return c.notFound();
    return found === "file" ? files(c, next) : next();
  });
  app.get("*", (c) => (c.req.path.startsWith(apiPrefix) ? c.notFound() : c.html(indexHtml)));
}
