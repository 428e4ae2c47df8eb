import { parser } from "@prometheus-io/lezer-promql";

/**
 * Every metric name an expression reads (the identifiers of its vector selectors), parsed with
 * Prometheus' own PromQL grammar. Throws on a syntax error, naming where it is.
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const tree = parser.parse(expr);
  // An object, so TypeScript sees the callback's assignment (a `let` would be narrowed to null).
  const found: { error: number | null } = { error: null };
  tree.iterate({
    enter(node) {
      if (node.type.isError && found.error === null) found.error = node.from;
      if (node.name === "VectorSelector") {
        const identifier = node.node.getChild("Identifier");
        if (identifier) names.add(expr.slice(identifier.from, identifier.to));
      }
    },
  });
  if (found.error !== null) throw new Error(`PromQL syntax error at offset ${found.error}: ${expr}`);
  return [...names];
}
