import { describe, expect, it } from "vitest";
import { compileKeywords } from "./search-query.js";

describe("compileKeywords", () => {
  const cases: [string, string, boolean][] = [
    ["", "anything", true],
    ["data engineer", "Senior Data Engineer at Acme", true],
    ["data engineer", "Data Scientist", false],
    ['"data engineer"', "Engineer of data", false],
    ["(kubernetes OR terraform) devops", "DevOps · Terraform", true],
    ["(kubernetes OR terraform) devops", "DevOps · Ansible", false],
    ['engineer NOT "product"', "Product Engineer", false],
    ["engineer AND paris", "Engineer, Paris", true],
    ["developpeur", "Développeur TypeScript", true],
    ["engineer or designer", "Designer", false],
    ["NOT (", "whatever", false],
  ];
  for (const [query, text, expected] of cases) {
    it(`${expected ? "matches" : "does not match"} ${JSON.stringify(text)} for ${JSON.stringify(query)}`, () => {
      expect(compileKeywords(query)(text)).toBe(expected);
    });
  }
});
