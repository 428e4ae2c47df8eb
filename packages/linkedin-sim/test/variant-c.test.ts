import { describe, expect, it } from "vitest";
import { createSimulator, type ScenarioInput } from "../src/index.js";

/** Variant c, LinkedIn's 2026 markup (docs/linkedin-pages.md#the-2026-changes), through `app.request()`. */

const COOKIE = "AQEDAR-secret-li-at";

function sim(scenario: ScenarioInput = {}) {
  const simulator = createSimulator({ cookie: COOKIE, today: "2025-10-30", variant: "c", ...scenario });
  const headers = { cookie: `li_at=${COOKIE}` };
  const get = (path: string) => simulator.app.request(path, { headers });
  const post = (path: string, body: unknown) =>
    simulator.app.request(path, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
    });
  const page = async (path: string) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return response.text();
  };
  return { simulator, get, post, page };
}

const birthdays: ScenarioInput["birthdays"] = [
  { name: "Jane Doe", publicId: "jane-doe", when: "today" },
  { name: "Marc Lefèvre", publicId: "marc-lefevre", when: { daysAgo: 5 } },
  { name: "Up Coming", publicId: "up-coming", when: "12-25" },
  { name: "Con Nect", publicId: "con-nect", when: "today", connection: false },
];

const flat = (markup: string) => markup.replace(/\s+/g, " ");

describe("variant c: birthdays", () => {
  it("lists cards as list items of a lazy column under the CatchUpAll screen, inside a scrolling <main>", async () => {
    const body = flat(await sim({ birthdays }).page("/mynetwork/catch-up/birthday/"));
    expect(body).toContain('data-sdui-screen="com.linkedin.sdui.flagshipnav.mynetwork.CatchUpAll"');
    expect(body).toMatch(/<div id="[^"]+" data-testid="lazy-column" class="[^"]+" role="list">/);
    expect(body.match(/role="listitem"/g)).toHaveLength(birthdays.length + 1); // + the ad
    expect(body).toContain("main._7b3d90{height:100%;overflow-y:auto");
    expect(body).toContain("html,body{height:100%;overflow:hidden}");
    expect(body).not.toContain("celebrations-entity-list-item");
  });

  it("gives every card its own hashed classes", async () => {
    const body = await sim({ birthdays }).page("/mynetwork/catch-up/birthday/");
    const classes = [...body.matchAll(/role="listitem" componentkey="[^"]+" class="([^"]+)"/g)].map((m) => m[1]);
    expect(classes).toHaveLength(3 + 1);
    expect(new Set(classes).size).toBe(classes.length);
  });

  it("makes the Message control a compose link with a suggested body and a 'Message <Name>: <text>' label", async () => {
    const body = flat(await sim({ birthdays }).page("/mynetwork/catch-up/birthday/"));
    expect(body).toContain('aria-label="Message Jane Doe: Wishing you a very happy birthday!"');
    expect(body).toContain('aria-label="Message Marc Lefèvre: Wishing you a belated happy birthday!"');
    expect(body).toMatch(
      /href="\/messaging\/compose\/\?recipient=jane-doe&amp;profileUrn=urn%3Ali%3Afsd_profile%3A[^"&]+&amp;body=Wishing\+you\+a\+very\+happy\+birthday%21"/,
    );
    expect(body).not.toContain('aria-label="Message Con Nect');
    expect(body).toContain('aria-label="Invite Con Nect to connect"');
  });

  it("writes the date inside a sentence and spells every other profile link percent-encoded", async () => {
    const body = flat(await sim({ birthdays }).page("/mynetwork/catch-up/birthday/"));
    expect(body).toContain("Celebrate Jane’s birthday today");
    expect(body).toContain("recent birthday on Oct 25");
    expect(body).toContain("Dec 25");
    expect(body).toContain('href="/in/jane%2Ddoe/"');
    expect(body).toContain('href="/in/con-nect/"');
    expect(body).toContain('href="/in/marc%2Dlefevre/"');
  });

  it("speaks French", async () => {
    const body = flat(await sim({ birthdays, locale: "fr" }).page("/mynetwork/catch-up/birthday/"));
    expect(body).toContain("Célébrez l’anniversaire de Jane aujourd’hui");
    expect(body).toContain("anniversaire récent le 25 octobre");
    expect(body).toContain(
      'aria-label="Envoyer un message à Jane Doe : Je vous souhaite un très joyeux anniversaire !"',
    );
  });

  it("serves the same profile at /in/jane%2Ddoe/ and /in/jane-doe/", async () => {
    const { simulator, page } = sim({ birthdays });
    expect(await page("/in/jane%2Ddoe/")).toContain(">Jane Doe</h2>");
    expect(await page("/in/jane-doe/")).toContain(">Jane Doe</h2>");
    expect(simulator.state.visits.map((v) => v.publicId)).toEqual(["jane-doe", "jane-doe"]);
  });
});

describe("variant c: compose pop-up", () => {
  it("opens a pop-up whose textarea holds the suggested text", async () => {
    const { get } = sim({ birthdays });
    const response = await get("/voyager/api/messaging/overlay?recipient=jane-doe&body=Wishing%20you%20well");
    const popup = (await response.json()) as { html: string; bubble: string };
    const markup = flat(popup.html);
    expect(markup).toMatch(/role="dialog" aria-modal="true"/);
    expect(markup).toMatch(
      /<textarea id="[^"]+" class="[^"]+" aria-label="Message" rows="4">Wishing you well<\/textarea>/,
    );
    expect(markup).toContain(">Jane Doe</h2>");
    expect(markup).not.toContain("contenteditable");
  });

  it("records exactly what was sent, so an append to the suggestion shows", async () => {
    const { simulator, post } = sim({ birthdays });
    await post("/voyager/api/messaging/conversations?action=create", {
      recipient: "jane-doe",
      text: "Wishing you a very happy birthday!Happy birthday Jane!",
    });
    expect(simulator.state.sent.map((m) => m.text)).toEqual(["Wishing you a very happy birthday!Happy birthday Jane!"]);
  });

  it("asks to share profile details after every other message; Share is recorded", async () => {
    const { simulator, post } = sim({ birthdays });
    const send = async (to: string) =>
      (await (
        await post("/voyager/api/messaging/conversations?action=create", { recipient: to, text: "Hi" })
      ).json()) as {
        sharePrompt: string | null;
      };
    const first = await send("jane-doe");
    expect(flat(first.sharePrompt ?? "")).toContain("Share your profile details with Jane Doe?");
    expect(first.sharePrompt).toContain(">Not now</button>");
    expect((await send("marc-lefevre")).sharePrompt).toBeNull();
    await post("/voyager/api/messaging/shareProfile", {});
    expect(simulator.state.profileShares).toBe(1);
  });

  it("opens the pop-up on the compose page", async () => {
    const body = flat(await sim({ birthdays }).page("/messaging/compose/?recipient=jane-doe&body=Hello%20there"));
    expect(body).toMatch(/aria-label="Message" rows="4">Hello there<\/textarea>/);
  });
});

describe("variant c: faults", () => {
  it("answers every URL, even /robots.txt and the login page, with a redirect to itself (redirectLoop)", async () => {
    const { get } = sim({ faults: { redirectLoop: true } });
    for (const path of ["/feed/", "/robots.txt", "/login", "/mynetwork/catch-up/birthday/?x=1"]) {
      const response = await get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(path);
    }
  });

  it("sends every page through /checkpoint/ to a feed that looks normal (checkpointRedirect)", async () => {
    const { get } = sim({ faults: { checkpointRedirect: true } });
    for (const path of ["/mynetwork/catch-up/birthday/", "/feed/"]) {
      const first = await get(path);
      expect(first.status).toBe(302);
      const through = first.headers.get("location") ?? "";
      expect(through).toMatch(/^\/checkpoint\/pass\/\?/);
      const second = await get(through);
      expect(second.status).toBe(302);
      const landing = second.headers.get("location") ?? "";
      expect(landing).toMatch(/^\/feed\/\?trk=/);
      expect((await get(landing)).status).toBe(200);
    }
  });
});

describe("variant c: search and profiles", () => {
  const profiles = [
    {
      publicId: "camille-durand",
      name: "Camille Durand",
      headline: "Senior Data Engineer at Datalyse",
      location: "Paris",
      company: "Datalyse",
    },
    { publicId: "lucas-moreau", name: "Lucas Moreau", headline: "DevOps Engineer", location: "Lyon", company: "Ops" },
  ];

  it("lists search results as SDUI list items with percent-encoded links and Connect as a link", async () => {
    const body = flat(await sim({ profiles, birthdays: [] }).page("/search/results/people/?keywords=Engineer"));
    expect(body).toContain('data-sdui-screen="com.linkedin.sdui.flagshipnav.search.SearchResultsPeople"');
    expect(body.match(/role="listitem"/g)).toHaveLength(2);
    expect(body).not.toContain("data-view-name");
    expect(body).toContain('href="/in/camille%2Ddurand/"');
    expect(body).toContain('href="/in/lucas-moreau/"');
    expect(body).toMatch(
      /<a href="\/preload\/custom-invite\/\?vanityName=camille-durand" [^>]*aria-label="Invite Camille Durand to connect"/,
    );
  });

  it("shows a profile with no h1, the degree in a <p>, a More button and Connect as a link", async () => {
    const body = flat(await sim({ profiles, birthdays: [] }).page("/in/camille-durand/"));
    expect(body).not.toContain("<h1");
    expect(body).toContain('<h2 class="_60d1f4">Camille Durand</h2>');
    expect(body).toMatch(/<p class="_[0-9a-f]+ _[0-9a-f]+">· 2nd<\/p>/);
    expect(body).not.toContain("dist-value");
    expect(body).toContain('aria-label="More"');
    expect(body).not.toContain("More actions");
    expect(body).toContain('href="/preload/custom-invite/?vanityName=camille-durand"');
  });

  it("in French: Plus, Se connecter, 2e", async () => {
    const body = flat(await sim({ profiles, birthdays: [], locale: "fr" }).page("/in/lucas-moreau/"));
    expect(body).toContain('aria-label="Plus"');
    expect(body).toContain("<span>Se connecter</span>");
    expect(body).toContain("· 2e</p>");
  });

  it("records following the custom-invite link as an invitation (a run must never do it)", async () => {
    const { simulator, page } = sim({ profiles, birthdays: [] });
    const body = await page("/preload/custom-invite/?vanityName=camille-durand");
    expect(body).toContain("<body></body>");
    expect(simulator.state.invitations).toEqual([{ to: "camille-durand", kind: "connect", at: expect.any(String) }]);
  });

  it("carries no test-only attributes (LinkedIn's own data-testid=lazy-column aside)", async () => {
    const { page } = sim({ faults: { honeypot: true } });
    for (const path of [
      "/feed/",
      "/mynetwork/catch-up/birthday/",
      "/search/results/people/?keywords=",
      "/in/jane-doe/",
    ]) {
      const body = (await page(path)).replace('data-testid="lazy-column"', "");
      expect(body).not.toMatch(/data-testid|data-test-id|data-sim|data-qa/i);
      expect(body).not.toContain(COOKIE);
    }
  });
});
