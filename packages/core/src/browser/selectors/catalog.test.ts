import { describe, expect, it } from "vitest";
import { validateCandidate } from "./candidate.js";
import {
  CATALOG_KEYS,
  catalogEntry,
  isInteractiveKey,
  parseSelectorKey,
  SELECTOR_CATALOG,
  type SelectorKey,
} from "./catalog.js";
import { TEXT_WARNING_SIGNS, WARNING_SIGNS } from "./warning-signs.js";

describe("selector catalog", () => {
  it("types its keys: a key that is not in the catalog does not compile", () => {
    // @ts-expect-error a typo is not a SelectorKey (tsc fails on this file if it ever becomes one)
    const typo: SelectorKey = "composer.sned";
    expect(CATALOG_KEYS).not.toContain(typo);
    expect(CATALOG_KEYS).toContain("composer.send" satisfies SelectorKey);
  });

  it("lists each key once, with candidates that all validate", () => {
    expect(new Set(CATALOG_KEYS).size).toBe(CATALOG_KEYS.length);
    for (const entry of SELECTOR_CATALOG) {
      expect(entry.candidates.length, entry.key).toBeGreaterThan(0);
      for (const c of entry.candidates)
        expect(() => validateCandidate(c.strategy, c.candidate), `${entry.key}: ${c.candidate}`).not.toThrow();
    }
  });

  it("marks the elements that get clicked or typed into as interactive, and nothing else", () => {
    const interactive = CATALOG_KEYS.filter((key) => isInteractiveKey(key));
    expect(interactive.sort()).toEqual([
      "birthday.card.connect_button",
      "birthday.card.message_button",
      "birthday.load_more",
      "composer.close",
      "composer.send",
      "composer.share_prompt_dismiss",
      "composer.textbox",
      "profile.about_see_more",
      "search.next",
    ]);
    expect(isInteractiveKey(parseSelectorKey("feed.start_post"))).toBe(false);
  });

  it("builds each text warning sign's entry from its row: the same pattern the page text is read with", () => {
    for (const sign of TEXT_WARNING_SIGNS) {
      const entry = catalogEntry(sign.key);
      expect(entry?.candidates.filter((c) => c.strategy === "text").map((c) => c.candidate)).toEqual([
        String(sign.text),
      ]);
      expect(entry?.candidates.filter((c) => c.strategy === "css").map((c) => c.candidate)).toEqual(sign.css);
    }
    for (const sign of WARNING_SIGNS) expect(CATALOG_KEYS, sign.code).toContain(sign.key);
  });

  it("accepts a person's key that looks like the catalog's and refuses anything else", () => {
    expect(parseSelectorKey("feed.start_post")).toBe("feed.start_post");
    for (const bad of ["Bad Key", "composer", "composer.", ".send", `a.${"b".repeat(100)}`]) {
      expect(() => parseSelectorKey(bad), bad).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
    }
  });
});
