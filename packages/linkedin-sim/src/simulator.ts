import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { PAGE_SCRIPT, PAGE_SCRIPT_PATH } from "./client-script.js";
import { Directory, type Person } from "./directory.js";
import { BIRTHDAY_CARDS_PATH, birthdayCardsSlice, birthdaysPage } from "./pages/birthdays.js";
import { composePopup, sharePrompt, sharePromptAfter } from "./pages/compose-popup.js";
import { conversationBubble, threadItem } from "./pages/composer.js";
import { feedPage } from "./pages/feed.js";
import { profilePage } from "./pages/profile.js";
import { searchPage } from "./pages/search.js";
import { checkpointPage, loginPage, notFoundPage, restrictedPage, tooManyRequestsPage } from "./pages/status-pages.js";
import { Wiring, honeypotPicker, type RenderContext } from "./render-context.js";
import { faultsSchema, parseScenario, type Faults, type Scenario, type ScenarioInput } from "./scenario.js";
import { emptyState, type SimState } from "./state.js";
import { textsFor } from "./texts.js";

export interface Simulator {
  /** The Hono app; serve it, or call `app.request()` in tests. */
  app: Hono;
  readonly scenario: Scenario;
  readonly state: SimState;
  /** Replaces the scenario and clears the state (what `POST /__sim/scenario` does). */
  reset(input?: ScenarioInput): Scenario;
  /** Changes the faults without clearing anything (`POST /__sim/faults`), e.g. a 429 mid-run. */
  setFaults(faults: Partial<Faults>): Faults;
}

/** The birthday pages LinkedIn has used; all serve the same list. */
export const BIRTHDAY_PATHS = [
  "/mynetwork/catch-up/birthday/",
  "/mynetwork/invite-connect/celebrations/birthdays/",
  "/mynetwork/catch-up/all/",
];

const CHECKPOINT_URL = "/checkpoint/challenge/AgFHx2Lr3mQ0sAAAAZ_sim?ut=0Yk1sim2&displayTime=1";
/** Where the `checkpointRedirect` fault sends every page before it lands on the feed. */
const CHECKPOINT_PASS_PATH = "/checkpoint/pass/";
/** The feed the chain lands on carries this tracking value, and is served. */
const CHECKPOINT_PASSED = "checkpoint-pass";
/** Paths that need no session. */
const PUBLIC_PATHS = [/^\/login\/?$/, /^\/uas\/login\/?$/, /^\/checkpoint\//];

const sendSchema = z.object({ recipient: z.string().min(1), text: z.string().min(1).max(8000) });
const inviteSchema = z.object({ recipient: z.string().min(1), kind: z.enum(["connect", "follow"]).default("connect") });

export function createSimulator(initial?: ScenarioInput): Simulator {
  let scenario = parseScenario(initial ?? {});
  let directory = new Directory(scenario);
  let state = emptyState();
  let idCounter = 100;
  let bubbleCounter = 0;

  const reset = (input?: ScenarioInput): Scenario => {
    scenario = parseScenario(input ?? {});
    directory = new Directory(scenario);
    state = emptyState();
    bubbleCounter = 0;
    return scenario;
  };

  const context = (): RenderContext => ({
    scenario,
    texts: textsFor(scenario.locale),
    variant: scenario.variant,
    renderSalt: idCounter,
    directory,
    state,
    wiring: new Wiring(scenario.variant, () => idCounter++),
    honeypotStyle: honeypotPicker(scenario.faults.honeypot),
  });

  const app = new Hono();

  // ---- control API -----------------------------------------------------------------------
  app.post("/__sim/scenario", async (c) => {
    const body = await readJson(c);
    if (body === INVALID_JSON) return c.json({ error: "request body is not valid JSON" }, 400);
    try {
      reset(body as ScenarioInput);
    } catch (error) {
      if (error instanceof z.ZodError) return c.json({ error: "invalid scenario", issues: error.issues }, 400);
      throw error;
    }
    return c.json({ scenario: publicScenario(scenario) });
  });
  app.get("/__sim/scenario", (c) => c.json({ scenario: publicScenario(scenario) }));
  app.get("/__sim/state", (c) => c.json(state));
  app.post("/__sim/faults", async (c) => {
    const body = await readJson(c);
    if (body === INVALID_JSON) return c.json({ error: "request body is not valid JSON" }, 400);
    const parsed = faultsSchema.partial().safeParse(body);
    if (!parsed.success) return c.json({ error: "invalid faults", issues: parsed.error.issues }, 400);
    return c.json({ faults: setFaults(parsed.data) });
  });
  app.post("/__sim/honeypot", (c) => {
    state.honeypotClicks++;
    return c.body(null, 204);
  });

  const setFaults = (faults: Partial<Faults>): Faults => {
    const defined = Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined));
    scenario = { ...scenario, faults: { ...scenario.faults, ...defined } };
    return scenario.faults;
  };

  // LinkedIn serves its bundles from a CDN host, so the page script is neither counted nor slowed.
  app.get(PAGE_SCRIPT_PATH, (c) =>
    c.body(PAGE_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" }),
  );

  // ---- faults that hit every request ---------------------------------------------------------
  app.use("*", async (c, next) => {
    if (c.req.path.startsWith("/__sim/") || c.req.path === PAGE_SCRIPT_PATH) return next();
    state.requests++;
    const { slowMs, http429, redirectLoop } = scenario.faults;
    if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
    // A throttled cookie: every URL answers with a redirect to itself, until the browser gives up.
    if (redirectLoop) return c.redirect(new URL(c.req.url).pathname + new URL(c.req.url).search, 302);
    if (http429) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's Context types carry `any` generics by design
      if (isApi(c)) return c.json({ status: 429, message: "Too Many Requests" }, 429, { "retry-after": "60" });
      return c.html(tooManyRequestsPage(context()), 429, { "retry-after": "60" });
    }
    return next();
  });

  // ---- session, checkpoint, restriction --------------------------------------------------------
  const sessionValid = (c: Context) => !scenario.faults.expiredSession && getCookie(c, "li_at") === scenario.cookie;

  app.use("*", async (c, next) => {
    if (c.req.path.startsWith("/__sim/") || c.req.path === PAGE_SCRIPT_PATH) return next();
    if (PUBLIC_PATHS.some((re) => re.test(c.req.path))) return next();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's Context types carry `any` generics by design
    if (!sessionValid(c)) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's Context types carry `any` generics by design
      if (isApi(c)) return c.json({ status: 401, message: "Unauthorized" }, 401);
      const here = new URL(c.req.url);
      return c.redirect(`/uas/login?session_redirect=${encodeURIComponent(here.toString())}`, 302);
    }
    if (scenario.faults.checkpoint) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's Context types carry `any` generics by design
      if (isApi(c)) return c.json({ status: 403, message: "CHALLENGE" }, 403);
      return c.redirect(CHECKPOINT_URL, 302);
    }
    if (scenario.faults.checkpointRedirect && c.req.query("trk") !== CHECKPOINT_PASSED) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's Context types carry `any` generics by design
      if (isApi(c)) return c.json({ status: 403, message: "CHALLENGE" }, 403);
      return c.redirect(`${CHECKPOINT_PASS_PATH}?trk=sim&next=${encodeURIComponent(c.req.path)}`, 302);
    }
    if (scenario.faults.restricted) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's Context types carry `any` generics by design
      if (isApi(c)) return c.json({ status: 403, message: "Restricted" }, 403);
      return c.html(restrictedPage(context()), 200);
    }
    return next();
  });

  // ---- public pages --------------------------------------------------------------------------
  const login = (c: Context) => {
    if (sessionValid(c)) return c.redirect("/feed/", 302);
    return c.html(loginPage(context(), c.req.query("session_redirect") ?? ""));
  };
  app.get("/login", login);
  app.get("/login/", login);
  app.get("/uas/login", login);
  app.post("/checkpoint/lg/login-submit", async (c) => {
    const form = await c.req.parseBody();
    const user = typeof form.session_key === "string" ? form.session_key.trim() : "";
    const password = typeof form.session_password === "string" ? form.session_password : "";
    if (!user || !password) return c.html(loginPage(context(), ""), 400);
    setCookie(c, "li_at", scenario.cookie, { path: "/", httpOnly: true, sameSite: "None", secure: false });
    return c.redirect(sameOriginPath(form.session_redirect) ?? "/feed/", 302);
  });
  app.get(CHECKPOINT_PASS_PATH, (c) => c.redirect(`/feed/?trk=${CHECKPOINT_PASSED}`, 302));
  app.get("/checkpoint/challenge/captcha/", (c) => c.html("<!DOCTYPE html><title>captcha</title><p>captcha</p>"));
  app.get("/checkpoint/challenge/*", (c) => c.html(checkpointPage(context())));

  // ---- pages behind the session -------------------------------------------------------------
  app.get("/", (c) => c.redirect("/feed/", 302));
  app.get("/feed", (c) => c.redirect("/feed/", 301));
  app.get("/feed/", (c) => c.html(feedPage(context())));
  app.get("/mynetwork/", (c) => c.redirect("/mynetwork/catch-up/all/", 302));
  for (const path of BIRTHDAY_PATHS) {
    app.get(path, (c) => c.html(birthdaysPage(context())));
    app.get(path.slice(0, -1), (c) => c.redirect(path, 301));
  }
  app.get(BIRTHDAY_CARDS_PATH, (c) => {
    const ctx = context();
    const start = Math.max(0, Number.parseInt(c.req.query("start") ?? "0", 10) || 0);
    const slice = birthdayCardsSlice(ctx, directory.birthdayCards(ctx.texts), start);
    return c.json({ html: slice.html.value, wiring: ctx.wiring.actions, next: slice.next });
  });

  app.get("/voyager/api/messaging/overlay", (c) => {
    const ctx = context();
    const wanted = directory.get(c.req.query("recipient") ?? "");
    if (!wanted) return c.json({ status: 404, message: "Unknown recipient" }, 404);
    const recipient = scenario.faults.wrongRecipient ? (directory.someoneElseThan(wanted.publicId) ?? wanted) : wanted;
    const bubble =
      ctx.variant === "c"
        ? composePopup(ctx, recipient, c.req.query("body") ?? "", bubbleCounter++)
        : conversationBubble(ctx, recipient, bubbleCounter++);
    return c.json({
      html: bubble.html.value,
      bubble: bubble.bubble,
      to: recipient.publicId,
      wiring: ctx.wiring.actions,
    });
  });
  app.post("/voyager/api/messaging/conversations", async (c) => {
    const parsed = sendSchema.safeParse(await readJson(c));
    if (!parsed.success) return c.json({ status: 400, message: "Bad request" }, 400);
    if (!directory.get(parsed.data.recipient)) return c.json({ status: 404, message: "Unknown recipient" }, 404);
    // The silent failure: LinkedIn answers as usual but the message never lands.
    if (scenario.faults.sendFails) return c.json({ html: null }, 201);
    const message = { to: parsed.data.recipient, text: parsed.data.text, at: new Date().toISOString() };
    state.sent.push(message);
    const ctx = context();
    const prompt =
      ctx.variant === "c" && sharePromptAfter(state.sent.length)
        ? sharePrompt(ctx, directory.get(parsed.data.recipient) as Person).html.value
        : null;
    return c.json(
      { html: threadItem(ctx, message.text, message.at).value, sharePrompt: prompt, wiring: ctx.wiring.actions },
      201,
    );
  });
  app.post("/voyager/api/messaging/shareProfile", (c) => {
    state.profileShares++;
    return c.json({}, 201);
  });
  app.post("/voyager/api/relationships/invitations", async (c) => {
    const parsed = inviteSchema.safeParse(await readJson(c));
    if (!parsed.success || !directory.get(parsed.data.recipient))
      return c.json({ status: 400, message: "Bad request" }, 400);
    state.invitations.push({ to: parsed.data.recipient, kind: parsed.data.kind, at: new Date().toISOString() });
    return c.json({}, 201);
  });

  app.get("/messaging/compose/", (c) => {
    const ctx = context();
    const wanted = directory.get(c.req.query("recipient") ?? "");
    if (!wanted) return c.html(feedPage(ctx));
    const recipient = scenario.faults.wrongRecipient ? (directory.someoneElseThan(wanted.publicId) ?? wanted) : wanted;
    const opened =
      ctx.variant === "c"
        ? composePopup(ctx, recipient, c.req.query("body") ?? "", bubbleCounter++)
        : conversationBubble(ctx, recipient, bubbleCounter++);
    return c.html(feedPage(ctx, opened.html));
  });
  // Connect is a link to this page in 2026; opened directly it renders blank. Following it is an
  // invitation attempt as far as a test is concerned: a run must never get here.
  app.get("/preload/custom-invite/", (c) => {
    const person = directory.get(c.req.query("vanityName") ?? "");
    if (person) state.invitations.push({ to: person.publicId, kind: "connect", at: new Date().toISOString() });
    return c.html("<!DOCTYPE html><html><head><title>LinkedIn</title></head><body></body></html>");
  });

  app.get("/search/results/people/", (c) => c.html(searchPage(context(), new URL(c.req.url).searchParams)));
  app.get("/search/results/people", (c) => c.redirect(`/search/results/people/${new URL(c.req.url).search}`, 301));

  const profile = (c: Context) => {
    const ctx = context();
    const person = directory.get(decodedPublicId(c.req.param("publicId") ?? ""));
    if (!person) return c.html(notFoundPage(ctx), 404);
    state.visits.push({ publicId: person.publicId, at: new Date().toISOString() });
    return c.html(profilePage(ctx, person));
  };
  app.get("/in/:publicId/", profile);
  app.get("/in/:publicId", profile);

  app.notFound((c) => (isApi(c) ? c.json({ status: 404 }, 404) : c.html(notFoundPage(context()), 404)));

  return {
    app,
    get scenario() {
      return scenario;
    },
    get state() {
      return state;
    },
    reset,
    setFaults,
  };
}

const INVALID_JSON = Symbol("invalid JSON");

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

function isApi(c: Context): boolean {
  return c.req.path.startsWith("/voyager/");
}

/** Only a path on this host, so the login form cannot be turned into an open redirect. */
function sameOriginPath(value: unknown): string | null {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value, "http://sim.invalid");
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

/** `/in/jane%2Ddoe/` and `/in/jane-doe/` are the same profile. */
function decodedPublicId(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

/** The scenario without the `li_at` value it expects. */
function publicScenario(scenario: Scenario): Omit<Scenario, "cookie"> {
  const { cookie: _cookie, ...rest } = scenario;
  return rest;
}
