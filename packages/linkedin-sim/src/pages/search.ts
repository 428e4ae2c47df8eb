import type { Person } from "../directory.js";
import { html, type SafeHtml } from "../html.js";
import type { RenderContext } from "../render-context.js";
import { compileKeywords } from "../search-query.js";
import { profileHref } from "./birthdays-2026.js";
import { AVATAR_SRC, renderPage } from "./layout.js";
import { actionsC } from "./profile-2026.js";

/** People search: `keywords` filters (boolean syntax), `page` is 1-based, pages hold `search.pageSize`. */
export function searchPage(ctx: RenderContext, params: URLSearchParams): string {
  const { texts: t, variant } = ctx;
  const keywords = params.get("keywords") ?? "";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const size = ctx.scenario.search.pageSize;
  const matches = searchPeople(ctx, keywords);
  const lastPage = Math.max(1, Math.ceil(matches.length / size));
  const results = matches.slice((page - 1) * size, page * size);

  const pageHref = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `/search/results/people/?${next.toString()}`;
  };
  const body =
    results.length === 0
      ? html`<div class="${variant === "a" ? "search-reusable-search-no-results artdeco-card" : "_d41e8a"}">
          <h2>${t.noResults}</h2>
        </div>`
      : variant === "a"
        ? html`<div class="search-results-container artdeco-card">
            <h2 class="pb2 t-black--light t-14 ph4 pt3">${t.resultsCount(matches.length)}</h2>
            <ul class="reusable-search__entity-result-list list-style-none" role="list">
              ${results.map((p) => resultA(ctx, p))}
            </ul>
            ${paginationA(ctx, page, lastPage, pageHref)}
          </div>`
        : variant === "c"
          ? // 2026: SDUI list items, no data-view-name, hashed classes, profile links percent-encoded.
            html`<div data-sdui-screen="com.linkedin.sdui.flagshipnav.search.SearchResultsPeople" class="_d41e8a">
              <h2 class="_3f8a1c">${t.resultsCount(matches.length)}</h2>
              <div class="_4d2a8b" role="list">${results.map((p, i) => resultC(ctx, p, i))}</div>
              ${paginationB(ctx, page, lastPage, pageHref)}
            </div>`
          : html`<div class="_d41e8a">
            <h2 class="_3f8a1c">${t.resultsCount(matches.length)}</h2>
            <ul class="_4d2a8b" role="list">
              ${results.map((p) => resultB(ctx, p))}
            </ul>
            ${paginationB(ctx, page, lastPage, pageHref)}
          </div>`;
  const main =
    variant === "a"
      ? html`<div class="scaffold-layout">
          <main id="main" class="scaffold-layout__main" aria-label="Search results">${body}</main>
        </div>`
      : html`<main class="_7b3d90" aria-label="Search results">${body}</main>`;
  return renderPage(ctx, { title: keywords ? `${keywords} - Search` : "Search", main });
}

/** Everyone but the member, in scenario order, whose name, headline, company or location matches. */
export function searchPeople(ctx: RenderContext, keywords: string): Person[] {
  const query = compileKeywords(keywords);
  return ctx.directory
    .all()
    .filter((p) => p.publicId !== ctx.scenario.me.publicId)
    .filter((p) => query([p.name, p.headline, p.company, p.location].join(" \n ")));
}

function resultA(ctx: RenderContext, person: Person): SafeHtml {
  const { texts: t } = ctx;
  // Real result links carry a tracking query string the engine has to strip.
  const href = `/in/${person.publicId}/?miniProfileUrn=${encodeURIComponent(`urn:li:fs_miniProfile:${person.memberId}`)}`;
  return html`<li class="reusable-search__result-container">
    <div class="entity-result" data-chameleon-result-urn="urn:li:member:${person.numericId}">
      <div class="entity-result__item">
        <div class="entity-result__universal-image">
          <a class="app-aware-link scale-down" href="${href}" aria-hidden="true" tabindex="-1"
            ><img
              class="presence-entity__image EntityPhoto-circle-3"
              src="${AVATAR_SRC}"
              alt="${person.name}"
              width="48"
              height="48"
          /></a>
        </div>
        <div class="entity-result__content entity-result__divider">
          <div class="entity-result__title-line">
            <span class="entity-result__title-text t-16"
              ><a class="app-aware-link" href="${href}"
                ><span dir="ltr"
                  ><span aria-hidden="true">${person.name}</span
                  ><span class="visually-hidden">${t.viewProfile(person.name)}</span></span
                ></a
              ></span
            >
            <span class="entity-result__badge t-14 t-normal t-black--light"
              ><span class="entity-result__badge-text"
                ><span aria-hidden="true">• ${t.degree(person.degree)}</span></span
              ></span
            >
          </div>
          <div class="entity-result__primary-subtitle t-14 t-black t-normal">${person.headline}</div>
          <div class="entity-result__secondary-subtitle t-14 t-normal">${person.location}</div>
        </div>
        <div class="entity-result__actions entity-result__divider">${actionButton(ctx, person, "a")}</div>
      </div>
    </div>
  </li>`;
}

function resultB(ctx: RenderContext, person: Person): SafeHtml {
  const href = `/in/${person.publicId}/`;
  return html`<li>
    <div data-view-name="people-search-result" class="_8a1c5d">
      <a href="${href}" tabindex="-1" class="_0f4e6a"><img src="${AVATAR_SRC}" alt="" width="48" height="48" /></a>
      <div>
        <p class="_91b0d7">
          <a data-view-name="search-result-lockup-title" href="${href}" class="_4c2e8f">${person.name}</a>
          <span class="_0d6a5b">· ${ctx.texts.degree(person.degree)}</span>
        </p>
        <p class="_0d6a5b">${person.headline}</p>
        <p class="_b34f1e">${person.location}</p>
      </div>
      ${actionButton(ctx, person, "b")}
    </div>
  </li>`;
}

function resultC(ctx: RenderContext, person: Person, index: number): SafeHtml {
  const href = profileHref(person.publicId, index % 2 === 0);
  return html`<div role="listitem" class="_8a1c5d">
    <a href="${href}" tabindex="-1" class="_0f4e6a"><img src="${AVATAR_SRC}" alt="" width="48" height="48" /></a>
    <div>
      <p class="_91b0d7"><a href="${href}" class="_4c2e8f">${person.name}</a></p>
      <p class="_0d6a5b">${person.headline}</p>
      <p class="_b34f1e">${person.location}</p>
      <p class="_1b7e3a">· ${ctx.texts.degree(person.degree)}</p>
    </div>
    ${actionsC(ctx, person)}
  </div>`;
}

/** Message for 1st-degree connections, Connect for the others. */
export function actionButton(ctx: RenderContext, person: Person, variant: "a" | "b", ariaMessage?: string): SafeHtml {
  const { texts: t, wiring } = ctx;
  const cls = variant === "a" ? "artdeco-button artdeco-button--2 artdeco-button--secondary ember-view" : "_5e0d3c";
  if (person.degree === 1) {
    const id = wiring.id({ t: "message", to: person.publicId });
    return html`<button
      id="${id}"
      class="${cls}"
      aria-label="${ariaMessage ?? t.messageAria(person.name)}"
      type="button"
    >
      <span class="artdeco-button__text">${t.messageButton}</span>
    </button>`;
  }
  const id = wiring.id({ t: "connect", to: person.publicId, kind: "connect", done: t.pending });
  return html`<button id="${id}" class="${cls}" aria-label="${t.connectAria(person.name)}" type="button">
    <span class="artdeco-button__text">${t.connectButton}</span>
  </button>`;
}

type PageHref = (n: number) => string;

function paginationA(ctx: RenderContext, page: number, lastPage: number, href: PageHref): SafeHtml {
  const { texts: t, wiring } = ctx;
  const prev = wiring.id({ t: "nav", href: href(page - 1) });
  const next = wiring.id({ t: "nav", href: href(page + 1) });
  const pages = Array.from({ length: lastPage }, (_, i) => i + 1).map((n) => {
    const id = wiring.id({ t: "nav", href: href(n) });
    return html`<li
      class="artdeco-pagination__indicator artdeco-pagination__indicator--number ${n === page ? "active selected" : ""}"
    >
      <button id="${id}" type="button" aria-label="${t.page(n)}" ${n === page ? html`aria-current="true"` : ""}>
        <span>${n}</span>
      </button>
    </li>`;
  });
  return html`<div class="artdeco-pagination artdeco-pagination--has-controls">
    <button
      id="${prev}"
      class="artdeco-pagination__button artdeco-pagination__button--previous artdeco-button artdeco-button--muted artdeco-button--tertiary ${page <= 1 ? "artdeco-button--disabled" : ""}"
      aria-label="${t.previous}"
      type="button"
      ${page <= 1 ? html`disabled` : ""}
    >
      <span class="artdeco-button__text">${t.previous}</span>
    </button>
    <ul class="artdeco-pagination__pages artdeco-pagination__pages--number">
      ${pages}
    </ul>
    <button
      id="${next}"
      class="artdeco-pagination__button artdeco-pagination__button--next artdeco-button artdeco-button--muted artdeco-button--icon-right artdeco-button--tertiary ${page >= lastPage ? "artdeco-button--disabled" : ""}"
      aria-label="${t.next}"
      type="button"
      ${page >= lastPage ? html`disabled` : ""}
    >
      <span class="artdeco-button__text">${t.next}</span>
    </button>
  </div>`;
}

function paginationB(ctx: RenderContext, page: number, lastPage: number, href: PageHref): SafeHtml {
  const { texts: t, wiring } = ctx;
  const prev = wiring.id({ t: "nav", href: href(page - 1) });
  const next = wiring.id({ t: "nav", href: href(page + 1) });
  return html`<div class="_f0e1d2">
    <button id="${prev}" type="button" class="_5e0d3c" aria-label="${t.previous}" ${page <= 1 ? html`disabled` : ""}>
      <span>${t.previous}</span>
    </button>
    <span class="_0d6a5b">${t.page(page)} / ${lastPage}</span>
    <button id="${next}" type="button" class="_5e0d3c" aria-label="${t.next}" ${page >= lastPage ? html`disabled` : ""}>
      <span>${t.next}</span>
    </button>
  </div>`;
}
