// Campaign runs end to end, the way a user gets them: the real server (API + worker in one
// process) started through the typed client, real Chromium, the simulator standing in for
// LinkedIn, pacing 0 and working hours all day. Figures per unit of work (a birthday message sent,
// a profile visited by a sourcing run), from the start request to the run's end as seen by the
// client, browser launch included.
//
// Peak memory is the server process plus every Chromium process it started, as proportional set
// size (PSS: shared pages divided among the processes sharing them) sampled every 250 ms during the
// measured run. Baseline, same run, same simulator: the same work by a bare playwright-core script
// (launch, open the page, click each Message, type, Send; or open the search results, then each
// profile, and read its name and headline), browser launch included, and its own
// peak (this Node process + its browser). Once per Chromium binary present: Debian's
// chromium-headless-shell (installed when missing and run as root) and the full chromium.
//
// Each run is preceded by an untimed warm-up (a dry run through Nudge, a short pass of the bare
// script), as a long-running server would be. Usage: pnpm bench campaign [a|b|c] [headless-shell|chromium] [--source]
// (BENCH_EVENTS=1 also prints the measured run's events with their times).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ScenarioInput } from "@nudge/linkedin-sim";
import { ensureTool } from "@nudge/testing";
import {
  birthdaysToday,
  breakdown,
  COOKIE,
  args,
  fromSource,
  mb,
  ownChild,
  peakSampler,
  pssOfTree,
  startBenchServer,
  startSimulatorProcess,
  runTimeline,
  type BenchServer,
  type SourcingCriteria,
  type Simulator,
  type TimelineEvent,
} from "./_stack.js";

const USAGE = "usage: pnpm bench campaign [a|b|c] [headless-shell|chromium] [--source]";
const [variantArg = "b", binaryArg] = args;
if (!["a", "b", "c"].includes(variantArg) || (binaryArg && !["headless-shell", "chromium"].includes(binaryArg))) {
  console.error(USAGE);
  process.exit(2);
}
const variant = variantArg as "a" | "b" | "c";
/** People per measured run: messages sent, profiles visited. */
const SIZE = 20;

/**
 * One kind of campaign measured against its bare-script baseline. Another kind (a sourcing run's
 * `per_visit_ms`) is one more entry in `SCENARIOS`: its scene, how Nudge runs it, how a bare
 * script does the same work.
 */
interface CampaignScenario {
  /** The figure in the BENCH line: milliseconds per unit of work. */
  figure: string;
  unit: string;
  /** The goal for the figure, in ms per unit. */
  goalMs: number;
  /** What the simulator shows, with `size` people (a smaller scene warms up the bare script). */
  scene(size: number): ScenarioInput;
  /** Untimed warm-up through Nudge on the same scene. */
  warmUp(server: BenchServer, accountId: number): Promise<void>;
  /** One run through Nudge; its units of work, checked against the simulator. */
  nudge(
    server: BenchServer,
    accountId: number,
    sim: Simulator,
  ): Promise<{ wallMs: number; units: number; runId: number }>;
  /** Where the run's time went, from its events (phase name → ms). */
  phases(events: TimelineEvent[]): Record<string, number>;
  /** The bare script doing the same work (a key of bench/_bare.mjs's SCRIPTS). */
  bare: string;
}

const birthday: CampaignScenario = {
  figure: "per_message_ms",
  unit: "message",
  goalMs: 1000,
  scene: (size) => ({ variant, locale: "en", birthdays: birthdaysToday(size) }),
  async warmUp(server, accountId) {
    const { run } = await server.birthdayRun(accountId, true);
    if (run.status !== "succeeded") throw new Error(`warm-up dry run ended ${run.status}`);
  },
  async nudge(server, accountId, sim) {
    const { run, wallMs } = await server.birthdayRun(accountId, false);
    const sent = (await sim.state()).sent.length;
    if (run.status !== "succeeded" || sent !== SIZE) {
      throw new Error(`Nudge's run ended ${run.status} with ${sent} messages sent (${JSON.stringify(run.counters)})`);
    }
    return { wallMs, units: sent, runId: run.id };
  },
  phases(events) {
    const at = (type: string) => events.find((e) => e.type === type)?.at ?? NaN;
    const times = (type: string) => events.filter((e) => e.type === type).map((e) => e.at);
    const [sending, sent] = [times("contact.sending"), times("contact.sent")];
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    return {
      "queued → started": at("run.started") - (events[0]?.at ?? NaN),
      "started → scan (launch, session, page)": at("scan.started") - at("run.started"),
      "scan (until the first wish starts)": (sending[0] ?? NaN) - at("scan.started"),
      [`${sent.length} wishes, first start → last sent`]: (sent.at(-1) ?? NaN) - (sending[0] ?? NaN),
      "  a wish: sending → sent (median)": median(sent.map((t, i) => t - (sending[i] ?? NaN))),
      "  between: sent → next sending (median)": median(sending.slice(1).map((t, i) => t - (sent[i] ?? NaN))),
      "last sent → finished (end of list, close)": at("run.finished") - (sent.at(-1) ?? NaN),
    };
  },
  bare: "birthday",
};

/** The keywords bench/_bare.mjs's `sourcing` script searches for too: `size` people match, 5 do not. */
const SOURCING: SourcingCriteria = { keywords: '"bench engineer"', maxProfiles: SIZE };

const sourcing: CampaignScenario = {
  figure: "per_visit_ms",
  unit: "visit",
  goalMs: 1500,
  scene: (size) => ({
    variant,
    locale: "en",
    birthdays: [],
    profiles: [
      ...Array.from({ length: size }, (_, i) => ({
        publicId: `person-${i}`,
        name: `Person ${i} Bench`,
        headline: `Bench Engineer ${i} at Benchworks`,
        location: "Paris, Île-de-France, France",
        company: "Benchworks",
        about: `About ${i}: pipelines and benches.`,
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        publicId: `other-${i}`,
        name: `Other ${i} Person`,
        headline: `Product Manager at Elsewhere ${i}`,
      })),
    ],
  }),
  async warmUp(server, accountId) {
    // A dry run reads the results and visits nobody, so the measured run still visits all of them.
    const { run } = await server.sourcingRun(accountId, SOURCING, true);
    if (run.status !== "succeeded") throw new Error(`warm-up dry run ended ${run.status}`);
  },
  async nudge(server, accountId, sim) {
    const { run, wallMs } = await server.sourcingRun(accountId, SOURCING, false);
    const state = await sim.state();
    const visits = state.visits.length;
    if (run.status !== "succeeded" || visits !== SIZE || state.invitations.length + state.sent.length > 0) {
      throw new Error(
        `Nudge's run ended ${run.status} with ${visits} visits, ${state.invitations.length} invitations, ${state.sent.length} messages (${JSON.stringify(run.counters)})`,
      );
    }
    return { wallMs, units: visits, runId: run.id };
  },
  phases(events) {
    const at = (type: string) => events.find((e) => e.type === type)?.at ?? NaN;
    const visited = events.filter((e) => e.type === "contact.visited").map((e) => e.at);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    return {
      "queued → started": at("run.started") - (events[0]?.at ?? NaN),
      "started → results (launch, session, page 1)": at("search.opened") - at("run.started"),
      "results → first visited": (visited[0] ?? NaN) - at("search.opened"),
      [`${visited.length} visits, first → last visited`]: (visited.at(-1) ?? NaN) - (visited[0] ?? NaN),
      "  a visit: visited → next visited (median)": median(visited.slice(1).map((t, i) => t - (visited[i] ?? NaN))),
      "last visited → finished (close)": at("run.finished") - (visited.at(-1) ?? NaN),
    };
  },
  bare: "sourcing",
};

const SCENARIOS: CampaignScenario[] = [birthday, sourcing];

async function measureNudge(scenario: CampaignScenario, sim: Simulator, executable: string) {
  const server = await startBenchServer(sim, executable);
  try {
    const accountId = await server.account(`bench ${scenario.figure}`);
    await sim.scenario(scenario.scene(SIZE));
    await scenario.warmUp(server, accountId);
    await sim.scenario(scenario.scene(SIZE));
    const sampler = peakSampler(() => server.pss());
    const { wallMs, units, runId } = await scenario.nudge(server, accountId, sim);
    const { peak, atPeak } = sampler.stop();
    const events = await runTimeline(server.client, runId);
    if (process.env.BENCH_EVENTS) {
      for (const e of events) console.log(`    +${String(e.at - (events[0]?.at ?? 0)).padStart(6)} ms ${e.type}`);
    }
    const phases = scenario.phases(events);
    return { perUnitMs: wallMs / units, wallMs, peakMb: mb(peak), atPeak: breakdown(atPeak), phases };
  } finally {
    await server.stop();
  }
}

/** The bare script in a process of its own; peak PSS of that process and its browser. */
async function measureBare(scenario: CampaignScenario, sim: Simulator, executable: string) {
  const script = fileURLToPath(new URL("./_bare.mjs", import.meta.url));
  let result = { perUnitMs: 0, peakMb: 0, atPeak: "" };
  for (const [size, timed] of [
    [2, false],
    [SIZE, true],
  ] as const) {
    await sim.scenario(scenario.scene(size));
    const child = ownChild(
      spawn(process.execPath, [script, scenario.bare, sim.url, executable, String(size), COOKIE, variant], {
        stdio: ["ignore", "pipe", "inherit"],
      }),
    );
    const sampler = peakSampler(() => pssOfTree(child.pid ?? -1, "script"));
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    const { peak, atPeak } = sampler.stop();
    const done = JSON.parse(out || "null") as { ms: number; units: number } | null;
    if (code !== 0 || done?.units !== size) throw new Error(`the bare script failed (exit ${code}, ${out.trim()})`);
    if (timed) result = { perUnitMs: done.ms / done.units, peakMb: mb(peak), atPeak: breakdown(atPeak) };
  }
  return result;
}

/** Debian's headless build, installed when missing (as root); without it, the full browser alone. */
function headlessShell(): string | null {
  try {
    return ensureTool("chromium-headless-shell");
  } catch (error) {
    console.log(`note: ${error instanceof Error ? error.message : String(error)}; measuring chromium alone`);
    return null;
  }
}

const binaries = [
  { label: "headless-shell", path: headlessShell() },
  { label: "chromium", path: "/usr/bin/chromium" },
].filter(
  (b): b is { label: string; path: string } =>
    b.path !== null && existsSync(b.path) && (!args[1] || b.label === args[1]),
);
const sim = await startSimulatorProcess();
try {
  console.log(
    `variant ${variant}, ${SIZE} birthdays today / ${SIZE} profiles to visit, pacing 0, working hours all day; server ${fromSource ? "from the sources (tsx)" : "built, with nudge-server's flags"}`,
  );
  for (const binary of binaries) {
    const figures: string[] = [];
    const baselines: string[] = [];
    let peakMb = 0;
    let baselinePeakMb = 0;
    for (const scenario of SCENARIOS) {
      const nudge = await measureNudge(scenario, sim, binary.path);
      const bare = await measureBare(scenario, sim, binary.path);
      peakMb = Math.max(peakMb, nudge.peakMb);
      baselinePeakMb = Math.max(baselinePeakMb, bare.peakMb);
      const ratio = nudge.perUnitMs / bare.perUnitMs;
      const per = `ms/${scenario.unit}`;
      console.log(`${binary.label}, ${scenario.figure}:`);
      console.log(
        `  Nudge (server run)   ${nudge.perUnitMs.toFixed(0).padStart(6)} ${per} (goal < ${scenario.goalMs}) = ${ratio.toFixed(2)}x baseline`,
      );
      console.log(`  bare script          ${bare.perUnitMs.toFixed(0).padStart(6)} ${per} (baseline)`);
      console.log(
        `  peak PSS             ${nudge.peakMb.toFixed(0).padStart(6)} MB server + Chromium (goal < 350); bare script + Chromium ${bare.peakMb.toFixed(0)} MB`,
      );
      console.log(`    Nudge at its peak, MB: ${nudge.atPeak}`);
      console.log(`    bare at its peak, MB:  ${bare.atPeak}`);
      console.log(
        `  where the run's ${nudge.wallMs.toFixed(0)} ms went (from its events; the rest is the client's request and polling):`,
      );
      for (const [phase, phaseMs] of Object.entries(nudge.phases)) {
        console.log(`    ${phase.padEnd(42)} ${phaseMs.toFixed(0).padStart(6)} ms`);
      }
      figures.push(`${scenario.figure}=${nudge.perUnitMs.toFixed(0)}`);
      baselines.push(
        `baseline_${scenario.figure}=${bare.perUnitMs.toFixed(0)}`,
        `${scenario.figure.replace(/_ms$/, "")}_ratio=${ratio.toFixed(2)}`,
      );
    }
    const line = [...figures, `peak_rss_mb=${peakMb.toFixed(0)}`, `chromium=${binary.label}`, ...baselines];
    line.push(`baseline_peak_rss_mb=${baselinePeakMb.toFixed(0)}`);
    console.log(`BENCH campaign ${line.join(" ")}`);
  }
} finally {
  sim.stop();
}
