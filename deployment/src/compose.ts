import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { repoPath } from "./paths.js";

export const COMPOSE_FILE = repoPath("docker-compose.yml");
export const ENV_EXAMPLE_FILE = repoPath(".env.example");

export interface ComposeService {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required: boolean }[];
  command?: string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string };
  logging?: { driver: string; options: Record<string, string> };
  deploy?: { resources?: { limits?: { memory?: string; cpus?: string } } };
  [key: string]: unknown;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

/** The compose file with YAML anchors and merge keys resolved, as compose reads it. */
export function composeFile(): ComposeFile {
  return parse(readFileSync(COMPOSE_FILE, "utf8"), { merge: true }) as ComposeFile;
}

/** Every `${VAR}`, `${VAR:-default}` or `${VAR:?message}` the compose file interpolates. */
export function interpolatedVariables(): string[] {
  const text = readFileSync(COMPOSE_FILE, "utf8");
  return [...new Set([...text.matchAll(/\$\{(\w+)(?::?[-?][^}]*)?\}/g)].flatMap((m) => (m[1] ? [m[1]] : [])))];
}

/** Replaces `${VAR:-default}` by its default, as compose does when VAR is unset. */
export function withDefaults(value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, "$1");
}

export interface EnvExampleEntry {
  name: string;
  value: string;
  /** Required entries are not commented out. */
  required: boolean;
}

/** The variables of .env.example: required ones as `NAME=`, optional ones as `#NAME=default`. */
export function envExample(): EnvExampleEntry[] {
  return [...readFileSync(ENV_EXAMPLE_FILE, "utf8").matchAll(/^(#?)([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({
    name: m[2] ?? "",
    value: m[3] ?? "",
    required: m[1] === "",
  }));
}
