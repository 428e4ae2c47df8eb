// @ts-check
/**
 * The script every simulated page runs (served at `PAGE_SCRIPT_PATH`): opens composers, sends,
 * lazy-loads birthday cards, follows the pagination buttons. It knows elements only through
 * `window.__simWiring` (element id → `Action`), which the server fills as it renders, so the
 * markup needs no extra attributes.
 *
 * @typedef {import("./actions.js").Action} Action
 */
/**
 * @template {Action["t"]} K
 * @typedef {Extract<Action, { t: K }>} ActionOf
 */
(() => {
  "use strict";
  const page = /** @type {Window & { __simWiring?: Record<string, Action> }} */ (window);
  /** @type {Record<string, Action>} */
  const wiring = (page.__simWiring = page.__simWiring || {});
  const MAX_BUBBLES = 3;
  /** @type {Record<string, string>} recipient → bubble id */
  const bubblesByRecipient = {};
  /** @type {Record<string, boolean>} */
  const loading = {};

  /** @param {string} path @param {RequestInit} [init] */
  function api(path, init) {
    const headers = { "content-type": "application/json", "csrf-token": "ajax:0000000000000000000" };
    return fetch(path, Object.assign({ credentials: "same-origin", headers }, init || {}));
  }
  /** @param {EventTarget | null} node @returns {[HTMLElement, Action] | [null, null]} */
  function actionOf(node) {
    for (let n = /** @type {HTMLElement | null} */ (node); n && n.nodeType === 1; n = n.parentElement) {
      const action = n.id ? wiring[n.id] : undefined;
      if (action) return [n, action];
    }
    return [null, null];
  }
  /** @param {Action["t"]} t */
  function byType(t) {
    return Object.keys(wiring).filter((id) => wiring[id]?.t === t && document.getElementById(id));
  }
  /** @param {Record<string, Action> | undefined} more */
  function merge(more) {
    Object.assign(wiring, more || {});
  }
  /** @param {string} id */
  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

  document.addEventListener("click", (event) => {
    const [el, a] = actionOf(event.target);
    if (!el) return;
    switch (a.t) {
      case "honeypot":
        event.preventDefault();
        api("/__sim/honeypot", { method: "POST", body: "{}" });
        return;
      case "message":
        event.preventDefault();
        openComposer(a.to);
        return;
      case "compose":
        event.preventDefault();
        openPopup(a.to, a.body);
        return;
      case "popupSend":
        event.preventDefault();
        sendFromPopup(/** @type {HTMLButtonElement} */ (el), a);
        return;
      case "shareNo":
      case "shareYes": {
        event.preventDefault();
        if (a.t === "shareYes") api("/voyager/api/messaging/shareProfile", { method: "POST", body: "{}" });
        const prompt = document.getElementById(a.prompt);
        if (prompt) prompt.remove();
        return;
      }
      case "connect":
        event.preventDefault();
        connect(/** @type {HTMLButtonElement} */ (el), a);
        return;
      case "close": {
        event.preventDefault();
        const bubble = document.getElementById(a.bubble);
        if (bubble) bubble.remove();
        for (const k of Object.keys(bubblesByRecipient))
          if (bubblesByRecipient[k] === a.bubble) delete bubblesByRecipient[k];
        return;
      }
      case "minimize": {
        event.preventDefault();
        const body = document.getElementById(a.body);
        if (body) body.hidden = !body.hidden;
        return;
      }
      case "send":
        event.preventDefault();
        send(/** @type {HTMLButtonElement} */ (el), a);
        return;
      case "more":
        event.preventDefault();
        loadMore(a.list);
        return;
      case "nav":
        event.preventDefault();
        location.href = a.href;
        return;
    }
  });

  document.addEventListener("submit", (event) => {
    const [, a] = actionOf(event.target);
    if (a && a.t === "form") event.preventDefault();
  });

  document.addEventListener("input", (event) => {
    const [el, a] = actionOf(event.target);
    if (el && a.t === "box") refreshComposer(el, a);
    if (el && a.t === "field") {
      const send = /** @type {HTMLButtonElement | null} */ (document.getElementById(a.send));
      if (send) send.disabled = /** @type {HTMLTextAreaElement} */ (el).value.trim().length === 0;
    }
  });

  document.addEventListener("keydown", (event) => {
    const [el, a] = actionOf(event.target);
    if (el && a.t === "search" && event.key === "Enter") {
      const q = /** @type {HTMLInputElement} */ (el).value.trim();
      location.href = "/search/results/people/?keywords=" + encodeURIComponent(q) + "&origin=GLOBAL_SEARCH_HEADER";
    }
  });

  /** @param {HTMLElement} box */
  function textOf(box) {
    return (box.innerText || "").replace(/\u00a0/g, " ").trim();
  }
  /** @param {HTMLElement} box @param {ActionOf<"box">} a */
  function refreshComposer(box, a) {
    const hasText = textOf(box).length > 0;
    const send = /** @type {HTMLButtonElement | null} */ (document.getElementById(a.send));
    if (send) send.disabled = !hasText;
    const placeholder = a.placeholder && document.getElementById(a.placeholder);
    if (placeholder) placeholder.hidden = hasText;
  }

  /** @param {string} to */
  async function openComposer(to) {
    const conversations = byType("overlay").map((id) =>
      byId(/** @type {ActionOf<"overlay">} */ (wiring[id]).conversations),
    )[0];
    if (!conversations) return;
    const existing = bubblesByRecipient[to] && document.getElementById(bubblesByRecipient[to]);
    if (existing) {
      conversations.appendChild(existing);
      focusBox(existing);
      return;
    }
    const response = await api("/voyager/api/messaging/overlay?recipient=" + encodeURIComponent(to));
    if (!response.ok) return;
    const body = await response.json();
    merge(body.wiring);
    conversations.insertAdjacentHTML("beforeend", body.html);
    bubblesByRecipient[to] = body.bubble;
    while (conversations.children.length > MAX_BUBBLES) {
      const oldest = /** @type {Element} */ (conversations.firstElementChild);
      for (const k of Object.keys(bubblesByRecipient))
        if (bubblesByRecipient[k] === oldest.id) delete bubblesByRecipient[k];
      oldest.remove();
    }
    const bubble = document.getElementById(body.bubble);
    if (bubble) focusBox(bubble);
  }
  /** @param {HTMLElement} bubble */
  function focusBox(bubble) {
    const box = Array.from(bubble.querySelectorAll("[id]")).find((n) => wiring[n.id] && wiring[n.id]?.t === "box");
    if (box) /** @type {HTMLElement} */ (box).focus();
  }

  /** @param {HTMLButtonElement} button @param {ActionOf<"send">} a */
  async function send(button, a) {
    if (button.disabled) return;
    const box = document.getElementById(a.box);
    if (!box) return;
    const text = textOf(box);
    if (!text) return;
    button.disabled = true;
    const response = await api("/voyager/api/messaging/conversations?action=create", {
      method: "POST",
      body: JSON.stringify({ recipient: a.to, text }),
    });
    const boxAction = /** @type {ActionOf<"box">} */ (wiring[a.box]);
    if (!response.ok) {
      refreshComposer(box, boxAction);
      return;
    }
    box.innerHTML = "<p><br></p>";
    refreshComposer(box, boxAction);
    const body = await response.json();
    const thread = document.getElementById(a.thread);
    if (body.html && thread) {
      merge(body.wiring);
      thread.insertAdjacentHTML("beforeend", body.html);
      const scroller = thread.closest("[tabindex]") || thread.parentElement;
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
    }
  }

  /**
   * Variant c: the card's compose link opens one pop-up at a time (appended to the body, outside
   * `<main>`), its textarea pre-filled with the link's suggested text.
   * @param {string} to @param {string} body
   */
  async function openPopup(to, body) {
    const url =
      "/voyager/api/messaging/overlay?recipient=" + encodeURIComponent(to) + "&body=" + encodeURIComponent(body);
    const response = await api(url);
    if (!response.ok) return;
    const json = await response.json();
    merge(json.wiring);
    for (const id of byType("popupSend")) {
      const open = byId(/** @type {ActionOf<"popupSend">} */ (wiring[id]).popup);
      if (open) open.remove();
    }
    document.body.insertAdjacentHTML("beforeend", json.html);
    const popup = document.getElementById(json.bubble);
    const field = popup && popup.querySelector("textarea");
    if (field) field.focus();
  }
  /** @param {HTMLButtonElement} button @param {ActionOf<"popupSend">} a */
  async function sendFromPopup(button, a) {
    if (button.disabled) return;
    const field = /** @type {HTMLTextAreaElement | null} */ (document.getElementById(a.box));
    if (!field || !field.value.trim()) return;
    button.disabled = true;
    const response = await api("/voyager/api/messaging/conversations?action=create", {
      method: "POST",
      body: JSON.stringify({ recipient: a.to, text: field.value.trim() }),
    });
    const body = response.ok ? await response.json() : { html: null };
    if (!body.html) {
      // Nothing went out: the pop-up stays, with its text and an error line.
      const error = document.getElementById(a.error);
      if (error) error.hidden = false;
      button.disabled = false;
      return;
    }
    const popup = document.getElementById(a.popup);
    if (popup) popup.remove();
    if (body.sharePrompt) {
      merge(body.wiring);
      document.body.insertAdjacentHTML("beforeend", body.sharePrompt);
    }
  }

  /** @param {HTMLButtonElement} button @param {ActionOf<"connect">} a */
  async function connect(button, a) {
    const response = await api("/voyager/api/relationships/invitations", {
      method: "POST",
      body: JSON.stringify({ recipient: a.to, kind: a.kind }),
    });
    if (!response.ok) return;
    const label = button.querySelector("span") || button;
    label.textContent = a.done;
    button.disabled = true;
  }

  /** @param {string} listId */
  async function loadMore(listId) {
    const list = /** @type {ActionOf<"list"> | undefined} */ (wiring[listId]);
    if (!list || list.next === null || loading[listId]) return;
    loading[listId] = true;
    try {
      const sep = list.src.indexOf("?") >= 0 ? "&" : "?";
      const response = await api(list.src + sep + "start=" + list.next);
      if (!response.ok) return;
      const body = await response.json();
      merge(body.wiring);
      const el = document.getElementById(listId);
      if (el) el.insertAdjacentHTML("beforeend", body.html);
      list.next = body.next;
      if (list.next === null) {
        for (const id of [list.sentinel, list.more]) {
          const n = id && document.getElementById(id);
          if (n) n.remove();
        }
      }
    } finally {
      loading[listId] = false;
    }
    requestAnimationFrame(checkSentinels);
  }

  // LinkedIn loads the next cards when the end of the list comes near, however the page was
  // scrolled (wheel, PageDown, scrollIntoView, a scrolled container).
  function checkSentinels() {
    for (const id of byType("sentinel")) {
      const rect = byId(id).getBoundingClientRect();
      if (rect.top < window.innerHeight + 300) loadMore(/** @type {ActionOf<"sentinel">} */ (wiring[id]).list);
    }
  }
  document.addEventListener("scroll", checkSentinels, { capture: true, passive: true });
  window.addEventListener("resize", checkSentinels);
  checkSentinels();
})();
