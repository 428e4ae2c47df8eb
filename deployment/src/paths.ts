import { fileURLToPath } from "node:url";

/** The repository's root folder (this package sits one level below it). */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** A path inside the repository, from its root. */
export function repoPath(...parts: string[]): string {
  return [repoRoot.replace(/\/$/, ""), ...parts].join("/");
}
