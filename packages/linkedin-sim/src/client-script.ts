/** Where pages load their script from (LinkedIn serves its bundles from `/aero-v1/sc/h/…` on its CDN). */
export const PAGE_SCRIPT_PATH = "/aero-v1/sc/h/sim-page.js";

/**
 * The script every page runs: opens composers, sends, lazy-loads birthday cards, follows the
 * pagination buttons. It knows elements only through `window.__simWiring` (id → action), which
 * the server fills as it renders, so the markup needs no extra attributes.
 */
export const PAGE_SCRIPT = String.raw`(() => {
  "use strict";
  const wiring = (window.__simWiring = window.__simWiring || {});
  const MAX_BUBBLES = 3;
  const bubblesByRecipient = {};
  const loading = {};

  function api(path, init) {
    return fetch(path, Object.assign({ credentials: "same-origin", headers: { "content-type": "application/json", "csrf-token": "ajax:0000000000000000000" } }, init || {}));
  }
  function actionOf(node) {
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      if (n.id && wiring[n.id]) return [n, wiring[n.id]];
    }
    return [null, null];
  }
  function byType(t) {
    return Object.keys(wiring).filter((id) => wiring[id].t === t && document.getElementById(id));
  }
  function merge(more) { Object.assign(wiring, more || {}); }

  document.addEventListener("click", (event) => {
    const [el, a] = actionOf(event.target);
    if (!a) return;
    switch (a.t) {
      case "honeypot":
        event.preventDefault();
        api("/__sim/honeypot", { method: "POST", body: "{}" });
        return;
      case "message":
        event.preventDefault();
        openComposer(a.to);
        return;
      case "connect":
        event.preventDefault();
        connect(el, a);
        return;
      case "close": {
        event.preventDefault();
        const bubble = document.getElementById(a.bubble);
        if (bubble) bubble.remove();
        for (const k of Object.keys(bubblesByRecipient)) if (bubblesByRecipient[k] === a.bubble) delete bubblesByRecipient[k];
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
        send(el, a);
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
    if (a && a.t === "box") refreshComposer(el, a);
  });

  document.addEventListener("keydown", (event) => {
    const [el, a] = actionOf(event.target);
    if (a && a.t === "search" && event.key === "Enter") {
      const q = el.value.trim();
      location.href = "/search/results/people/?keywords=" + encodeURIComponent(q) + "&origin=GLOBAL_SEARCH_HEADER";
    }
  });

  function textOf(box) {
    return (box.innerText || "").replace(/\u00a0/g, " ").trim();
  }
  function refreshComposer(box, a) {
    const hasText = textOf(box).length > 0;
    const send = document.getElementById(a.send);
    if (send) send.disabled = !hasText;
    const placeholder = a.placeholder && document.getElementById(a.placeholder);
    if (placeholder) placeholder.hidden = hasText;
  }

  async function openComposer(to) {
    const conversations = byType("overlay").map((id) => document.getElementById(wiring[id].conversations))[0];
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
      const oldest = conversations.firstElementChild;
      for (const k of Object.keys(bubblesByRecipient)) if (bubblesByRecipient[k] === oldest.id) delete bubblesByRecipient[k];
      oldest.remove();
    }
    const bubble = document.getElementById(body.bubble);
    if (bubble) focusBox(bubble);
  }
  function focusBox(bubble) {
    const box = Array.from(bubble.querySelectorAll("[id]")).find((n) => wiring[n.id] && wiring[n.id].t === "box");
    if (box) box.focus();
  }

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
    if (!response.ok) {
      refreshComposer(box, wiring[a.box]);
      return;
    }
    box.innerHTML = "<p><br></p>";
    refreshComposer(box, wiring[a.box]);
    const body = await response.json();
    const thread = document.getElementById(a.thread);
    if (body.html && thread) {
      merge(body.wiring);
      thread.insertAdjacentHTML("beforeend", body.html);
      const scroller = thread.closest("[tabindex]") || thread.parentElement;
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
    }
  }

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

  async function loadMore(listId) {
    const list = wiring[listId];
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
      const rect = document.getElementById(id).getBoundingClientRect();
      if (rect.top < window.innerHeight + 300) loadMore(wiring[id].list);
    }
  }
  document.addEventListener("scroll", checkSentinels, { capture: true, passive: true });
  window.addEventListener("resize", checkSentinels);
  checkSentinels();
})();
`;
