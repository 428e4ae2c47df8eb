import type { Directory } from "./directory.js";
import { raw, type SafeHtml } from "./html.js";
import type { Action } from "./in-page/actions.js";
import type { HoneypotStyle, Scenario } from "./scenario.js";
import type { SimState } from "./state.js";
import type { Texts } from "./texts.js";

export type Variant = Scenario["variant"];

export class Wiring {
  readonly actions: Record<string, Action> = {};

  constructor(
    private readonly variant: Variant,
    private readonly nextNumber: () => number,
  ) {}

  /** A fresh element id, wired to `action` when given. */
  id(action?: Action): string {
    const n = this.nextNumber();
    const id = this.variant === "a" ? `ember${n}` : `:r${n.toString(36)}:`;
    if (action) this.actions[id] = action;
    return id;
  }

  /** The inline script that hands the actions to the page script. */
  script(): SafeHtml {
    const json = JSON.stringify(this.actions).replace(/</g, "\\u003c");
    return raw(`<script>window.__simWiring=Object.assign(window.__simWiring||{},${json});</script>`);
  }
}

export interface RenderContext {
  scenario: Scenario;
  texts: Texts;
  variant: Variant;
  /** Changes with every render: SDUI's per-card class hashes are not stable across page loads. */
  renderSalt: number;
  directory: Directory;
  state: SimState;
  wiring: Wiring;
  /** Picks the hiding style of the n-th honeypot, or null when the fault is off. */
  honeypotStyle: (n: number) => HoneypotStyle | null;
}

const HONEYPOT_STYLES: HoneypotStyle[] = ["opacity", "offscreen", "display", "visibility"];

export function honeypotPicker(setting: Scenario["faults"]["honeypot"]): (n: number) => HoneypotStyle | null {
  if (setting === false) return () => null;
  if (setting === true) return (n) => HONEYPOT_STYLES[n % HONEYPOT_STYLES.length] ?? "opacity";
  return () => setting;
}

/**
 * Inline CSS for a honeypot. The absolute ones sit in the top-left corner of their card or
 * composer footer, away from every real control, so a real click never lands on them.
 */
export function honeypotCss(style: HoneypotStyle): string {
  switch (style) {
    case "display":
      return "display:none";
    case "visibility":
      return "visibility:hidden;position:absolute;top:0;left:0";
    case "opacity":
      return "opacity:0;position:absolute;top:0;left:0";
    case "offscreen":
      return "position:absolute;left:-9999px;top:0";
  }
}
