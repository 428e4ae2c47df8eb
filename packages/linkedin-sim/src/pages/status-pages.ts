import { html } from "../html.js";
import type { RenderContext } from "../render-context.js";
import { renderPage } from "./layout.js";

/** LinkedIn's sign-in page (`/login`, `/uas/login`): `#username`, `#password`, submit. */
export function loginPage(ctx: RenderContext, sessionRedirect: string): string {
  const { texts: t } = ctx;
  const main = html`<div class="card-layout _44c1a7">
    <div id="organic-div">
      <div class="header__content">
        <h1 class="header__content__heading">${t.signIn}</h1>
        <p class="header__content__subheading">${t.stayUpdated}</p>
      </div>
      <form class="login__form" action="/checkpoint/lg/login-submit" method="post" novalidate>
        <div class="form__input--floating">
          <label for="username" class="form__label--floating">${t.emailOrPhone}</label>
          <input
            id="username"
            name="session_key"
            type="email"
            aria-describedby="error-for-username"
            autocomplete="username"
            required
            class="_b1e7c4"
          />
        </div>
        <div class="form__input--floating">
          <label for="password" class="form__label--floating">${t.password}</label>
          <input
            id="password"
            name="session_password"
            type="password"
            autocomplete="current-password"
            required
            class="_b1e7c4"
          />
        </div>
        <input type="hidden" name="session_redirect" value="${sessionRedirect}" />
        <div class="login__form_action_container">
          <button class="btn__primary--large from__button--floating" type="submit" aria-label="${t.signIn}">
            ${t.signIn}
          </button>
        </div>
      </form>
    </div>
  </div>`;
  return renderPage(ctx, { title: t.signIn, main, bare: true });
}

/** The security check a checkpoint redirect lands on. */
export function checkpointPage(ctx: RenderContext): string {
  const { texts: t } = ctx;
  const main = html`<div class="card-layout _44c1a7">
    <h1 class="content__header">${t.checkpointTitle}</h1>
    <p>${t.checkpointBody}</p>
    <div id="captcha-internal">
      <iframe src="/checkpoint/challenge/captcha/" title="Captcha" width="320" height="120"></iframe>
    </div>
  </div>`;
  return renderPage(ctx, { title: "Security Verification", main, bare: true });
}

/** What every page shows once the account is restricted. */
export function restrictedPage(ctx: RenderContext): string {
  const { texts: t } = ctx;
  const main = html`<div class="card-layout _44c1a7">
    <h1>${t.restrictedTitle}</h1>
    <p>${t.restrictedBody}</p>
    <a href="/help/linkedin/answer/a1340522" class="btn__primary--large"
      >${ctx.scenario.locale === "fr" ? "Vérifier mon identité" : "Verify identity"}</a
    >
  </div>`;
  return renderPage(ctx, { title: "Restricted", main, bare: true });
}

export function tooManyRequestsPage(ctx: RenderContext): string {
  const main = html`<div class="card-layout _44c1a7">
    <h1>429</h1>
    <p>${ctx.texts.tooManyRequests}</p>
  </div>`;
  return renderPage(ctx, { title: "Error", main, bare: true });
}

export function notFoundPage(ctx: RenderContext): string {
  const main = html`<div class="_d41e8a artdeco-card">
    <h1>${ctx.texts.pageNotFound}</h1>
    <p><a href="/feed/">${ctx.texts.home}</a></p>
  </div>`;
  return renderPage(ctx, { title: ctx.texts.pageNotFound, main });
}
