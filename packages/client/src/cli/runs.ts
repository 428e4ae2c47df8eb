import type { RouterOutputs } from "../app-router.js";
import { UsageError, type Command, type CommandContext } from "./command.js";

type RunEvent = RouterOutputs["campaigns"]["runs"]["get"]["report"]["entries"][number];
const FINAL = new Set(["succeeded", "failed", "cancelled", "interrupted"]);
const RUN_COLUMNS = ["id", "kind", "status", "dryRun", "trigger", "createdAt", "finishedAt", "errorCode"];

/** Tallies a run's events as they arrive, for the live progress line. */
class Tally {
  seen = 0;
  readonly outcomes = new Map<string, number>();

  add(type: string): void {
    if (!type.startsWith("contact.") || type === "contact.sending") return;
    this.seen++;
    const outcome = type.slice("contact.".length);
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  line(runId: number, status: string): string {
    const parts = [...this.outcomes.entries()].map(([outcome, n]) => `${outcome.replace("_", " ")} ${n}`);
    return `run #${runId} ${status} · ${this.seen} contacts${parts.length ? ` · ${parts.join(" · ")}` : ""}`;
  }
}

/** Follows the run's live events to its end: one updating line on a terminal, plain lines otherwise. */
async function follow(c: CommandContext, runId: number): Promise<void> {
  const tally = new Tally();
  await new Promise<void>((resolve, reject) => {
    const subscription = c.client.campaigns.runs.events.subscribe(
      { runId },
      {
        onData: ({ data }) => {
          tally.add(data.type);
          if (data.type === "run.finished") {
            subscription.unsubscribe();
            resolve();
            return;
          }
          c.progress(tally.line(runId, data.type === "run.queued" ? "queued" : "running"));
        },
        onError: (error) => reject(error instanceof Error ? error : new Error(String(error))),
      },
    );
  });
  const run = await c.client.campaigns.runs.get.query({ runId });
  c.progress(tally.line(runId, run.status));
  c.done();
  c.note(`${run.status}${run.errorCode ? ` (${run.errorCode})` : ""}: ${run.errorMessage ?? ""}`.trim());
  if (c.flag("json")) c.print(run);
  if (run.status === "failed")
    throw new RunFailedError(run.errorCode ?? "FAILED", run.errorMessage ?? "the run failed");
}

/** The run ended in failure: the CLI exits 1 with its code, like a failed call. */
export class RunFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function entryLine(e: RunEvent): Record<string, unknown> {
  return {
    outcome: e.outcome,
    name: e.name,
    profile: e.profileUrl,
    daysLate: e.daysLate,
    fitScore: e.fitScore,
    text: e.text,
    reason: e.reason,
  };
}

export const runsCommands: Command[] = [
  {
    name: "run birthday",
    synopsis: "[--dry-run] [--follow]",
    summary: "start a birthday run (operator); --follow shows it live to its end",
    options: { "dry-run": { type: "boolean" }, follow: { type: "boolean" } },
    async run(c) {
      const run = await c.client.campaigns.startBirthday.mutate({ accountId: c.accountId, dryRun: c.flag("dry-run") });
      if (!c.flag("follow")) {
        c.print(run, RUN_COLUMNS);
        return;
      }
      c.note(`run #${run.id} queued${run.dryRun ? " (dry run: nothing is typed or sent)" : ""}`);
      await follow(c, run.id);
    },
  },
  {
    name: "run sourcing",
    synopsis: "--search NAME [--dry-run] [--follow]",
    summary: "start a sourcing run on a saved search (operator); --dry-run lists the profiles it would visit",
    options: { search: { type: "string" }, "dry-run": { type: "boolean" }, follow: { type: "boolean" } },
    async run(c) {
      const search = c.string("search");
      if (!search) throw new UsageError("give the saved search to run: --search NAME");
      const run = await c.client.campaigns.startSourcing.mutate({
        accountId: c.accountId,
        search,
        dryRun: c.flag("dry-run"),
      });
      if (!c.flag("follow")) {
        c.print(run, RUN_COLUMNS);
        return;
      }
      c.note(`run #${run.id} queued${run.dryRun ? " (dry run: no profile is visited)" : ""}`);
      await follow(c, run.id);
    },
  },
  {
    name: "runs list",
    synopsis: "[--status S] [--kind K] [--limit N] [--cursor C]",
    summary: "campaign runs, newest first",
    options: {
      status: { type: "string" },
      kind: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
    },
    async run(c) {
      const page = await c.client.campaigns.runs.list.query({
        accountId: c.accountId,
        status: c.string("status") as never,
        kind: c.string("kind") as never,
        limit: c.number("limit") ?? 20,
        cursor: c.string("cursor"),
      });
      c.print(c.flag("json") ? page : page.items, RUN_COLUMNS);
      if (page.nextCursor) c.note(`more: --cursor ${page.nextCursor}`);
    },
  },
  {
    name: "runs show",
    synopsis: "<id> [--follow]",
    summary: "a run's counters and report (who got what text, who was skipped and why)",
    options: { follow: { type: "boolean" } },
    async run(c) {
      const runId = c.id();
      if (c.flag("follow")) {
        const run = await c.client.campaigns.runs.get.query({ runId });
        if (!FINAL.has(run.status)) return follow(c, runId);
      }
      const run = await c.client.campaigns.runs.get.query({ runId });
      if (c.flag("json")) return c.print(run);
      c.note(
        `run #${run.id} ${run.kind}${run.dryRun ? " (dry run)" : ""}: ${run.status}${run.errorCode ? ` (${run.errorCode})` : ""}`,
      );
      if (run.errorMessage) c.note(run.errorMessage);
      c.note(
        Object.entries(run.counters)
          .map(([k, v]) => `${k} ${v}`)
          .join(" · ") || "no counters",
      );
      c.print(
        run.report.entries.map(entryLine),
        run.kind === "sourcing"
          ? ["outcome", "name", "profile", "fitScore", "reason"]
          : ["outcome", "name", "daysLate", "text", "reason"],
      );
    },
  },
  {
    name: "runs cancel",
    synopsis: "<id>",
    summary: "cancel a run (operator): a queued one at once, a running one at its next safe point",
    async run(c) {
      const run = await c.client.campaigns.runs.cancel.mutate({ runId: c.id() });
      c.print(run, RUN_COLUMNS);
    },
  },
];

export { UsageError };
