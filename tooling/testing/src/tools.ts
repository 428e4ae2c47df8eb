import { execFileSync } from "node:child_process";

function onPath(name: string): string | undefined {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Path of a system tool the tests need; throws a clear message instead of skipping. */
export function requireTool(name: string, envVar?: string): string {
  const fromEnv = envVar ? process.env[envVar] : undefined;
  if (fromEnv) return fromEnv;
  const found = onPath(name);
  if (found) return found;
  throw new Error(`${name} not found on PATH: run the test command from the README, which installs it`);
}

/**
 * Path of a system tool a benchmark needs: installed from the Debian package when it is missing
 * and we run as root with apt-get (as the test command does), named with the command to run
 * otherwise.
 */
export function ensureTool(name: string, aptPackage: string = name): string {
  const found = onPath(name);
  if (found) return found;
  if (process.getuid?.() === 0 && onPath("apt-get")) {
    process.stderr.write(`==> installing ${aptPackage} (apt)\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const stdio: ["ignore", "ignore", "inherit"] = ["ignore", "ignore", "inherit"];
    execFileSync("apt-get", ["update", "-qq"], { stdio, env });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", aptPackage], { stdio, env });
    const installed = onPath(name);
    if (installed) return installed;
  }
  throw new Error(`${name} not found on PATH: install it with "sudo apt-get install -y ${aptPackage}" (as root, the benchmark installs it)`);
}
