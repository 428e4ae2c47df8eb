import type { Person } from "../directory.js";
import { html } from "../html.js";
import type { RenderContext } from "../render-context.js";
import { AVATAR_SRC, renderPage } from "./layout.js";
import { profileMainC } from "./profile-2026.js";
import { actionButton } from "./search.js";

/**
 * A profile: name, headline, location, current company, open-to-work, About and one Experience
 * entry. Variant a is the classic top card (`h1.text-heading-xlarge`); variant b is the 2026 SDUI
 * profile, where the name is an `h2` and the page has no `h1` at all; variant c is `profileMainC`.
 */
export function profilePage(ctx: RenderContext, person: Person): string {
  const { texts: t, variant } = ctx;
  const jobTitle = person.headline.split(/ at | chez | \| /)[0]?.trim() || person.headline;
  const messageAria = ctx.scenario.locale === "fr" ? t.messageAria(person.name) : `Message ${person.name}`;
  if (variant === "c") return renderPage(ctx, { title: person.name, main: profileMainC(ctx, person, jobTitle) });
  const cta = actionButton(ctx, person, variant, messageAria);

  const main =
    variant === "a"
      ? html`<div class="scaffold-layout">
          <main id="main" class="scaffold-layout__main">
            <section class="artdeco-card pv-top-card" data-member-id="${person.numericId}">
              <div class="pv-top-card__cover"></div>
              <div
                class="pv-top-card__non-self-photo-wrapper pv-top-card-profile-picture__container ${person.openToWork ? "live-video-hero-image--is-open-to-work" : ""}"
              >
                <img
                  class="pv-top-card-profile-picture__image"
                  src="${AVATAR_SRC}"
                  alt="${person.name}"
                  width="120"
                  height="120"
                />
              </div>
              <div class="ph5 pb5">
                <div class="mt2 relative">
                  <div class="pv-text-details__left-panel">
                    <div>
                      <h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">${person.name}</h1>
                      <span class="dist-value">${t.degree(person.degree)}</span>
                    </div>
                    <div class="text-body-medium break-words">${person.headline}</div>
                  </div>
                  ${
                    person.company
                      ? html`<ul class="pv-text-details__right-panel">
                          <li class="pv-text-details__right-panel-item">
                            <button
                              class="pv-text-details__right-panel-item-link text-align-left"
                              type="button"
                              aria-label="${t.currentCompany(person.company)}"
                            >
                              <span class="pv-text-details__right-panel-item-text t-14 t-black t-bold"
                                >${person.company}</span
                              >
                            </button>
                          </li>
                        </ul>`
                      : ""
                  }
                  <div class="pv-text-details__left-panel mt2">
                    ${person.location ? html`<span class="text-body-small inline t-black--light break-words">${person.location}</span>` : ""}
                    <span class="pv-text-details__separator t-black--light">·</span>
                    <a href="/in/${person.publicId}/overlay/contact-info/" class="ember-view link-without-visited-state"
                      >${t.contactInfo}</a
                    >
                  </div>
                  <ul class="pv-top-card--list pv-top-card--list-bullet">
                    <li class="text-body-small"><span class="t-black--light">${t.connectionsCount}</span></li>
                  </ul>
                </div>
                <div class="pv-top-card-v2-ctas"><div class="pvs-profile-actions">${cta}</div></div>
              </div>
              ${
                person.openToWork
                  ? html`<div class="pv-open-to-carousel">
                      <section class="pv-open-to-carousel-card artdeco-card">
                        <p class="t-14 t-bold"><span>${t.openToWork}</span></p>
                        <p class="t-14">${jobTitle}</p>
                        <p class="t-14 t-black--light">${t.openToWorkRoles}</p>
                      </section>
                    </div>`
                  : ""
              }
            </section>
            ${
              person.about
                ? html`<section class="artdeco-card pv-profile-card break-words mt2">
                    <div id="about" class="pv-profile-card__anchor"></div>
                    <div class="pvs-header__container">
                      <h2 class="pvs-header__title text-heading-large">
                        <span aria-hidden="true">${t.about}</span><span class="visually-hidden">${t.about}</span>
                      </h2>
                    </div>
                    <div class="display-flex ph5 pv3">
                      <div class="inline-show-more-text inline-show-more-text--is-collapsed full-width">
                        <span aria-hidden="true">${person.about}</span
                        ><span class="visually-hidden">${person.about}</span>
                      </div>
                    </div>
                  </section>`
                : ""
            }
            ${
              person.company
                ? html`<section class="artdeco-card pv-profile-card break-words mt2">
                    <div id="experience" class="pv-profile-card__anchor"></div>
                    <div class="pvs-header__container">
                      <h2 class="pvs-header__title text-heading-large">
                        <span aria-hidden="true">${t.experience}</span
                        ><span class="visually-hidden">${t.experience}</span>
                      </h2>
                    </div>
                    <ul class="pvs-list">
                      <li class="artdeco-list__item pvs-list__paged-list-item">
                        <div class="pvs-entity">
                          <div class="display-flex flex-column full-width">
                            <div class="display-flex align-items-center mr1 t-bold">
                              <span aria-hidden="true">${jobTitle}</span
                              ><span class="visually-hidden">${jobTitle}</span>
                            </div>
                            <span class="t-14 t-normal"
                              ><span aria-hidden="true">${person.company} · Full-time</span></span
                            >
                            <span class="t-14 t-normal t-black--light"
                              ><span class="pvs-entity__caption-wrapper" aria-hidden="true">2021 - Present</span></span
                            >
                          </div>
                        </div>
                      </li>
                    </ul>
                  </section>`
                : ""
            }
          </main>
        </div>`
      : html`<main class="_7b3d90">
          <section componentkey="com.linkedin.sdui.profile.card.ref${person.memberId}Topcard" class="_d41e8a">
            <div class="_2c9b4e"></div>
            <figure class="_7f3a0d ${person.openToWork ? "_0a9e4b" : ""}">
              <img src="${AVATAR_SRC}" alt="${person.name}" width="120" height="120" />
            </figure>
            <div class="_8e2f1b">
              <div>
                <a href="/in/${person.publicId}/overlay/about-this-profile/" class="_4c2e8f"
                  ><h2 class="_60d1f4">${person.name}</h2></a
                ><span class="_0d6a5b"> · ${t.degree(person.degree)}</span>
              </div>
              <p class="_c3b8a2">${person.headline}</p>
              ${
                person.company
                  ? html`<ul class="_5a7c3e">
                      <li>
                        <button type="button" class="_6c1f3a" aria-label="${t.currentCompany(person.company)}">
                          <span>${person.company}</span>
                        </button>
                      </li>
                    </ul>`
                  : ""
              }
              <p class="_b34f1e">
                ${person.location ? html`<span>${person.location}</span> · ` : ""}<a
                  href="/in/${person.publicId}/overlay/contact-info/"
                  >${t.contactInfo}</a
                >
              </p>
              ${
                person.openToWork
                  ? html`<div class="_f29c0e">
                      <p><strong>${t.openToWork}</strong></p>
                      <p>${jobTitle}</p>
                    </div>`
                  : ""
              }
              <div class="_a2b9f1">${cta}</div>
            </div>
          </section>
          ${
            person.about
              ? html`<section componentkey="com.linkedin.sdui.profile.card.ref${person.memberId}About" class="_d41e8a">
                  <h2 class="_3f8a1c">${t.about}</h2>
                  <div class="_1e5f23"><p class="_0d6a5b">${person.about}</p></div>
                </section>`
              : ""
          }
          ${
            person.company
              ? html`<section
                  componentkey="com.linkedin.sdui.profile.card.ref${person.memberId}ExperienceTopLevelSection"
                  class="_d41e8a"
                >
                  <h2 class="_3f8a1c">${t.experience}</h2>
                  <ul class="_5a7c3e">
                    <li>
                      <div>
                        <p class="_91b0d7">${jobTitle}</p>
                        <p class="_0d6a5b">${person.company} · Full-time</p>
                        <p class="_b34f1e">2021 - Present</p>
                      </div>
                    </li>
                  </ul>
                </section>`
              : ""
          }
        </main>`;
  return renderPage(ctx, { title: person.name, main });
}
