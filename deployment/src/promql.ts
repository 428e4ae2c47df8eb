import { parser } from "@prometheus-io/lezer-promql";

/**
 * Every metric name an expression reads (the identifiers of its vector selectors), parsed with
 * Prometheus' own PromQL grammar. Throws on a syntax error, naming where it is.
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const tree = parser.parse(expr);
  let error: number | null = null;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === null) error = node.from;
      if (node.name === "VectorSelector") {
        const identifier = node.node.getChild("Identifier");
        if (identifier) names.add(expr.slice(identifier.from, identifier.to));
      }
    },
  });
  if (error !== null) throw new Error(`PromQL syntax error at offset ${error}: ${expr}`);
  return [...names];
}
