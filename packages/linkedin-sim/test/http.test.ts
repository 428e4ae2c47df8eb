import { describe, expect, it } from "vitest";
import { createSimulator, type ScenarioInput, type SimState } from "../src/index.js";

const COOKIE = "AQEDAR-secret-li-at";

function sim(scenario: ScenarioInput = {}) {
  const simulator = createSimulator({ cookie: COOKIE, today: "2025-10-30", ...scenario });
  const get = (path: string, cookie: string | null = COOKIE) =>
    simulator.app.request(path, { headers: cookie ? { cookie: `li_at=${cookie}; JSESSIONID="ajax:123"` } : {} });
  const post = (path: string, body: unknown, cookie: string | null = COOKIE) =>
    simulator.app.request(path, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", ...(cookie ? { cookie: `li_at=${cookie}` } : {}) },
    });
  const page = async (path: string) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return response.text();
  };
  return { simulator, get, post, page };
}

describe("control API", () => {
  it("accepts an empty scenario and fills in the defaults", async () => {
    const { simulator } = sim();
    const response = await simulator.app.request("/__sim/scenario", { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    const { scenario } = (await response.json()) as { scenario: Record<string, unknown> };
    expect(scenario).toMatchObject({ locale: "en", variant: "a", timezone: "UTC", search: { pageSize: 10 } });
    expect(simulator.scenario.cookie).toBe("sim-li-at");
    expect(simulator.scenario.birthdays.length).toBeGreaterThan(0);
  });

  it("rejects a body that is not JSON with 400", async () => {
    const { post } = sim();
    const response = await post("/__sim/scenario", "{nope");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "request body is not valid JSON" });
  });

  it("rejects an invalid scenario with 400 and the zod issues", async () => {
    const { post } = sim();
    const response = await post("/__sim/scenario", {
      locale: "de",
      birthdays: [{ name: "X", publicId: "x", when: "13-45" }],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: { path: (string | number)[] }[] };
    expect(body.error).toBe("invalid scenario");
    const paths = body.issues.map((i) => i.path.join("."));
    expect(paths).toContain("locale");
    expect(paths.some((p) => p.startsWith("birthdays.0.when"))).toBe(true);
  });

  it("never echoes the expected li_at value", async () => {
    const { simulator, post } = sim();
    const set = await post("/__sim/scenario", { cookie: "very-secret-cookie" });
    expect(await set.text()).not.toContain("very-secret-cookie");
    const got = await simulator.app.request("/__sim/scenario");
    expect(await got.text()).not.toContain("very-secret-cookie");
  });

  it("resets the state when a new scenario is posted", async () => {
    const { simulator, get, post } = sim();
    await get("/in/jane-doe/");
    expect(simulator.state.visits).toHaveLength(1);
    await post("/__sim/scenario", { cookie: COOKIE });
    const state = (await (await simulator.app.request("/__sim/state")).json()) as SimState;
    expect(state).toEqual({ sent: [], visits: [], requests: 0, honeypotClicks: 0, invitations: [], profileShares: 0 });
  });

  it("counts every request except the control API and the page script", async () => {
    const { simulator, get } = sim();
    await get("/feed/");
    await get("/mynetwork/catch-up/birthday/", null);
    await get("/aero-v1/sc/h/sim-page.js");
    await simulator.app.request("/__sim/state");
    expect(simulator.state.requests).toBe(2);
  });

  it("changes faults without clearing the state", async () => {
    const { simulator, get, post } = sim();
    await get("/in/jane-doe/");
    const response = await post("/__sim/faults", { http429: true });
    expect(response.status).toBe(200);
    expect(simulator.scenario.faults.http429).toBe(true);
    expect(simulator.state.visits).toHaveLength(1);
    expect((await get("/feed/")).status).toBe(429);
    expect((await post("/__sim/faults", { slowMs: -1 })).status).toBe(400);
  });
});

describe("session", () => {
  it("redirects to the login page when li_at is missing", async () => {
    const { get } = sim();
    const response = await get("/mynetwork/catch-up/birthday/", null);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "", "http://localhost");
    expect(location.pathname).toBe("/uas/login");
    expect(location.searchParams.get("session_redirect")).toContain("/mynetwork/catch-up/birthday/");
  });

  it("redirects to the login page when li_at is not the expected one", async () => {
    const { get } = sim();
    const response = await get("/feed/", "some-other-cookie");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/uas\/login\?/);
  });

  it("serves the feed with the logged-in markers when li_at is right", async () => {
    const { page } = sim();
    const feed = await page("/feed/");
    expect(feed).toContain('id="global-nav"');
    expect(feed).toContain("global-nav__me-photo");
    expect(feed).toContain('alt="Photo of Alex Martin"');
    expect(feed).toContain("feed-identity-module");
  });

  it("keeps a logged-in marker in variant b without the classic class names", async () => {
    const { page } = sim({ variant: "b", locale: "fr" });
    const feed = await page("/feed/");
    expect(feed).not.toContain("global-nav");
    expect(feed).toContain('aria-label="Primary Navigation"');
    expect(feed).toContain('alt="Photo de Alex Martin"');
  });

  it("rejects a good cookie when the session has expired", async () => {
    const { get } = sim({ faults: { expiredSession: true } });
    const response = await get("/feed/");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/uas\/login\?/);
  });

  it("answers 401 to API calls without a session", async () => {
    const { get } = sim();
    expect((await get("/voyager/api/messaging/overlay?recipient=jane-doe", null)).status).toBe(401);
  });

  it("serves a login form that sets li_at", async () => {
    const { simulator, get } = sim();
    const login = await (await get("/uas/login?session_redirect=%2Ffeed%2F", null)).text();
    expect(login).toContain('id="username"');
    expect(login).toContain('id="password"');
    const response = await simulator.app.request("/checkpoint/lg/login-submit", {
      method: "POST",
      body: new URLSearchParams({ session_key: "me@example.com", session_password: "x", session_redirect: "/feed/" }),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/feed/");
    expect(response.headers.get("set-cookie")).toContain(`li_at=${COOKIE}`);
  });
});

describe("faults", () => {
  it("redirects every page to a checkpoint challenge", async () => {
    const { get } = sim({ faults: { checkpoint: true } });
    const response = await get("/mynetwork/catch-up/birthday/");
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/checkpoint\/challenge\//);
    const challenge = await (await get(location)).text();
    expect(challenge).toContain("Let’s do a quick security check");
    expect(challenge).toContain('id="captcha-internal"');
  });

  it("shows the restricted-account page in place of every page", async () => {
    for (const locale of ["en", "fr"] as const) {
      const { page } = sim({ locale, faults: { restricted: true } });
      const body = await page("/feed/");
      expect(body).toContain(
        locale === "en"
          ? "Your account has been temporarily restricted"
          : "L’accès à votre compte a été temporairement limité",
      );
      expect(body).not.toContain('id="global-nav"');
    }
  });

  it("adds the weekly-limit banner to pages", async () => {
    const { page } = sim({ faults: { weeklyLimitBanner: true } });
    const body = await page("/mynetwork/catch-up/birthday/");
    expect(body).toMatch(/role="alert"[\s\S]*You've reached the weekly invitation limit/);
  });

  it("answers 429 to pages and API calls", async () => {
    const { get, post } = sim({ faults: { http429: true } });
    const pageResponse = await get("/feed/");
    expect(pageResponse.status).toBe(429);
    expect(pageResponse.headers.get("retry-after")).toBe("60");
    expect(
      (await post("/voyager/api/messaging/conversations?action=create", { recipient: "jane-doe", text: "hi" })).status,
    ).toBe(429);
  });

  it("delays pages by slowMs", async () => {
    const { get } = sim({ faults: { slowMs: 150 } });
    const started = performance.now();
    expect((await get("/feed/")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("puts an invisible look-alike before each Message button and in each composer", async () => {
    const { get, page } = sim({ faults: { honeypot: "opacity" } });
    const body = await page("/mynetwork/catch-up/birthday/");
    const labels = [...body.matchAll(/<button\s[^>]*aria-label="Send message to Jane Doe"[^>]*>/g)].map((m) => m[0]);
    expect(labels).toHaveLength(2);
    expect(labels[0]).toContain("opacity:0");
    expect(labels[1]).not.toContain("style=");
    const overlay = (await (await get("/voyager/api/messaging/overlay?recipient=jane-doe")).json()) as { html: string };
    expect(overlay.html.match(/msg-form__send-button/g)).toHaveLength(2);
  });

  it("rotates the honeypot's hiding style when honeypot is true", async () => {
    const { page } = sim({
      faults: { honeypot: true },
      birthdays: ["a", "b", "c", "d"].map((x) => ({ name: `P ${x}`, publicId: `p-${x}`, when: "today" as const })),
    });
    const body = await page("/mynetwork/catch-up/birthday/");
    for (const style of ["opacity:0", "left:-9999px", "display:none", "visibility:hidden"])
      expect(body).toContain(style);
  });

  it("records a honeypot click", async () => {
    const { simulator } = sim({ faults: { honeypot: true } });
    expect((await simulator.app.request("/__sim/honeypot", { method: "POST" })).status).toBe(204);
    expect(simulator.state.honeypotClicks).toBe(1);
  });

  it("drops the message silently when sendFails is on", async () => {
    const { simulator, post } = sim({ faults: { sendFails: true } });
    const response = await post("/voyager/api/messaging/conversations?action=create", {
      recipient: "jane-doe",
      text: "Happy birthday",
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ html: null });
    expect(simulator.state.sent).toEqual([]);
  });

  it("opens a conversation with someone else when wrongRecipient is on", async () => {
    const { get } = sim({ faults: { wrongRecipient: true } });
    const overlay = (await (await get("/voyager/api/messaging/overlay?recipient=jane-doe")).json()) as {
      html: string;
      to: string;
    };
    expect(overlay.to).not.toBe("jane-doe");
    expect(overlay.html).not.toContain("Jane Doe");
  });
});

describe("birthdays page", () => {
  const birthdays: ScenarioInput["birthdays"] = [
    { name: "Up Coming", publicId: "up-coming", when: "12-25" },
    { name: "Ex Plicit", publicId: "ex-plicit", when: "10-24" },
    { name: "Two Days", publicId: "two-days", when: { daysAgo: 2 } },
    { name: "Yes Terday", publicId: "yes-terday", when: { daysAgo: 1 } },
    { name: "To Day", publicId: "to-day", when: "today" },
    { name: "Con Nect", publicId: "con-nect", when: "today", connection: false },
    { name: "Fol Low", publicId: "fol-low", when: { daysAgo: 3 }, connection: false, offer: "follow" },
  ];

  function cardTexts(body: string): string[] {
    return body
      .split('role="listitem"')
      .slice(1)
      .map((chunk) => chunk.split("</section>")[0]?.split("<script>")[0] ?? "")
      .map((chunk) =>
        chunk
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .trim(),
      );
  }

  it("serves the same list at the catch-up and the celebrations URLs", async () => {
    const { page } = sim({ birthdays });
    const a = cardTexts(await page("/mynetwork/catch-up/birthday/"));
    const b = cardTexts(await page("/mynetwork/invite-connect/celebrations/birthdays/"));
    expect(a).toEqual(b);
    expect(a).toHaveLength(7);
  });

  it("writes today, yesterday, N days ago and explicit dates in English, most recent first", async () => {
    const { page } = sim({ birthdays });
    const cards = cardTexts(await page("/mynetwork/catch-up/birthday/"));
    expect(cards[0]).toContain("Birthday today");
    expect(cards[2]).toContain("Birthday yesterday");
    expect(cards[3]).toContain("Birthday 2 days ago");
    expect(cards[4]).toContain("Birthday 3 days ago");
    expect(cards[5]).toContain("Birthday on Oct 24");
    expect(cards[6]).toContain("Birthday on Dec 25");
  });

  it("writes the dates in French", async () => {
    const { page } = sim({ birthdays, locale: "fr", variant: "b" });
    const body = await page("/mynetwork/catch-up/birthday/");
    for (const text of ["Aujourd’hui", "Hier", "Il y a 2 jours", "24 octobre", "25 décembre"])
      expect(body).toContain(`<span>${text}</span>`);
    expect(body).toContain('lang="fr"');
  });

  it("offers Connect or Follow instead of Message to non-connections", async () => {
    const { page } = sim({ birthdays });
    const body = await page("/mynetwork/catch-up/birthday/");
    expect(body).toContain('aria-label="Send message to To Day"');
    expect(body).not.toContain('aria-label="Send message to Con Nect"');
    expect(body).toContain('aria-label="Invite Con Nect to connect"');
    expect(body).toContain('aria-label="Follow Fol Low"');
  });

  it("shows Feb 29 as written on a common year and sorts it as Feb 28", async () => {
    const { page } = sim({
      today: "2025-03-02",
      birthdays: [
        { name: "Three Ago", publicId: "three-ago", when: { daysAgo: 3 } },
        { name: "Leap Ling", publicId: "leap-ling", when: "02-29" },
      ],
    });
    const cards = cardTexts(await page("/mynetwork/catch-up/birthday/"));
    expect(cards[0]).toContain("Leap Ling");
    expect(cards[0]).toContain("Birthday on Feb 29");
  });

  it("lazy-loads the rest of the cards in batches", async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ name: `P ${i}`, publicId: `p-${i}`, when: "today" as const }));
    const { get, page } = sim({ birthdays: many, birthdayBatchSize: 10 });
    expect(cardTexts(await page("/mynetwork/catch-up/birthday/"))).toHaveLength(10);
    const second = (await (await get("/voyager/api/relationships/catchUp/birthdays?start=10")).json()) as {
      html: string;
      next: number | null;
    };
    expect(cardTexts(second.html)).toHaveLength(10);
    expect(second.next).toBe(20);
    const last = (await (await get("/voyager/api/relationships/catchUp/birthdays?start=20")).json()) as {
      html: string;
      next: number | null;
    };
    expect(cardTexts(last.html)).toHaveLength(3);
    expect(last.next).toBeNull();
  });

  it("differs between variants in class names and nesting, not in ARIA", async () => {
    const a = await sim({ birthdays }).page("/mynetwork/catch-up/birthday/");
    const b = await sim({ birthdays, variant: "b" }).page("/mynetwork/catch-up/birthday/");
    expect(a).toContain("celebrations-entity-list-item");
    expect(b).not.toContain("celebrations-entity-list-item");
    expect(b).toContain('data-sdui-screen="com.linkedin.sdui.flagshipnav.mynetwork.CatchUpAll"');
    for (const body of [a, b]) {
      expect(body).toContain('role="list"');
      expect(body).toContain('href="/in/to-day/"');
      expect(body).toContain('aria-label="Send message to To Day"');
    }
  });
});

describe("messaging", () => {
  it("records a message sent through the conversation API and returns the thread item", async () => {
    const { simulator, post } = sim();
    const response = await post("/voyager/api/messaging/conversations?action=create", {
      recipient: "jane-doe",
      text: "Happy birthday <Jane>",
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { html: string };
    expect(body.html).toContain("msg-s-event-listitem");
    expect(body.html).toContain("Happy birthday &lt;Jane&gt;");
    expect(simulator.state.sent).toEqual([{ to: "jane-doe", text: "Happy birthday <Jane>", at: expect.any(String) }]);
  });

  it("shows earlier messages when the conversation is opened again", async () => {
    const { get, post } = sim();
    await post("/voyager/api/messaging/conversations?action=create", { recipient: "jane-doe", text: "First wish" });
    const overlay = (await (await get("/voyager/api/messaging/overlay?recipient=jane-doe")).json()) as { html: string };
    expect(overlay.html).toContain("First wish");
    expect(overlay.html).toContain('class="msg-overlay-bubble-header__title');
  });

  it("opens a composer page at /messaging/compose/", async () => {
    const { page } = sim({ variant: "b" });
    const body = await page("/messaging/compose/?recipient=jane-doe&interop=msgOverlay");
    expect(body).toContain('role="dialog" aria-label="Jane Doe"');
    expect(body).toMatch(/contenteditable="true"\s+role="textbox"/);
  });
});

describe("people search", () => {
  const profiles = Array.from({ length: 23 }, (_, i) => ({
    publicId: `eng-${i}`,
    name: `Engineer ${i}`,
    headline: i % 2 ? "Data Engineer" : "Product Designer",
    location: "Paris",
    company: "Acme",
  }));

  it("pages through the results with pageSize", async () => {
    const { page } = sim({ profiles, birthdays: [], search: { pageSize: 5 } });
    const first = await page("/search/results/people/?keywords=Acme&origin=FACETED_SEARCH&page=1");
    expect(first).toContain("About 23 results");
    expect(first.match(/<li class="reusable-search__result-container">/g)).toHaveLength(5);
    expect(first).toContain('href="/in/eng-0/?miniProfileUrn=');
    const last = await page("/search/results/people/?keywords=Acme&page=5");
    expect(last.match(/<li class="reusable-search__result-container">/g)).toHaveLength(3);
    expect(last).toMatch(/<button\s[^>]*aria-label="Next"\s+type="button"\s+disabled\s*>/);
    expect(await page("/search/results/people/?keywords=Acme&page=6")).toContain("No results found");
  });

  it("applies boolean keywords", async () => {
    const { page } = sim({ profiles, birthdays: [], search: { pageSize: 50 } });
    const body = await page(
      `/search/results/people/?keywords=${encodeURIComponent('"data engineer" NOT ("Engineer 3" OR "Engineer 5")')}`,
    );
    expect(body).toContain("About 9 results");
  });

  it("uses the data-view-name markup in variant b", async () => {
    const { page } = sim({ profiles, birthdays: [], variant: "b", locale: "fr", search: { pageSize: 5 } });
    const body = await page("/search/results/people/?keywords=Acme");
    expect(body.match(/data-view-name="people-search-result"/g)).toHaveLength(5);
    expect(body).toContain('<a data-view-name="search-result-lockup-title" href="/in/eng-0/"');
    expect(body).toContain('aria-label="Suivant"');
  });
});

describe("profiles", () => {
  const profile = {
    publicId: "camille-durand",
    name: "Camille Durand",
    headline: "Senior Data Engineer at Datalyse",
    location: "Paris, Île-de-France, France",
    company: "Datalyse",
    openToWork: true,
    about: "Builds data platforms.",
  };

  it("shows the classic top card and records the visit", async () => {
    const { simulator, page } = sim({ profiles: [profile] });
    const body = await page("/in/camille-durand/");
    expect(body).toContain(
      '<h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">Camille Durand</h1>',
    );
    expect(body).toContain('<div class="text-body-medium break-words">Senior Data Engineer at Datalyse</div>');
    expect(body).toContain(
      '<span class="text-body-small inline t-black--light break-words">Paris, Île-de-France, France</span>',
    );
    expect(body).toContain('aria-label="Current company: Datalyse. Click to skip to experience card"');
    expect(body).toContain("live-video-hero-image--is-open-to-work");
    expect(body).toContain("Builds data platforms.");
    expect(simulator.state.visits).toEqual([{ publicId: "camille-durand", at: expect.any(String) }]);
  });

  it("has no h1 in variant b, where the name is an h2", async () => {
    const { page } = sim({ profiles: [profile], variant: "b" });
    const body = await page("/in/camille-durand");
    expect(body).not.toContain("<h1");
    expect(body).toContain(">Camille Durand</h2>");
    expect(body).toContain("Open to work");
  });

  it("answers 404 for an unknown profile without recording a visit", async () => {
    const { simulator, get } = sim({ profiles: [profile] });
    expect((await get("/in/nobody-here/")).status).toBe(404);
    expect(simulator.state.visits).toEqual([]);
  });
});

describe("markup hygiene", () => {
  it("carries no test-only attributes on any page, in either variant", async () => {
    for (const variant of ["a", "b"] as const) {
      const { page, get } = sim({ variant, faults: { honeypot: true, weeklyLimitBanner: true } });
      const bodies = [
        await page("/feed/"),
        await page("/mynetwork/catch-up/birthday/"),
        await page("/search/results/people/?keywords="),
        await page("/in/jane-doe/"),
        await page("/messaging/compose/?recipient=jane-doe"),
        await (await get("/voyager/api/relationships/catchUp/birthdays?start=0")).text(),
      ];
      for (const body of bodies) {
        expect(body).not.toMatch(/data-testid|data-test-id|data-sim|data-qa/i);
        expect(body).not.toContain(COOKIE);
      }
    }
  });
});
