// @ts-check
/**
 * Everything the engine runs inside the page. `in-page.ts` reads this file once and hands it to
 * Playwright as the source of the function to evaluate, so the file is one function declaration
 * of plain browser JavaScript: no imports, no transpiler helpers, and nothing left behind in the
 * page between calls (docs/decisions/in-page-scripts.md). Its types come from `protocol.ts`.
 *
 * @typedef {import("./protocol.js").InPageCall<Element>} Call
 * @typedef {import("./protocol.js").InPageResult} Result
 * @typedef {import("./protocol.js").ReadKeySpec} ReadKeySpec
 * @typedef {Element | Document} Root
 */

/**
 * Playwright calls it with the element (`Locator.evaluate`), the elements (`evaluateAll`) or
 * nothing (`Page.evaluate`) first, then the call.
 *
 * @param {unknown} first
 * @param {Call} [second]
 * @returns {unknown}
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- in-page.ts hands this declaration to Playwright
function nudgeInPage(first, second) {
  "use strict";
  const call = second ?? /** @type {Call} */ (first);
  const target = second === undefined ? null : first;

  /** Really visible to a person: the honeypot rules (docs/linkedin-pages.md#honeypots). */
  function isVisible(/** @type {Element} */ el, /** @type {boolean} */ interactive) {
    if (!el || !el.isConnected || el.nodeType !== 1) return false;
    const win = el.ownerDocument.defaultView ?? window;
    const rect = el.getBoundingClientRect();
    // Zero-size and screen-reader-only (1 px) elements.
    if (rect.width < 2 || rect.height < 2) return false;
    // Pushed off the page to the left or top, or past its right edge: a classic honeypot. What
    // any scrolling element scrolled away counts too (a list scrolling inside <main>, not the
    // window, moves its first cards above the viewport: they are still on the page).
    const docEl = el.ownerDocument.documentElement;
    const pageWidth = Math.max(docEl.scrollWidth, win.innerWidth);
    let scrolledX = win.scrollX;
    let scrolledY = win.scrollY;
    for (let n = el.parentElement; n && n !== docEl; n = n.parentElement) {
      scrolledX += n.scrollLeft;
      scrolledY += n.scrollTop;
    }
    if (rect.right + scrolledX <= 0 || rect.bottom + scrolledY <= 0 || rect.left + scrolledX >= pageWidth) return false;
    const own = win.getComputedStyle(el);
    // visibility is inherited and can be overridden by a child, so the element's own value decides.
    if (own.visibility === "hidden" || own.visibility === "collapse") return false;
    for (let node = /** @type {Element | null} */ (el); node && node.nodeType === 1; node = node.parentElement) {
      const st = node === el ? own : win.getComputedStyle(node);
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

  /** Text of the element, whitespace collapsed. */
  const textOf = (/** @type {Element} */ el) =>
    String(/** @type {HTMLElement} */ (el).innerText || el.textContent || "")
      .replace(/\s+/g, " ")
      .trim();

  /**
   * The original bot's scored heuristic: negative keywords disqualify; visibility, a positive
   * keyword in the text (or a close fuzzy match) and in aria-label add their weights; the best
   * score at or above the threshold wins. Invisible elements never win.
   *
   * @param {ArrayLike<Element>} els
   * @param {import("./protocol.js").HeuristicConfig} c
   * @param {boolean} interactive
   */
  function heuristicPick(els, c, interactive) {
    // The weights are validated numbers (candidate.ts), never null.
    const { text: wText = 40, visible: wVisible = 30, aria: wAria = 30 } = c.weights ?? {};
    const threshold = c.threshold ?? 65;
    const pos = (c.positive ?? []).map((k) => k.toLowerCase());
    const neg = (c.negative ?? []).map((k) => k.toLowerCase());
    /** @param {string} s */
    const bigrams = (s) => Array.from({ length: Math.max(s.length - 1, 0) }, (_, i) => s.slice(i, i + 2));
    /** Dice coefficient over bigrams. @param {string} a @param {string} b */
    const ratio = (a, b) => {
      if (a === b) return 1;
      const x = bigrams(a);
      const pool = bigrams(b);
      if (x.length === 0 || pool.length === 0) return 0;
      const total = x.length + pool.length;
      let hits = 0;
      for (const gram of x) {
        const j = pool.indexOf(gram);
        if (j >= 0) {
          hits++;
          pool.splice(j, 1);
        }
      }
      return (2 * hits) / total;
    };
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < els.length; i++) {
      const el = /** @type {Element} */ (els[i]);
      const text = textOf(el);
      const lower = text.toLowerCase();
      const aria = (el.getAttribute("aria-label") || "").toLowerCase();
      if (neg.some((k) => lower.includes(k) || aria.includes(k))) continue;
      if (c.minLength != null && text.length < c.minLength) continue;
      if (c.maxLength != null && text.length > c.maxLength) continue;
      if (!isVisible(el, interactive)) continue;
      let score = wVisible;
      if (pos.some((k) => lower.includes(k))) score += wText;
      else if (pos.length > 0) {
        const r = Math.max(...pos.map((k) => ratio(k, lower)));
        if (r > 0.8) score += wText * r;
      }
      if (aria && pos.some((k) => aria.includes(k))) score += wAria;
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    return bestScore >= threshold ? best : -1;
  }

  /** Classes that change with state or are generated: useless in a learned selector. */
  const UNSTABLE_CLASS = /active|hover|focus|selected|visible|hidden|ember|--\d/;

  /**
   * Plain-CSS selectors that find this element again inside `scope` (or the document), most
   * stable first; each one is verified to select this very element as the first visible match.
   * Attribute values that carry a person's name are cut to their stable prefix ("Send message
   * to …").
   *
   * @param {Element} el
   * @param {Element | null} scope
   * @param {boolean} interactive
   */
  function deriveCssCandidates(el, scope, interactive) {
    const root = scope || el.ownerDocument;
    const tag = el.tagName.toLowerCase();
    /** @param {string} v */
    const q = (v) => JSON.stringify(v);
    /** @param {string} v */
    const looksGenerated = (v) => /\d{3,}|^ember|^:r|[0-9a-f]{8,}/i.test(v);
    /** @type {string[]} */
    const out = [];
    if (el.id && !looksGenerated(el.id)) out.push("#" + CSS.escape(el.id));
    for (const a of ["data-testid", "data-view-name", "data-control-name", "name"]) {
      const v = el.getAttribute(a);
      if (v && !looksGenerated(v)) out.push(tag + "[" + a + "=" + q(v) + "]");
    }
    const aria = el.getAttribute("aria-label");
    if (aria) {
      // Keep the words before the first capitalised word after the first one: the name.
      const words = aria.split(/\s+/);
      const keep = [];
      for (const [i, word] of words.entries()) {
        if (i > 0 && /^\p{Lu}/u.test(word)) break;
        keep.push(word);
      }
      if (keep.length === words.length) out.push(tag + "[aria-label=" + q(aria) + "]");
      else if (keep.length > 0) out.push(tag + "[aria-label^=" + q(keep.join(" ") + " ") + "]");
    }
    const role = el.getAttribute("role");
    const classes = Array.from(el.classList).filter((k) => !UNSTABLE_CLASS.test(k));
    const classCss = classes.slice(0, 3).map((k) => "." + CSS.escape(k));
    if (classes.length > 0) out.push(tag + classCss.join(""));
    const editable = el.getAttribute("contenteditable") === "true" ? '[contenteditable="true"]' : "";
    if (role) out.push(tag + "[role=" + q(role) + "]" + editable);
    const type = el.getAttribute("type");
    if (type && tag === "button") out.push("button[type=" + q(type) + "]");
    // A bare element (a <span> in a styled <p>): anchor it on its parent's class.
    const parent = el.parentElement;
    if (parent && parent !== root) {
      const anchor = Array.from(parent.classList).find((k) => !UNSTABLE_CLASS.test(k));
      if (anchor) out.push(parent.tagName.toLowerCase() + "." + CSS.escape(anchor) + " > " + tag);
    }
    /** @type {string[]} */
    const verified = [];
    for (const css of out) {
      let found = null;
      try {
        found = Array.from(root.querySelectorAll(css)).find((candidate) => isVisible(candidate, interactive));
      } catch {
        // not CSS the browser can parse: not a candidate
      }
      if (found === el && !verified.includes(css)) verified.push(css);
    }
    return verified;
  }

  /** The scope of a call: the element Playwright passed, or the whole document. */
  const rootOf = (/** @type {any} */ scope) =>
    /** @type {Root} */ (scope && typeof scope.querySelectorAll === "function" ? scope : document);

  /**
   * For each plain-CSS candidate: 1 when it has a visible match under `root`, 0 when not, -1
   * when the browser's CSS cannot parse it (Playwright-only syntax such as `:has-text()`). One
   * round trip rules out every dead CSS candidate at once.
   *
   * @param {Root} root
   * @param {string[]} list
   * @param {boolean} interactive
   * @param {string} [has]
   */
  function cssProbe(root, list, interactive, has) {
    return list.map((css) => {
      let els;
      try {
        els = root.querySelectorAll(css);
      } catch {
        return -1;
      }
      return Array.from(els).some((el) => isVisible(el, interactive) && (!has || el.querySelector(has))) ? 1 : 0;
    });
  }

  /** Elements that can carry each ARIA role the catalog uses, explicit or implicit. */
  const ROLE_TAGS = /** @type {Record<string, string>} */ ({
    button: "button, [role=button], input[type=button], input[type=submit], input[type=reset], summary",
    link: "a[href], area[href], [role=link]",
    heading: "h1, h2, h3, h4, h5, h6, [role=heading]",
    textbox:
      "input:not([type]), input[type=text], input[type=email], input[type=search], input[type=tel], " +
      "input[type=url], textarea, [role=textbox], [contenteditable], [role=searchbox]",
    listitem: "li, [role=listitem]",
    list: "ul, ol, menu, [role=list]",
    navigation: "nav, [role=navigation]",
    dialog: "dialog, [role=dialog], [role=alertdialog]",
    combobox: "select, input, [role=combobox]",
    complementary: "aside, [role=complementary]",
  });

  /** Every string an accessible name could be made of (a superset: this only rules out). */
  function nameParts(/** @type {Element} */ el) {
    const collapse = (/** @type {string | null} */ s) => (s || "").replace(/\s+/g, " ").trim();
    const out = [textOf(el), collapse(el.textContent)];
    for (const a of ["aria-label", "title", "placeholder", "value", "alt"]) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
    const ids = el.getAttribute("aria-labelledby");
    for (const id of ids ? ids.split(/\s+/) : []) {
      const n = el.ownerDocument.getElementById(id);
      if (n) out.push(collapse(n.textContent));
    }
    for (const i of el.querySelectorAll("img[alt], svg[aria-label]"))
      out.push(i.getAttribute("alt") || i.getAttribute("aria-label") || "");
    out.push(out.join(" "));
    return out;
  }

  /**
   * Conservative: true unless no element could possibly match (then Playwright need not be asked).
   *
   * @param {Root} base
   * @param {Extract<ReadKeySpec["candidates"][number], { strategy: "role" }>} c
   * @param {boolean} interactive
   */
  function roleMaybe(base, c, interactive) {
    const sel = ROLE_TAGS[c.role];
    if (!sel) return true;
    let els;
    try {
      els = base.querySelectorAll(sel + ", [role=" + c.role + "]");
    } catch {
      return true;
    }
    const re = c.name && "source" in c.name ? new RegExp(c.name.source, c.name.flags.replace("g", "")) : null;
    const exact = c.name && "exact" in c.name ? c.name.exact.toLowerCase() : null;
    for (const el of els) {
      if (!isVisible(el, interactive)) continue;
      if (!c.name) return true;
      for (const name of nameParts(el)) {
        if (re && re.test(name)) return true;
        if (exact != null && name.toLowerCase().includes(exact)) return true;
      }
    }
    return false;
  }

  /**
   * querySelectorAll, plus Playwright's trailing :has-text("...") (a case-insensitive substring
   * of the element's text); null for any other Playwright-only syntax.
   *
   * @param {Root} base
   * @param {string} css
   * @returns {ArrayLike<Element> | null}
   */
  function query(base, css) {
    try {
      return base.querySelectorAll(css);
    } catch {
      // Playwright syntax
    }
    const m = /^(.*?):has-text\(\s*(["'])(.*?)\2\s*\)$/.exec(css);
    if (!m) return null;
    let list;
    try {
      list = base.querySelectorAll(m[1] || "*");
    } catch {
      return null;
    }
    const needle = String(m[3]).toLowerCase();
    return Array.from(list).filter((el) => (el.textContent || "").replace(/\s+/g, " ").toLowerCase().includes(needle));
  }

  /**
   * One key of a batch read: its candidates in rank order until one matches.
   *
   * @param {Root} base
   * @param {ReadKeySpec} k
   * @param {typeof import("./protocol.js").READ_STATUS} codes
   * @returns {import("./protocol.js").ReadKeyResult}
   */
  function readKey(base, k, codes) {
    const ok = (/** @type {Element} */ el) => {
      if (!k.hrefPattern) return true;
      const href = el.getAttribute("href");
      return href != null && new RegExp(k.hrefPattern).test(href);
    };
    const value = (/** @type {Element} */ el) => {
      if (k.read === "text") return textOf(el);
      if (k.read === "href") return el.getAttribute("href") || "";
      return true;
    };
    let statuses = "";
    for (const c of k.candidates) {
      if (c.strategy === "css") {
        const els = query(base, c.css);
        if (els === null) {
          statuses += codes.askPlaywright;
          continue;
        }
        const hit = Array.from(els).find((el) => isVisible(el, k.interactive) && ok(el));
        if (hit) return { statuses: statuses + codes.matched, value: value(hit) };
        statuses += codes.noMatch;
      } else if (c.strategy === "heuristic") {
        let list;
        try {
          list = base.querySelectorAll(c.config.candidates);
        } catch {
          statuses += codes.askPlaywright;
          continue;
        }
        const picked = list[heuristicPick(list, c.config, k.interactive)];
        if (picked && ok(picked)) return { statuses: statuses + codes.matched, value: value(picked) };
        statuses += codes.noMatch;
      } else if (c.strategy === "role") {
        statuses += roleMaybe(base, c, k.interactive) ? codes.askPlaywright : codes.noMatch;
      } else {
        statuses += codes.askPlaywright;
      }
    }
    return { statuses, value: null };
  }

  /** @type {{ [K in Call["op"]]: (target: any, call: Extract<Call, { op: K }>) => Result[K] }} */
  const functions = {
    visibleIndices(/** @type {Element[]} */ els, c) {
      const out = [];
      for (const [i, el] of els.entries()) {
        if (isVisible(el, c.interactive)) {
          out.push(i);
          if (!c.all) break;
        }
      }
      return out;
    },
    heuristicPick: (/** @type {Element[]} */ els, c) => heuristicPick(els, c.config, c.interactive),
    deriveCssCandidates: (/** @type {Element} */ el, c) => deriveCssCandidates(el, c.scope, c.interactive),
    // Why an element must not be clicked (honeypot rules), or ok.
    clickCheck(/** @type {Element} */ el) {
      if (!el.isConnected) return { ok: false, reason: "detached" };
      const rect = el.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) return { ok: false, reason: "zero-size" };
      if (!isVisible(el, true)) return { ok: false, reason: "invisible, off-screen, aria-hidden or not clickable" };
      const disabled =
        /** @type {HTMLButtonElement} */ (el).disabled === true || el.getAttribute("aria-disabled") === "true";
      return disabled ? { ok: false, reason: "disabled" } : { ok: true };
    },
    // Scrolls the nearest ancestor that scrolls by itself (the 2026 Catch-up list scrolls inside
    // <main>, and a wheel over the page moves nothing) by one screen; false when the window scrolls.
    scrollContainer(/** @type {Element} */ el) {
      for (let n = el.parentElement; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
        const overflow = (n.ownerDocument.defaultView ?? window).getComputedStyle(n).overflowY;
        if ((overflow === "auto" || overflow === "scroll") && n.scrollHeight > n.clientHeight) {
          n.scrollBy(0, Math.max(n.clientHeight, 400));
          return true;
        }
      }
      return false;
    },
    // Whether the list this item belongs to says it is complete: the item is the list's last
    // element and nothing follows the list (no "Show more" button, no lazy-load sentinel, no
    // spinner). Anything after it, or a busy list, means more may come.
    listEnds(/** @type {Element} */ el) {
      const list = el.parentElement;
      if (!list || list === document.body) return false;
      if (list.lastElementChild !== el || list.nextElementSibling !== null) return false;
      return list.getAttribute("aria-busy") !== "true";
    },
    // A textarea's text is its value (what the person typed), not the markup it was served with.
    elementText: (/** @type {Element} */ el) =>
      el.tagName === "TEXTAREA" || el.tagName === "INPUT"
        ? String(/** @type {HTMLTextAreaElement} */ (el).value)
            .replace(/\s+/g, " ")
            .trim()
        : textOf(el),
    // Banners and dialogs always; the whole body only on a bare page (no global navigation), so
    // a headline saying "security check" on a results page is not read as a checkpoint.
    signalTexts() {
      const regionCss =
        "[role='alert'], [role='alertdialog'], [role='dialog'], .artdeco-global-alert, .artdeco-toast-item";
      const regions = Array.from(document.querySelectorAll(regionCss), textOf).join("\n").slice(0, 10000);
      const hasNav = !!document.querySelector("#global-nav, header nav, nav[aria-label]");
      return { regions, body: hasNav || !document.body ? null : textOf(document.body).slice(0, 10000) };
    },
    cssProbe: (scope, c) => cssProbe(rootOf(scope), c.list, c.interactive, c.has),
    readKeys: (scope, c) => c.keys.map((k) => readKey(rootOf(scope), k, c.codes)),
    // The k-th visible match of `listCss` is the k-th item: one round trip for a page of cards.
    readEach(_none, c) {
      const all = Array.from(document.querySelectorAll(c.listCss)).filter(
        (el) => isVisible(el, c.listInteractive) && (!c.listHas || el.querySelector(c.listHas)),
      );
      const items = all.slice(c.from).map((el) => c.keys.map((k) => readKey(el, k, c.codes)));
      return { count: all.length, items };
    },
  };
  return /** @type {(target: unknown, call: Call) => unknown} */ (functions[call.op])(target, call);
}
