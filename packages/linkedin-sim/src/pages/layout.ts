import { html, raw, type SafeHtml } from "../html.js";
import type { RenderContext } from "../render-context.js";
import { PAGE_SCRIPT_PATH } from "../client-script.js";

/** A grey head-and-shoulders silhouette, inlined so pages never reach the network. */
export const AVATAR_SRC =
  "data:image/svg+xml;utf8," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 56 56"><rect width="56" height="56" fill="#d9e5f2"/><circle cx="28" cy="21" r="10" fill="#9db3c8"/><path d="M8 56c2-12 10-18 20-18s18 6 20 18z" fill="#9db3c8"/></svg>',
  );

export interface PageOptions {
  title: string;
  main: SafeHtml;
  /** Markup placed in the messaging overlay when the page opens (the compose page). */
  overlay?: SafeHtml;
  /** Login, checkpoint and restriction pages have no global nav. */
  bare?: boolean;
}

export function renderPage(ctx: RenderContext, options: PageOptions): string {
  const { texts, variant, scenario } = ctx;
  const body = options.bare
    ? html`<main class="${variant === "a" ? "app__content" : "_9f0c1a"}">${options.main}</main>`
    : html`${globalNav(ctx)}${scenario.faults.weeklyLimitBanner ? weeklyLimitBanner(ctx) : ""}
        <div class="${variant === "a" ? "application-outlet" : "_1c7e2b"}">${options.main}</div>
        ${messagingOverlay(ctx, options.overlay)}`;
  const bodyClass = variant === "a" ? "render-mode-BIGPIPE nav-v2 ember-application boot-complete" : "_3e1a09 _b2f4c8";
  return `<!DOCTYPE html>
<html lang="${texts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html`${options.title}`.value} | LinkedIn</title>
<style>${raw(variant === "a" ? CSS_A : variant === "b" ? CSS_B : CSS_C).value}</style>
</head>
<body class="${bodyClass}">
${body.value}
${ctx.wiring.script().value}
<script src="${PAGE_SCRIPT_PATH}" defer></script>
</body>
</html>`;
}

function globalNav(ctx: RenderContext): SafeHtml {
  const { texts: t, wiring, scenario } = ctx;
  const me = scenario.me;
  const search = wiring.id({ t: "search" });
  if (ctx.variant === "a") {
    return html`<header id="global-nav" class="global-nav global-alert-offset-top">
      <div class="global-nav__content">
        <a href="/feed/" class="global-nav__logo" aria-label="LinkedIn"
          ><span class="global-nav__logo-mark">in</span></a
        >
        <div id="global-nav-typeahead" class="search-global-typeahead">
          <input
            id="${search}"
            class="search-global-typeahead__input"
            placeholder="${t.searchPlaceholder}"
            role="combobox"
            aria-label="${t.searchPlaceholder}"
            aria-autocomplete="list"
            aria-expanded="false"
            type="text"
            autocomplete="off"
          />
        </div>
        <nav class="global-nav__nav" aria-label="Primary Navigation">
          <ul class="global-nav__primary-items">
            <li class="global-nav__primary-item">
              <a href="/feed/" class="app-aware-link global-nav__primary-link"
                ><span class="t-12 global-nav__primary-link-text">${t.home}</span></a
              >
            </li>
            <li class="global-nav__primary-item">
              <a href="/mynetwork/" class="app-aware-link global-nav__primary-link"
                ><span class="t-12 global-nav__primary-link-text">${t.myNetwork}</span></a
              >
            </li>
            <li class="global-nav__primary-item">
              <a href="/messaging/" class="app-aware-link global-nav__primary-link"
                ><span class="t-12 global-nav__primary-link-text">${t.messaging}</span></a
              >
            </li>
            <li class="global-nav__primary-item">
              <button
                class="global-nav__primary-link global-nav__primary-link-me-menu-trigger artdeco-dropdown__trigger"
                type="button"
                aria-expanded="false"
              >
                <img
                  class="global-nav__me-photo evi-image ember-view"
                  src="${AVATAR_SRC}"
                  alt="${t.photoOf(me.name)}"
                  width="24"
                  height="24"
                /><span class="t-12 global-nav__primary-link-text">${t.me}</span>
              </button>
            </li>
          </ul>
        </nav>
      </div>
    </header>`;
  }
  return html`<header class="_7ae0c2">
    <nav class="_5b1e4f" aria-label="Primary Navigation">
      <a href="/feed/" class="_2d8a11" aria-label="LinkedIn"><span class="_0c2b4e">in</span></a>
      <input
        id="${search}"
        class="_8f3e6d"
        type="text"
        role="combobox"
        aria-label="${t.searchPlaceholder}"
        placeholder="${t.searchPlaceholder}"
        autocomplete="off"
      />
      <ul class="_4a9d0b">
        <li><a href="/feed/" class="_6c1f3a">${t.home}</a></li>
        <li><a href="/mynetwork/" class="_6c1f3a">${t.myNetwork}</a></li>
        <li><a href="/messaging/" class="_6c1f3a">${t.messaging}</a></li>
        <li>
          <button type="button" class="_6c1f3a _e04b7d" aria-expanded="false">
            <img class="_a7d2e9" src="${AVATAR_SRC}" alt="${t.photoOf(me.name)}" width="24" height="24" /><span
              >${t.me}</span
            >
          </button>
        </li>
      </ul>
    </nav>
  </header>`;
}

function weeklyLimitBanner(ctx: RenderContext): SafeHtml {
  const t = ctx.texts;
  if (ctx.variant === "a") {
    return html`<section class="artdeco-global-alert artdeco-global-alert--YIELD" role="alert">
      <div class="artdeco-global-alert__body"><span class="artdeco-global-alert__content">${t.weeklyLimit}</span></div>
      <button
        class="artdeco-global-alert__dismiss artdeco-button artdeco-button--1 artdeco-button--tertiary"
        type="button"
        aria-label="${t.close}"
      >
        ×
      </button>
    </section>`;
  }
  return html`<div role="alert" class="_c55e1f"><p class="_f1a9b3">${t.weeklyLimit}</p></div>`;
}

function messagingOverlay(ctx: RenderContext, preopened?: SafeHtml): SafeHtml {
  const conversations = ctx.wiring.id();
  const overlay = ctx.wiring.id({ t: "overlay", conversations });
  if (ctx.variant === "a") {
    return html`<div id="msg-overlay" class="msg-overlay-container">
      <div id="${overlay}" class="msg-overlay-list-bubble__container">
        <div id="${conversations}" class="msg-overlay-conversations">${preopened}</div>
        <aside class="msg-overlay-list-bubble msg-overlay-list-bubble--is-minimized">
          <header class="msg-overlay-bubble-header">
            <div class="msg-overlay-bubble-header__details">
              <span class="msg-overlay-bubble-header__title t-14 t-bold">${ctx.texts.messaging}</span>
            </div>
          </header>
        </aside>
      </div>
    </div>`;
  }
  return html`<div id="${overlay}" class="_0e8b2c"><div id="${conversations}" class="_9a4c7e">${preopened}</div></div>`;
}

const CSS_COMMON = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 -apple-system,system-ui,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f4f2ee;color:rgba(0,0,0,.9)}
a{color:#0a66c2;text-decoration:none}
img{display:block;border-radius:50%}
button{font:inherit;cursor:pointer}
button[disabled]{cursor:not-allowed;opacity:.5}
[hidden]{display:none!important}
`;

const CSS_A = `${CSS_COMMON}
.global-nav{position:sticky;top:0;z-index:10;background:#fff;border-bottom:1px solid #e8e8e8;height:52px}
.global-nav__content{max-width:1128px;margin:0 auto;display:flex;align-items:center;gap:12px;height:52px;padding:0 12px}
.global-nav__logo-mark{display:inline-block;background:#0a66c2;color:#fff;font-weight:700;border-radius:4px;padding:2px 6px}
.search-global-typeahead__input{width:280px;height:34px;border-radius:4px;border:0;background:#edf3f8;padding:0 8px}
.global-nav__primary-items{display:flex;list-style:none;margin:0 0 0 auto;padding:0;gap:18px;align-items:center}
.global-nav__primary-link{display:flex;flex-direction:column;align-items:center;background:none;border:0;color:rgba(0,0,0,.6)}
.artdeco-global-alert{max-width:1128px;margin:8px auto;padding:10px 16px;background:#fcefd8;border-radius:8px;display:flex;justify-content:space-between}
.artdeco-global-alert__dismiss{background:none;border:0}
.application-outlet{max-width:1128px;margin:16px auto;padding:0 12px 240px}
.artdeco-card{background:#fff;border-radius:8px;box-shadow:0 0 0 1px rgba(0,0,0,.08)}
.artdeco-button{border-radius:16px;padding:4px 16px;border:1px solid #0a66c2;background:#fff;color:#0a66c2;font-weight:600}
.artdeco-button--primary{background:#0a66c2;color:#fff}
.scaffold-layout{display:flex;gap:24px;align-items:flex-start}
.scaffold-layout__aside{width:225px;padding:12px}
.scaffold-layout__main{flex:1;min-width:0}
.feed-shared-update-v2{padding:12px 16px;margin-bottom:8px}
.mn-catch-up{padding:16px}
.mn-catch-up__list{display:flex;flex-direction:column;gap:8px}
.celebrations-entity-list-item{position:relative;display:flex;align-items:center;gap:12px;padding:12px 16px;min-height:88px}
.celebrations-entity-list-item__content{flex:1;min-width:0}
.celebrations-entity-list-item__content p{margin:0}
.celebrations-entity-list-item__actions{display:flex;gap:8px}
.mn-catch-up__show-more{margin:16px auto;display:block}
.msg-overlay-container{position:fixed;right:16px;bottom:0;z-index:20}
.msg-overlay-list-bubble__container{display:flex;align-items:flex-end;gap:8px}
.msg-overlay-conversations{display:flex;align-items:flex-end;gap:8px}
.msg-overlay-list-bubble{width:288px;background:#fff;border-radius:8px 8px 0 0;box-shadow:0 0 0 1px rgba(0,0,0,.15)}
.msg-overlay-conversation-bubble{width:336px;background:#fff;border-radius:8px 8px 0 0;box-shadow:0 0 0 1px rgba(0,0,0,.15),0 4px 12px rgba(0,0,0,.15);display:flex;flex-direction:column}
.msg-overlay-bubble-header{display:flex;align-items:center;justify-content:space-between;padding:8px 12px;border-bottom:1px solid #e8e8e8}
.msg-overlay-bubble-header__title{margin:0;font-size:14px}
.msg-overlay-bubble-header__control{background:none;border:0;padding:4px}
.msg-overlay-conversation-bubble__content-wrapper{display:flex;flex-direction:column}
.msg-s-message-list-container{height:200px;overflow-y:auto;padding:8px 12px}
.msg-s-message-list-content{list-style:none;margin:0;padding:0}
.msg-s-event-listitem__body{margin:2px 0 8px}
.msg-s-message-group__meta{font-size:12px;color:rgba(0,0,0,.6)}
.msg-form{position:relative;border-top:1px solid #e8e8e8}
.msg-form__msg-content-container{padding:8px 12px}
.msg-form__contenteditable{min-height:64px;max-height:160px;overflow-y:auto;outline:none;background:#f4f2ee;border-radius:4px;padding:8px}
.msg-form__contenteditable p{margin:0}
.msg-form__placeholder{position:absolute;top:16px;left:20px;pointer-events:none;color:rgba(0,0,0,.6)}
.msg-form__footer{position:relative;display:flex;justify-content:flex-end;padding:8px 12px;border-top:1px solid #e8e8e8}
.search-results-container{padding:0}
.reusable-search__entity-result-list{list-style:none;margin:0;padding:0}
.reusable-search__result-container{border-bottom:1px solid #e8e8e8}
.entity-result__item{display:flex;gap:12px;padding:12px 16px;align-items:center}
.entity-result__content{flex:1}
.entity-result__primary-subtitle,.entity-result__secondary-subtitle{margin:2px 0}
.artdeco-pagination{display:flex;align-items:center;justify-content:space-between;padding:12px 16px}
.artdeco-pagination__pages{display:flex;list-style:none;gap:8px;margin:0;padding:0}
.pv-top-card{overflow:hidden;margin-bottom:8px}
.pv-top-card__cover{height:120px;background:linear-gradient(90deg,#a0b4b7,#d7e3e6)}
.pv-top-card-profile-picture__container{margin:-60px 0 0 24px;width:128px;border:4px solid #fff;border-radius:50%}
.pv-top-card-profile-picture__container.live-video-hero-image--is-open-to-work{border-color:#3c8e3c}
.pv-top-card .ph5{padding:0 24px 24px}
.text-heading-xlarge{font-size:24px;margin:8px 0 0;display:inline}
.dist-value{color:rgba(0,0,0,.6);margin-left:4px}
.text-body-medium{font-size:16px}
.t-black--light{color:rgba(0,0,0,.6)}
.pv-text-details__right-panel{list-style:none;padding:0;margin:8px 0}
.pv-text-details__right-panel-item-link{background:none;border:0;padding:0;font-weight:600}
.pvs-profile-actions{display:flex;gap:8px;margin-top:12px}
.pv-open-to-carousel-card{margin:0 24px 16px;padding:12px;background:#edf3f8}
.pv-profile-card{padding:16px 24px;margin-bottom:8px}
.pvs-header__title{font-size:20px;margin:0 0 8px}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(1px,1px,1px,1px);white-space:nowrap}
.pvs-list{list-style:none;margin:0;padding:0}
.login__form input{display:block;width:320px;height:40px;margin:4px 0 12px;padding:0 8px}
.card-layout{max-width:400px;margin:64px auto;background:#fff;border-radius:8px;padding:24px}
.btn__primary--large{width:320px;height:48px;border-radius:24px;border:0;background:#0a66c2;color:#fff;font-weight:600}
`;

const CSS_B = `${CSS_COMMON}
._7ae0c2{position:sticky;top:0;z-index:10;background:#fff;border-bottom:1px solid #e8e8e8}
._5b1e4f{max-width:1128px;margin:0 auto;display:flex;align-items:center;gap:12px;height:52px;padding:0 12px}
._0c2b4e{display:inline-block;background:#0a66c2;color:#fff;font-weight:700;border-radius:4px;padding:2px 6px}
._8f3e6d{width:280px;height:34px;border-radius:4px;border:0;background:#edf3f8;padding:0 8px}
._4a9d0b{display:flex;list-style:none;margin:0 0 0 auto;padding:0;gap:18px;align-items:center}
._6c1f3a{display:flex;flex-direction:column;align-items:center;background:none;border:0;color:rgba(0,0,0,.6)}
._c55e1f{max-width:1128px;margin:8px auto;padding:10px 16px;background:#fcefd8;border-radius:8px}
._1c7e2b{max-width:1128px;margin:16px auto;padding:0 12px 240px}
._9f0c1a{display:block}
._d41e8a{background:#fff;border-radius:12px;box-shadow:0 0 0 1px rgba(0,0,0,.08);padding:16px;margin-bottom:8px}
._2f6b0d{display:flex;flex-direction:column;gap:4px}
._e86c13{position:relative;border-bottom:1px solid #e8e8e8}
._e86c13 ._77b1f2{display:flex;align-items:center;gap:12px;padding:12px 0;min-height:88px}
._77b1f2 ._c8e0d4{flex:1;min-width:0}
._c8e0d4 p{margin:0}
._a2b9f1{display:flex;gap:8px}
._5e0d3c{display:inline-flex;align-items:center;gap:4px;border-radius:16px;padding:4px 16px;border:1px solid #0a66c2;background:#fff;color:#0a66c2;font-weight:600}
._5e0d3c._b83e2d{background:#0a66c2;color:#fff}
._e29a7c{margin:16px auto;display:block}
._0e8b2c{position:fixed;right:16px;bottom:0;z-index:20}
._9a4c7e{display:flex;align-items:flex-end;gap:8px}
._1f7d0e{width:336px;background:#fff;border-radius:8px 8px 0 0;box-shadow:0 0 0 1px rgba(0,0,0,.15),0 4px 12px rgba(0,0,0,.15);display:flex;flex-direction:column}
._3b8e9c{display:flex;align-items:center;justify-content:space-between;padding:8px 12px;border-bottom:1px solid #e8e8e8}
._3b8e9c h2{margin:0;font-size:14px}
._3b8e9c button{background:none;border:0;padding:4px}
._6e0a5f{height:200px;overflow-y:auto;padding:8px 12px}
._6e0a5f ol{list-style:none;margin:0;padding:0}
._6e0a5f p{margin:2px 0 8px}
._ff21c0{position:relative;border-top:1px solid #e8e8e8;padding:8px 12px}
._ff21c0 [contenteditable]{min-height:64px;max-height:160px;overflow-y:auto;outline:none;background:#f4f2ee;border-radius:4px;padding:8px}
._ff21c0 [contenteditable] p{margin:0}
._0b7c1e{position:relative;display:flex;justify-content:flex-end;margin-top:8px}
._4d2a8b{list-style:none;margin:0;padding:0}
._4d2a8b > li{border-bottom:1px solid #e8e8e8}
._8a1c5d{display:flex;gap:12px;padding:12px 0;align-items:center}
._8a1c5d > div{flex:1}
._8a1c5d p{margin:2px 0}
._f0e1d2{display:flex;align-items:center;justify-content:space-between;padding:12px 0}
._2c9b4e{height:120px;background:linear-gradient(90deg,#a0b4b7,#d7e3e6);border-radius:12px 12px 0 0;margin:-16px -16px 0}
._7f3a0d{margin-top:-60px;width:128px;border:4px solid #fff;border-radius:50%}
._7f3a0d._0a9e4b{border-color:#3c8e3c}
._8e2f1b h2{font-size:24px;margin:8px 0 0;display:inline}
._8e2f1b p{margin:4px 0}
._5a7c3e{list-style:none;margin:0;padding:0}
._b1e7c4{display:block;width:320px;height:40px;margin:4px 0 12px;padding:0 8px}
._44c1a7{max-width:400px;margin:64px auto;background:#fff;border-radius:8px;padding:24px}
`;

/**
 * Variant c: the page itself does not scroll, `<main>` does (the 2026 Catch-up list), and the
 * compose pop-up and the share prompt are centred modals.
 */
const CSS_C = `${CSS_B}
html,body{height:100%;overflow:hidden}
body._3e1a09{display:flex;flex-direction:column}
body._3e1a09 > ._1c7e2b{flex:1;min-height:0;width:100%;margin:0 auto;padding:0 12px}
main._7b3d90{height:100%;overflow-y:auto;padding:16px 0 240px}
._c6a04e,._4b90ae{position:fixed;left:50%;top:15%;transform:translateX(-50%);z-index:30;border-radius:8px;padding-bottom:8px}
._c6a04e textarea{width:100%;min-height:96px;font:inherit;padding:8px;border-radius:4px;border:1px solid #ccc}
._e0a3c4{color:#b24020;margin:4px 0}
._4b90ae p{padding:8px 12px;margin:0}
._4b90ae ._0b7c1e{padding:0 12px;gap:8px}
`;
