import type { HeuristicConfig } from "./catalog.js";

/**
 * Code that runs inside the page. It is written as JavaScript source and compiled with
 * `new Function` on the Node side: Playwright ships a function to the page as its `toString()`,
 * and a TypeScript function would carry the transpiler's helpers (tsx's `__name`), which do not
 * exist in the page. `new Function` (not `eval` in the page) also keeps LinkedIn's CSP out of it.
 */

const LIB = String.raw`
function nudgeVisible(el, interactive) {
  if (!el || !el.isConnected || el.nodeType !== 1) return false;
  var win = el.ownerDocument.defaultView;
  var rect = el.getBoundingClientRect();
  // Zero-size and screen-reader-only (1 px) elements.
  if (rect.width < 2 || rect.height < 2) return false;
  // Pushed off the page to the left or top, or past its right edge: a classic honeypot.
  var docEl = el.ownerDocument.documentElement;
  var pageWidth = Math.max(docEl.scrollWidth, win.innerWidth);
  if (rect.right + win.scrollX <= 0 || rect.bottom + win.scrollY <= 0 || rect.left + win.scrollX >= pageWidth) return false;
  var own = win.getComputedStyle(el);
  // visibility is inherited and can be overridden by a child, so the element's own value decides.
  if (own.visibility === "hidden" || own.visibility === "collapse") return false;
  for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
    var st = node === el ? own : win.getComputedStyle(node);
    if (st.display === "none") return false;
    if (parseFloat(st.opacity) < 0.1) return false;
    if (st.clipPath === "inset(100%)" || st.clip === "rect(0px, 0px, 0px, 0px)") return false;
    if (interactive) {
      if (node.getAttribute("aria-hidden") === "true") return false;
      if (node.hasAttribute("inert")) return false;
      if (st.pointerEvents === "none") return false;
    }
  }
  return true;
}
function nudgeHeuristic(els, c, interactive) {
  var w = c.weights || {};
  var wText = w.text == null ? 40 : w.text, wVisible = w.visible == null ? 30 : w.visible, wAria = w.aria == null ? 30 : w.aria;
  var threshold = c.threshold == null ? 65 : c.threshold;
  var pos = (c.positive || []).map(function (k) { return k.toLowerCase(); });
  var neg = (c.negative || []).map(function (k) { return k.toLowerCase(); });
  function bigrams(s) { var out = []; for (var i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2)); return out; }
  function ratio(a, b) {
    if (a === b) return 1;
    var x = bigrams(a), y = bigrams(b);
    if (x.length === 0 || y.length === 0) return 0;
    var hits = 0, pool = y.slice();
    for (var i = 0; i < x.length; i++) { var j = pool.indexOf(x[i]); if (j >= 0) { hits++; pool.splice(j, 1); } }
    return (2 * hits) / (x.length + y.length);
  }
  var best = -1, bestScore = -1;
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    var text = nudgeText(el);
    var lower = text.toLowerCase();
    var aria = (el.getAttribute("aria-label") || "").toLowerCase();
    if (neg.some(function (k) { return lower.indexOf(k) >= 0 || aria.indexOf(k) >= 0; })) continue;
    if (c.minLength != null && text.length < c.minLength) continue;
    if (c.maxLength != null && text.length > c.maxLength) continue;
    if (!nudgeVisible(el, interactive)) continue;
    var score = wVisible;
    if (pos.some(function (k) { return lower.indexOf(k) >= 0; })) score += wText;
    else if (pos.length > 0) {
      var r = Math.max.apply(null, pos.map(function (k) { return ratio(k, lower); }));
      if (r > 0.8) score += wText * r;
    }
    if (aria && pos.some(function (k) { return aria.indexOf(k) >= 0; })) score += wAria;
    if (score > bestScore) { best = i; bestScore = score; }
  }
  return bestScore >= threshold ? best : -1;
}
function nudgeText(el) {
  return ((el.innerText || el.textContent || "") + "").replace(/\s+/g, " ").trim();
}
`;

function compile<F>(params: string[], body: string): F {
  return new Function(...params, `${LIB}\n${body}`) as F;
}

/** Indices of the elements that are really visible (first only unless `all`). */
export const visibleIndices = compile<(els: unknown[], arg: { interactive: boolean; all: boolean }) => number[]>(
  ["els", "arg"],
  String.raw`
  var out = [];
  for (var i = 0; i < els.length; i++) {
    if (nudgeVisible(els[i], arg.interactive)) { out.push(i); if (!arg.all) break; }
  }
  return out;
`,
);

/**
 * The original bot's scored heuristic (seed inventory §7.3): negative keywords disqualify,
 * visibility, a positive keyword in the text (or a close fuzzy match) and in aria-label add their
 * weights; the best score at or above the threshold wins. Invisible elements never win.
 */
export const heuristicPick = compile<(els: unknown[], arg: { config: HeuristicConfig; interactive: boolean }) => number>(
  ["els", "arg"],
  "return nudgeHeuristic(els, arg.config, arg.interactive);",
);

/**
 * Plain-CSS selectors that find this element again inside `scope` (or the document), most stable
 * first; each one is verified to select this very element as the first visible match. Attribute
 * values that carry a person's name are cut to their stable prefix ("Send message to …").
 */
export const deriveCssCandidates = compile<(el: unknown, arg: { scope: unknown; interactive: boolean }) => string[]>(
  ["el", "arg"],
  String.raw`
  var root = arg.scope || el.ownerDocument;
  var tag = el.tagName.toLowerCase();
  function q(v) { return JSON.stringify(v); }
  function looksGenerated(v) { return /\d{3,}|^ember|^:r|[0-9a-f]{8,}/i.test(v); }
  var out = [];
  if (el.id && !looksGenerated(el.id)) out.push("#" + CSS.escape(el.id));
  ["data-testid", "data-view-name", "data-control-name", "name"].forEach(function (a) {
    var v = el.getAttribute(a);
    if (v && !looksGenerated(v)) out.push(tag + "[" + a + "=" + q(v) + "]");
  });
  var aria = el.getAttribute("aria-label");
  if (aria) {
    // Keep the words before the first capitalised word after the first one: the name.
    var words = aria.split(/\s+/), keep = [];
    for (var i = 0; i < words.length; i++) {
      if (i > 0 && /^\p{Lu}/u.test(words[i])) break;
      keep.push(words[i]);
    }
    if (keep.length === words.length) out.push(tag + "[aria-label=" + q(aria) + "]");
    else if (keep.length > 0) out.push(tag + "[aria-label^=" + q(keep.join(" ") + " ") + "]");
  }
  var role = el.getAttribute("role");
  var classes = Array.prototype.slice.call(el.classList).filter(function (k) { return !/active|hover|focus|selected|visible|hidden|ember|--\d/.test(k); });
  if (classes.length > 0) out.push(tag + classes.slice(0, 3).map(function (k) { return "." + CSS.escape(k); }).join(""));
  if (role) out.push(tag + "[role=" + q(role) + "]" + (el.getAttribute("contenteditable") === "true" ? "[contenteditable=\"true\"]" : ""));
  var type = el.getAttribute("type");
  if (type && tag === "button") out.push("button[type=" + q(type) + "]");
  // A bare element (a <span> in a styled <p>): anchor it on its parent's class.
  var parent = el.parentElement;
  if (parent && parent !== root) {
    var parentClasses = Array.prototype.slice.call(parent.classList).filter(function (k) { return !/active|hover|focus|selected|visible|hidden|ember|--\d/.test(k); });
    if (parentClasses.length > 0) out.push(parent.tagName.toLowerCase() + "." + CSS.escape(parentClasses[0]) + " > " + tag);
  }
  var verified = [];
  for (var j = 0; j < out.length; j++) {
    var found = null;
    try {
      var list = root.querySelectorAll(out[j]);
      for (var k = 0; k < list.length; k++) if (nudgeVisible(list[k], arg.interactive)) { found = list[k]; break; }
    } catch (e) { found = null; }
    if (found === el && verified.indexOf(out[j]) < 0) verified.push(out[j]);
  }
  return verified;
`,
);

export interface ClickCheck {
  ok: boolean;
  reason?: string;
}

/** Why an element must not be clicked (honeypot rules), or ok. */
export const clickCheck = compile<(el: unknown) => ClickCheck>(
  ["el"],
  String.raw`
  if (!el.isConnected) return { ok: false, reason: "detached" };
  var rect = el.getBoundingClientRect();
  if (rect.width < 2 || rect.height < 2) return { ok: false, reason: "zero-size" };
  if (!nudgeVisible(el, true)) return { ok: false, reason: "invisible, off-screen, aria-hidden or not clickable" };
  if (el.disabled === true || el.getAttribute("aria-disabled") === "true") return { ok: false, reason: "disabled" };
  return { ok: true };
`,
);

/** Text of the element, whitespace collapsed. */
export const elementText = compile<(el: unknown) => string>(["el"], "return nudgeText(el);");

/**
 * The text a signal check reads: banners and dialogs always; the whole body only on a bare page
 * (no global navigation), so a headline saying "security check" on a results page is not read as
 * a checkpoint.
 */
export const signalTexts = compile<() => { regions: string; body: string | null }>(
  [],
  String.raw`
  var doc = document;
  var regions = Array.prototype.slice.call(doc.querySelectorAll("[role='alert'], [role='alertdialog'], [role='dialog'], .artdeco-global-alert, .artdeco-toast-item"))
    .map(function (el) { return nudgeText(el); }).join("\n").slice(0, 10000);
  var hasNav = !!doc.querySelector("#global-nav, header nav, nav[aria-label]");
  var body = hasNav || !doc.body ? null : nudgeText(doc.body).slice(0, 10000);
  return { regions: regions, body: body };
`,
);

/**
 * For each plain-CSS candidate: 1 when it has a visible match under `root`, 0 when not, -1 when
 * the browser's CSS cannot parse it (Playwright-only syntax such as `:has-text()`). One round
 * trip rules out every dead CSS candidate at once.
 */
const CSS_PROBE = String.raw`
  var base = root && root.querySelectorAll ? root : document;
  return arg.list.map(function (css) {
    var els;
    try { els = base.querySelectorAll(css); } catch (e) { return -1; }
    for (var i = 0; i < els.length; i++) if (nudgeVisible(els[i], arg.interactive) && (!arg.has || els[i].querySelector(arg.has))) return 1;
    return 0;
  });
`;
export const cssProbe = compile<(root: unknown, arg: { list: string[]; interactive: boolean; has?: string }) => number[]>(["root", "arg"], CSS_PROBE);
/** `cssProbe` over the whole document (for `page.evaluate`). */
export const cssProbeDocument = compile<(arg: { list: string[]; interactive: boolean; has?: string }) => number[]>(["arg"], `var root = null;\n${CSS_PROBE}`);

/** A candidate as `readKeys` sees it; `role` carries what is needed to rule it out in the page. */
export type ReadCandidateSpec =
  | { strategy: "css"; css: string }
  | { strategy: "heuristic"; config: HeuristicConfig }
  | { strategy: "role"; role: string; name?: { source: string; flags: string } | { exact: string }; level?: number }
  | { strategy: "other" };

/** One logical key for `readKeys`: its ranked candidates and what to read from the winner. */
export interface ReadKeySpec {
  interactive: boolean;
  read: "text" | "href" | "exists";
  /** A regex source the winner's href must match (e.g. a profile link). */
  hrefPattern?: string;
  candidates: ReadCandidateSpec[];
}

/**
 * Per candidate, in rank order: "h" matched (the scan stops there and `value` is read from it),
 * "m" no match, "p" only Playwright can tell (role and text candidates that could not be ruled
 * out, Playwright-only CSS).
 */
export interface ReadKeyResult {
  statuses: string;
  value: string | boolean | null;
}

const READ_LIB = String.raw`
var ROLE_TAGS = {
  button: "button, [role=button], input[type=button], input[type=submit], input[type=reset], summary",
  link: "a[href], area[href], [role=link]",
  heading: "h1, h2, h3, h4, h5, h6, [role=heading]",
  textbox: "input:not([type]), input[type=text], input[type=email], input[type=search], input[type=tel], input[type=url], textarea, [role=textbox], [contenteditable], [role=searchbox]",
  listitem: "li, [role=listitem]",
  list: "ul, ol, menu, [role=list]",
  navigation: "nav, [role=navigation]",
  dialog: "dialog, [role=dialog], [role=alertdialog]",
  combobox: "select, input, [role=combobox]",
  complementary: "aside, [role=complementary]"
};
function nudgeNames(el) {
  var out = [nudgeText(el), (el.textContent || "").replace(/\s+/g, " ").trim()];
  ["aria-label", "title", "placeholder", "value", "alt"].forEach(function (a) { var v = el.getAttribute(a); if (v) out.push(v); });
  var ids = el.getAttribute("aria-labelledby");
  if (ids) ids.split(/\s+/).forEach(function (id) { var n = el.ownerDocument.getElementById(id); if (n) out.push((n.textContent || "").replace(/\s+/g, " ").trim()); });
  Array.prototype.forEach.call(el.querySelectorAll("img[alt], svg[aria-label]"), function (i) { out.push(i.getAttribute("alt") || i.getAttribute("aria-label") || ""); });
  out.push(out.join(" "));
  return out;
}
// Conservative: true unless no element could possibly match (then Playwright need not be asked).
function nudgeRoleMaybe(base, c, interactive) {
  var sel = ROLE_TAGS[c.role];
  if (!sel) return true;
  var els;
  try { els = base.querySelectorAll(sel + ", [role=" + c.role + "]"); } catch (e) { return true; }
  var re = c.name && c.name.source != null ? new RegExp(c.name.source, c.name.flags.replace("g", "")) : null;
  var exact = c.name && c.name.exact != null ? c.name.exact.toLowerCase() : null;
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    if (!nudgeVisible(el, interactive)) continue;
    if (!c.name) return true;
    var names = nudgeNames(el);
    for (var j = 0; j < names.length; j++) {
      if (re && re.test(names[j])) return true;
      if (exact != null && names[j].toLowerCase().indexOf(exact) >= 0) return true;
    }
  }
  return false;
}
// querySelectorAll, plus Playwright's trailing :has-text("...") (a case-insensitive substring of
// the element's text); null for any other Playwright-only syntax.
function nudgeQuery(base, css) {
  try { return base.querySelectorAll(css); } catch (e) { /* Playwright syntax */ }
  var m = /^(.*?):has-text\(\s*(["'])(.*?)\2\s*\)$/.exec(css);
  if (!m) return null;
  var list;
  try { list = base.querySelectorAll(m[1] || "*"); } catch (e) { return null; }
  var needle = m[3].toLowerCase();
  return Array.prototype.filter.call(list, function (el) { return (el.textContent || "").replace(/\s+/g, " ").toLowerCase().indexOf(needle) >= 0; });
}
function nudgeReadKey(base, k) {
  function ok(el) {
    if (!k.hrefPattern) return true;
    var href = el.getAttribute("href");
    return href != null && new RegExp(k.hrefPattern).test(href);
  }
  function value(el) {
    if (k.read === "text") return nudgeText(el);
    if (k.read === "href") return el.getAttribute("href") || "";
    return true;
  }
  var statuses = "";
  for (var i = 0; i < k.candidates.length; i++) {
    var c = k.candidates[i];
    if (c.strategy === "css") {
      var els = nudgeQuery(base, c.css);
      if (els === null) { statuses += "p"; continue; }
      for (var j = 0; j < els.length; j++) {
        if (nudgeVisible(els[j], k.interactive) && ok(els[j])) return { statuses: statuses + "h", value: value(els[j]) };
      }
      statuses += "m";
    } else if (c.strategy === "heuristic") {
      var list;
      try { list = base.querySelectorAll(c.config.candidates); } catch (e) { statuses += "p"; continue; }
      var idx = nudgeHeuristic(list, c.config, k.interactive);
      if (idx >= 0 && ok(list[idx])) return { statuses: statuses + "h", value: value(list[idx]) };
      statuses += "m";
    } else if (c.strategy === "role") {
      statuses += nudgeRoleMaybe(base, c, k.interactive) ? "p" : "m";
    } else {
      statuses += "p";
    }
  }
  return { statuses: statuses, value: null };
}
`;

const READ_KEYS = String.raw`
  var base = root && root.querySelectorAll ? root : document;
  return arg.keys.map(function (k) { return nudgeReadKey(base, k); });
`;
/** Several keys inside one scope, in one round trip. */
export const readKeys = compile<(root: unknown, arg: { keys: ReadKeySpec[] }) => ReadKeyResult[]>(["root", "arg"], READ_LIB + READ_KEYS);
export const readKeysDocument = compile<(arg: { keys: ReadKeySpec[] }) => ReadKeyResult[]>(["arg"], `var root = null;\n${READ_LIB}${READ_KEYS}`);

/**
 * The same keys inside each visible element of a list (the k-th visible match of `listCss` is
 * the k-th item), from item `from` on: one round trip for a whole page of cards.
 */
export const readEach = compile<(arg: { listCss: string; listInteractive: boolean; listHas?: string; from: number; keys: ReadKeySpec[] }) => { count: number; items: ReadKeyResult[][] }>(
  ["arg"],
  READ_LIB +
    String.raw`
  var all = Array.prototype.filter.call(document.querySelectorAll(arg.listCss), function (el) {
    return nudgeVisible(el, arg.listInteractive) && (!arg.listHas || el.querySelector(arg.listHas));
  });
  var items = all.slice(arg.from).map(function (el) { return arg.keys.map(function (k) { return nudgeReadKey(el, k); }); });
  return { count: all.length, items: items };
`,
);
