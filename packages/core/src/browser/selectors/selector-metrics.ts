import { Counter, type Registry } from "prom-client";
import type { LookupKey } from "./catalog.js";

/** How a lookup ended: the top candidate, a lower one, a lower one whose CSS was learned, nothing. */
export type SelectorOutcome = "hit" | "fallback" | "learned" | "miss";

const METRIC = "nudge_selector_resolutions_total";

/** The resolutions counter on `registry` (created once per registry). */
export function selectorResolutionsCounter(registry: Registry): Counter<"key" | "outcome"> {
  const existing = registry.getSingleMetric(METRIC);
  if (existing) return existing as Counter<"key" | "outcome">;
  return new Counter({
    name: METRIC,
    help: "Selector resolutions by logical key and outcome (hit, fallback, learned, miss).",
    labelNames: ["key", "outcome"],
    registers: [registry],
  });
}

/** Counts outcomes in the registry an engine was given; without one, counts nothing. */
export class SelectorMetrics {
  readonly #counter: Counter<"key" | "outcome"> | undefined;

  constructor(registry?: Registry) {
    this.#counter = registry ? selectorResolutionsCounter(registry) : undefined;
  }

  count(key: LookupKey, outcome: SelectorOutcome, times = 1): void {
    this.#counter?.inc({ key, outcome }, times);
  }
}
