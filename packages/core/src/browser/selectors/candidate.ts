import type { SelectorStrategy } from "@nudge/db";
import type { Locator, Page } from "playwright-core";
import { z } from "zod";
import { firstLine } from "../../errors/first-line.js";
import { NudgeError } from "../../errors/nudge-error.js";
import type { HeuristicConfig } from "../in-page/protocol.js";

/** Where a candidate is looked up: the whole page or inside an element (a card, an overlay). */
export type SelectorScope = Page | Locator;

export function isPage(scope: SelectorScope): scope is Page {
  return !("page" in scope && typeof scope.page === "function");
}

/** The page a scope belongs to. */
export function pageOf(scope: SelectorScope): Page {
  return isPage(scope) ? scope : scope.page();
}

type AriaRole = Parameters<Page["getByRole"]>[0];

/** A candidate turned into something the engine can run. */
export type CompiledCandidate =
  | { strategy: "css" | "text"; locate(scope: SelectorScope): Locator }
  | { strategy: "role"; role: string; name?: string | RegExp; exact?: boolean; level?: number; locate(scope: SelectorScope): Locator }
  | { strategy: "heuristic"; config: HeuristicConfig; locate(scope: SelectorScope): Locator };

const heuristicSchema = z
  .object({
    candidates: z.string().min(1).max(500),
    positive: z.array(z.string().min(1).max(100)).max(50).optional(),
    negative: z.array(z.string().min(1).max(100)).max(50).optional(),
    weights: z.object({ text: z.number().min(0).max(1000).optional(), visible: z.number().min(0).max(1000).optional(), aria: z.number().min(0).max(1000).optional() }).optional(),
    threshold: z.number().min(0).max(3000).optional(),
    minLength: z.number().int().min(0).max(10_000).optional(),
    maxLength: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

/** `/source/flags` → RegExp; anything else is null. */
function regexLiteral(text: string): RegExp | null {
  const m = /^\/(.+)\/([dgimsuy]*)$/s.exec(text);
  if (!m) return null;
  return new RegExp(m[1] as string, (m[2] ?? "").replace("g", ""));
}

/** `"exact"` → exact string; anything else is null. */
function quoted(text: string): string | null {
  const m = /^"(.*)"$/s.exec(text);
  return m ? (m[1] as string) : null;
}

function roleCandidate(candidate: string): CompiledCandidate {
  const m = /^([a-z]+)((?:\[[a-z]+=(?:\/(?:[^/\\]|\\.)+\/[a-z]*|"[^"]*"|\d+)\])*)$/.exec(candidate);
  if (!m) throw new Error('expected role, role[name=/regex/i], role[name="exact"] or role[level=N]');
  const role = m[1] as AriaRole;
  const options: { name?: string | RegExp; exact?: boolean; level?: number } = {};
  for (const part of (m[2] ?? "").matchAll(/\[([a-z]+)=(\/(?:[^/\\]|\\.)+\/[a-z]*|"[^"]*"|\d+)\]/g)) {
    const [, attr, value] = part as unknown as [string, string, string];
    if (attr === "name") {
      const re = regexLiteral(value);
      const exact = quoted(value);
      if (re) options.name = re;
      else if (exact !== null) {
        options.name = exact;
        options.exact = true;
      } else throw new Error("name must be /regex/ or \"exact\"");
    } else if (attr === "level") options.level = Number(value);
    else throw new Error(`unknown role option ${attr}`);
  }
  return { strategy: "role", role, ...options, locate: (scope) => scope.getByRole(role, options) };
}

function textCandidate(candidate: string): CompiledCandidate {
  const re = regexLiteral(candidate);
  const exact = quoted(candidate);
  if (re) return { strategy: "text", locate: (scope) => scope.getByText(re) };
  if (exact !== null) return { strategy: "text", locate: (scope) => scope.getByText(exact, { exact: true }) };
  return { strategy: "text", locate: (scope) => scope.getByText(candidate) };
}

/**
 * Compiles a stored candidate. Throws on a malformed one (the API validates user candidates with
 * `validateCandidate` before they are stored, so this only trips on hand-edited rows).
 */
export function compileCandidate(strategy: SelectorStrategy, candidate: string): CompiledCandidate {
  switch (strategy) {
    case "css":
      return { strategy, locate: (scope) => scope.locator(candidate) };
    case "role":
      return roleCandidate(candidate);
    case "text":
      return textCandidate(candidate);
    case "heuristic": {
      const config = heuristicSchema.parse(JSON.parse(candidate)) as HeuristicConfig;
      return { strategy, config, locate: (scope) => scope.locator(config.candidates) };
    }
  }
}

/**
 * Checks a candidate a person wants to add. CSS syntax is checked by the browser at first use
 * (a broken one simply never matches and sinks in the ranking).
 */
export function validateCandidate(strategy: SelectorStrategy, candidate: string): void {
  const fail = (why: string) => new NudgeError("VALIDATION_FAILED", `invalid ${strategy} candidate: ${why}`);
  if (candidate.trim().length === 0 || candidate.length > 2000) throw fail("empty or longer than 2000 characters");
  try {
    if (strategy === "heuristic") {
      const parsed = heuristicSchema.safeParse(JSON.parse(candidate));
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; "));
    } else if (strategy === "text" && candidate.startsWith("/")) {
      if (!regexLiteral(candidate)) throw new Error("expected /regex/flags");
    } else compileCandidate(strategy, candidate);
  } catch (error) {
    throw fail(firstLine(error));
  }
}
