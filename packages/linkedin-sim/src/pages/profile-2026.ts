import type { Person } from "../directory.js";
import { html, type SafeHtml } from "../html.js";
import type { RenderContext } from "../render-context.js";
import { profileHref } from "./birthdays-2026.js";
import { AVATAR_SRC } from "./layout.js";

/**
 * Variant c's profile (LinkedIn 2026, docs/linkedin-pages.md#profiles): no `h1` (the name is an
 * `h2`), the degree badge is a `<p>` with hashed classes, the overflow menu is "More", and
 * Connect is a link to `/preload/custom-invite/?vanityName=…` that must never be followed.
 */
export function profileMainC(ctx: RenderContext, person: Person, jobTitle: string): SafeHtml {
  const { texts: t } = ctx;
  return html`<main class="_7b3d90">
    <section componentkey="com.linkedin.sdui.profile.card.ref${person.memberId}Topcard" class="_d41e8a">
      <div class="_2c9b4e"></div>
      <figure class="_7f3a0d ${person.openToWork ? "_0a9e4b" : ""}">
        <img src="${AVATAR_SRC}" alt="${person.name}" width="120" height="120" />
      </figure>
      <div class="_8e2f1b">
        <div class="_f3c1d9">
          <h2 class="_60d1f4">${person.name}</h2>
          <p class="_1b7e3a _e94d02">· ${t.degree(person.degree)}</p>
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
            href="${profileHref(person.publicId, true)}overlay/contact-info/"
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
        <div class="_a2b9f1">${actionsC(ctx, person)}</div>
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
}

/**
 * Message (a button) for 1st-degree connections; otherwise Connect as a link to the custom-invite
 * page and Follow. Then "More" (it was "More actions").
 */
export function actionsC(ctx: RenderContext, person: Person): SafeHtml {
  const { texts: t, wiring } = ctx;
  const more = html`<button type="button" class="_5e0d3c" aria-label="${t.more}" aria-haspopup="menu" aria-expanded="false">
    <span>${t.more}</span>
  </button>`;
  if (person.degree === 1) {
    const id = wiring.id({ t: "message", to: person.publicId });
    const label = ctx.scenario.locale === "fr" ? t.messageAria(person.name) : `Message ${person.name}`;
    return html`<button id="${id}" type="button" class="_5e0d3c _b83e2d" aria-label="${label}">
        <span>${t.messageButton}</span></button
      >${more}`;
  }
  const invite = `/preload/custom-invite/?vanityName=${encodeURIComponent(person.publicId)}`;
  return html`<a href="${invite}" class="_5e0d3c _b83e2d" aria-label="${t.connectAria(person.name)}"
      ><span>${t.connectButton}</span></a
    >${more}`;
}
