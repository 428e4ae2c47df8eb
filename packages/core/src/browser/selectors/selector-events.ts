import type { Logger } from "pino";
import { firstLine } from "../../errors/first-line.js";
import type { LookupKey } from "./catalog.js";

/** What the engine tells its owner (a run writes them as run events). */
export type SelectorEvent =
  | { type: "selector.miss"; key: LookupKey; url: string; screenshot: string | null; html: string | null }
  | { type: "selector.learned"; key: LookupKey; candidate: string; from: { strategy: string; candidate: string } }
  | { type: "selector.fallback"; key: LookupKey; candidate: string; strategy: string };

export type SelectorEventHandler = (event: SelectorEvent) => void | Promise<void>;

/** Delivers events to the handler; a handler that fails is logged, never fails a lookup. */
export function selectorEventSink(
  handler: SelectorEventHandler | undefined,
  log: Logger | undefined,
): (event: SelectorEvent) => Promise<void> {
  return async (event) => {
    try {
      await handler?.(event);
    } catch (error) {
      log?.warn({ err: firstLine(error) }, "selector event handler failed");
    }
  };
}
