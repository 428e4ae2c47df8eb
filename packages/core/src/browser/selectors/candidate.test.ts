import { describe, expect, it } from "vitest";
import { compileCandidate, validateCandidate } from "./candidate.js";
import { SELECTOR_CATALOG } from "./catalog.js";

describe("selector candidates", () => {
  it("compiles every builtin candidate of the catalog", () => {
    for (const entry of SELECTOR_CATALOG) {
      for (const c of entry.candidates)
        expect(() => validateCandidate(c.strategy, c.candidate), `${entry.key}: ${c.candidate}`).not.toThrow();
    }
  });

  it("reads role candidates: role, name regex or exact, level", () => {
    expect(compileCandidate("role", "button[name=/^(send|envoyer)$/i]")).toMatchObject({
      role: "button",
      name: /^(send|envoyer)$/i,
    });
    expect(compileCandidate("role", 'button[name="Start a post"]')).toMatchObject({
      role: "button",
      name: "Start a post",
      exact: true,
    });
    expect(compileCandidate("role", "heading[level=2]")).toMatchObject({ role: "heading", level: 2 });
    expect(compileCandidate("role", "dialog")).toMatchObject({ role: "dialog" });
  });

  it.each([
    ["role", "button[name=Send]", /invalid role candidate/],
    ["role", "Button", /invalid role candidate/],
    ["heuristic", "{not json", /invalid heuristic candidate/],
    ["heuristic", '{"candidates":"button","weights":{"text":-1}}', /weights\.text/],
    ["heuristic", '{"candidates":"button","unknown":1}', /invalid heuristic candidate/],
    ["text", "/unclosed", /expected \/regex\/flags/],
    ["css", "   ", /empty/],
  ] as const)("rejects the %s candidate %j", (strategy, candidate, message) => {
    expect(() => validateCandidate(strategy, candidate)).toThrow(message);
  });
});
