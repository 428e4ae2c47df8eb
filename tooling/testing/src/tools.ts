import { execFileSync } from "node:child_process";

/** Path of a system tool the tests need; throws a clear message instead of skipping. */
export function requireTool(name: string, envVar?: string): string {
  const fromEnv = envVar ? process.env[envVar] : undefined;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(`${name} not found on PATH: run the test command from the README, which installs it`);
  }
}
