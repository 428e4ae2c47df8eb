import { html, type SafeHtml } from "../html.js";
import type { RenderContext } from "../render-context.js";
import { AVATAR_SRC, renderPage } from "./layout.js";

const POSTS = [
  "Thrilled to share that our team shipped the new release today. Thanks to everyone involved!",
  "Three lessons from ten years of building data platforms, a thread.",
  "We're hiring! Looking for engineers who care about reliability.",
];

export function feedPage(ctx: RenderContext, overlay?: SafeHtml): string {
  const { texts: t, scenario, variant } = ctx;
  const me = scenario.me;
  const authors = ctx.directory.all().slice(0, POSTS.length);
  const posts = POSTS.map((text, i) => {
    const author = authors[i % Math.max(authors.length, 1)];
    const name = author?.name ?? "LinkedIn News";
    const href = author ? `/in/${author.publicId}/` : "/feed/";
    return variant === "a"
      ? html`<div class="feed-shared-update-v2 artdeco-card" role="article">
          <div class="update-components-actor">
            <a class="app-aware-link update-components-actor__meta-link" href="${href}"
              ><span class="update-components-actor__name"><span dir="ltr">${name}</span></span></a
            >
          </div>
          <div class="feed-shared-update-v2__description"><span dir="ltr">${text}</span></div>
        </div>`
      : html`<div role="article" class="_d41e8a">
          <p class="_91b0d7"><a href="${href}">${name}</a></p>
          <p class="_0d6a5b">${text}</p>
        </div>`;
  });
  const main =
    variant === "a"
      ? html`<div class="scaffold-layout">
          <aside class="scaffold-layout__aside" aria-label="Side Bar">
            <div class="feed-identity-module artdeco-card">
              <a href="/in/${me.publicId}/" class="ember-view block"
                ><img
                  class="feed-identity-module__member-photo"
                  src="${AVATAR_SRC}"
                  alt="${t.photoOf(me.name)}"
                  width="72"
                  height="72"
                />
                <div class="t-16 t-black t-bold">${me.name}</div></a
              >
            </div>
          </aside>
          <main id="main" class="scaffold-layout__main" aria-label="Main Feed">
            <div class="share-box-feed-entry__closed-share-box artdeco-card">
              <button
                class="artdeco-button artdeco-button--muted artdeco-button--tertiary share-box-feed-entry__trigger"
                type="button"
              >
                ${t.startPost}
              </button>
            </div>
            ${posts}
          </main>
        </div>`
      : html`<main class="_7b3d90" aria-label="Main Feed">
          <div class="_d41e8a">
            <a href="/in/${me.publicId}/" class="_4c2e8f">${me.name}</a
            ><button type="button" class="_5e0d3c">${t.startPost}</button>
          </div>
          ${posts}
        </main>`;
  return renderPage(ctx, { title: "Feed", main, overlay });
}
