/** @type {import("prettier").Config} */
const config = {
  printWidth: 120,
  trailingComma: "all",
  // Markdown keeps its hand-wrapped prose; YAML and JSON follow the defaults.
  overrides: [{ files: "*.md", options: { proseWrap: "preserve" } }],
};

export default config;
