import { createReadStream, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { Readable } from "node:stream";
import type { ApiServices } from "@nudge/api";
import type { Context } from "hono";
import type { TrustedProxies } from "./client-address.js";
import { stampedHeaders } from "./request-context.js";
import { plainRouteContext } from "./signed-in.js";

export const ARTIFACTS_PREFIX = "/artifacts";

/**
 * The sanitized HTML is LinkedIn's page: served as plain text, so it is never rendered (and never
 * runs) in the panel's origin.
 */
const TYPES = { png: "image/png", html: "text/plain; charset=utf-8" } as const;
const FILE =
  /^\/artifacts\/(?<run>[A-Za-z0-9_-]{1,64})\/(?<name>[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199})\.(?<ext>png|html)$/;

/** The artifact a request path names: a run folder, a file name, and png or html. */
function artifactOf(path: string): { run: string; file: string; type: string } | null {
  const groups = FILE.exec(path)?.groups;
  if (!groups?.run || !groups.name || (groups.ext !== "png" && groups.ext !== "html")) return null;
  return { run: groups.run, file: `${groups.name}.${groups.ext}`, type: TYPES[groups.ext] };
}

/**
 * Screenshots and page copies saved when a selector missed (`<dataDir>/artifacts/<run>/…`), for
 * any signed-in viewer — by API key or panel cookie, checked exactly as the API checks them.
 */
export function artifactFiles(services: ApiServices, proxies: TrustedProxies, artifactsDir: string) {
  return async (c: Context): Promise<Response> => {
    const ctx = await plainRouteContext(c, services, proxies);
    if (ctx instanceof Response) return ctx;
    if (!ctx.principal) return c.json({ error: { code: "UNAUTHORIZED", message: "sign in to see artifacts" } }, 401);
    const artifact = artifactOf(c.req.path);
    const path = artifact && contained(artifactsDir, join(artifactsDir, artifact.run, artifact.file));
    if (!artifact || !path) return c.json({ error: { code: "NOT_FOUND", message: "no such artifact" } }, 404);
    const headers = stampedHeaders(c, "api", {
      "content-type": artifact.type,
      "content-length": String(statSync(path).size),
      "cache-control": "private, max-age=3600",
    });
    return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, { status: 200, headers });
  };
}

/** The file's real path when it exists inside `root` (no symlink out of it), else null. */
function contained(root: string, path: string): string | null {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(path);
    return real.startsWith(realRoot + sep) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}
