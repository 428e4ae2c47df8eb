/** @type {import("prettier").Config} */
const config = {
  printWidth: 120,
  trailingComma: "all",
  // Markup in html`` templates (the simulator's pages) is a fixture written by hand: never reflowed.
  embeddedLanguageFormatting: "off",
  // Markdown keeps its hand-wrapped prose; YAML and JSON follow the defaults.
  overrides: [{ files: "*.md", options: { proseWrap: "preserve" } }],
};

export default config;
