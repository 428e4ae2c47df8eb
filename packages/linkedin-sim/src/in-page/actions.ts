/**
 * What the page script does when an element is clicked or edited, by element id. The server
 * writes these into `window.__simWiring` as it renders (`Wiring`), and the page script (JSDoc
 * types from here) acts on them, so the markup itself carries no hook a selector could lean on:
 * ids look like Ember's (`ember123`, variant a) or React's (`:r4f:`, variants b and c).
 */
export type Action =
  | { t: "message"; to: string }
  | { t: "honeypot" }
  | { t: "connect"; to: string; kind: "connect" | "follow"; done: string }
  | { t: "close"; bubble: string }
  | { t: "minimize"; body: string }
  | { t: "box"; send: string; placeholder?: string }
  | { t: "send"; to: string; box: string; thread: string }
  | { t: "form" }
  | { t: "list"; src: string; next: number | null; sentinel: string; more?: string }
  | { t: "sentinel"; list: string }
  | { t: "more"; list: string }
  | { t: "nav"; href: string }
  | { t: "search" }
  | { t: "overlay"; conversations: string }
  | { t: "compose"; to: string; body: string }
  | { t: "field"; send: string }
  | { t: "popupSend"; to: string; box: string; popup: string; error: string }
  | { t: "shareNo"; prompt: string }
  | { t: "shareYes"; prompt: string };
