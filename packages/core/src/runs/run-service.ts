import {
  and,
  campaignRuns,
  eq,
  inArray,
  single,
  type CampaignKind,
  type CampaignRun,
  type Database,
  type RunTrigger,
} from "@nudge/db";
import type { Logger } from "pino";
import { getAccount } from "../accounts/account-queries.js";
import { completeInteraction, pendingInteractionsOfRun, ACTION_STARTED } from "../contacts/interaction-writes.js";
import type { Page } from "../contacts/keyset-cursor.js";
import type { Coordinator } from "../coordination/coordinator.js";
import { NudgeError } from "../errors/index.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import type { Campaign } from "./campaign.js";
import {
  insertRunEvents,
  lastRunEventSeq,
  RUN_QUEUE_CHANNEL,
  runChannel,
  runEventsAfter,
  type RunEventView,
} from "./run-events.js";
import { recentRunProblems, type RunProblem } from "./run-problems.js";
import { buildRunReport, type RunReport } from "./run-report.js";
import { ACTIVE_RUN_STATUSES, isFinalStatus, viewOfRun, type RunView } from "./run-model.js";
import { getRun, listRuns, requestRunCancel, type RunFilter } from "./run-store.js";
import { writeTransaction } from "./write.js";

export interface RunServiceDeps {
  db: Database;
  coordinator: Coordinator;
  clock: Clock;
  log: Logger;
  campaigns: ReadonlyMap<CampaignKind, Campaign>;
  /** Told when this process queues a run, so a local worker starts at once. */
  onQueued?: () => void;
}

export interface StartRun {
  accountId: number;
  kind: CampaignKind;
  dryRun: boolean;
  params?: unknown;
  trigger: RunTrigger;
}

/** How often a follower reads the log when no wake-up arrives (a lost fan-out message costs this much). */
const FOLLOW_POLL_MS = 1_000;

/**
 * Campaign runs as people and scripts see them: start (checked at once, so a refusal comes with
 * its reason), list, a run with its report, cancel, and the live event log of a run — read from
 * the durable log, woken by the fan-out, resumable from any sequence number.
 */
export class RunService {
  readonly #deps: RunServiceDeps;

  constructor(deps: RunServiceDeps) {
    this.#deps = deps;
  }

  async start(request: StartRun, caller: Caller): Promise<RunView> {
    const { db, clock, campaigns } = this.#deps;
    const campaign = campaigns.get(request.kind);
    if (!campaign) throw new NudgeError("VALIDATION_FAILED", `no campaign of kind ${request.kind}`);
    await getAccount(db, request.accountId);
    const params = await campaign.parseParams(request.params ?? {}, request.accountId);
    await campaign.check({ accountId: request.accountId, dryRun: request.dryRun, params });
    const at = clock.now();
    const run = await writeTransaction(db, async (tx) => {
      // Checked inside the write: two starts at once cannot both see "nothing active".
      const active = await tx
        .select({ id: campaignRuns.id, status: campaignRuns.status })
        .from(campaignRuns)
        .where(
          and(
            eq(campaignRuns.accountId, request.accountId),
            eq(campaignRuns.kind, request.kind),
            inArray(campaignRuns.status, [...ACTIVE_RUN_STATUSES]),
          ),
        )
        .get();
      if (active) {
        throw new NudgeError(
          "RUN_ALREADY_ACTIVE",
          `a ${request.kind} run (#${active.id}) is already ${active.status} for this account`,
          {
            details: { runId: active.id, status: active.status },
          },
        );
      }
      const row = single(
        await tx
          .insert(campaignRuns)
          .values({
            accountId: request.accountId,
            kind: request.kind,
            trigger: request.trigger,
            dryRun: request.dryRun,
            params,
            createdAt: at,
          })
          .returning(),
      );
      await insertRunEvents(
        tx,
        row.id,
        1,
        [{ type: "run.queued", data: { trigger: request.trigger, dryRun: request.dryRun, by: caller.by } }],
        at,
      );
      return row;
    });
    (caller.log ?? this.#deps.log).info(
      { runId: run.id, accountId: run.accountId, kind: run.kind, dryRun: run.dryRun, by: caller.by },
      "run queued",
    );
    this.#deps.onQueued?.();
    this.#deps.coordinator.events.publish(RUN_QUEUE_CHANNEL, { runId: run.id }).catch(() => undefined);
    return viewOfRun(run);
  }

  async list(filter: RunFilter): Promise<Page<RunView>> {
    const page = await listRuns(this.#deps.db, filter);
    return { items: page.items.map(viewOfRun), nextCursor: page.nextCursor };
  }

  /** A run with its counters and its report: who got what text, who was skipped and why. */
  async get(id: number): Promise<RunView & { report: RunReport }> {
    const run = await getRun(this.#deps.db, id);
    return { ...viewOfRun(run), report: await buildRunReport(this.#deps.db, id) };
  }

  /** The latest warnings and errors of the account's recent runs (selector misses name their screenshots). */
  problems(accountId: number, limit: number): Promise<RunProblem[]> {
    return recentRunProblems(this.#deps.db, accountId, limit);
  }

  async cancel(id: number, caller: Caller): Promise<RunView> {
    const run = await requestRunCancel(this.#deps.db, id, this.#deps.clock.now());
    (caller.log ?? this.#deps.log).info({ runId: id, status: run.status, by: caller.by }, "run cancel requested");
    return viewOfRun(run);
  }

  /**
   * The run's events after `afterSeq`, in order, as they are written, until the run is over.
   * Works from any process: the log is the database, the fan-out only wakes the reader early.
   */
  async *follow(id: number, options: { afterSeq?: number; signal?: AbortSignal } = {}): AsyncGenerator<RunEventView> {
    const { db, coordinator } = this.#deps;
    await getRun(db, id);
    let last = options.afterSeq ?? 0;
    let wake: (() => void) | null = null;
    const subscription = await coordinator.events.subscribe(runChannel(id), () => wake?.());
    const onAbort = () => wake?.();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        const batch = await runEventsAfter(db, id, last);
        for (const event of batch) {
          last = event.seq;
          yield event;
        }
        if (batch.length > 0) continue;
        // Final status is written after the last event: once it shows, one more read drains the log.
        if (isFinalStatus((await getRun(db, id)).status)) {
          const rest = await runEventsAfter(db, id, last);
          for (const event of rest) yield event;
          return;
        }
        if (options.signal?.aborted) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FOLLOW_POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  /**
   * What an interrupted run left half-done. An action whose point of no return was recorded may
   * have happened: `unknown`, its reservation kept, never redone. One that never got there did
   * not happen: `failed`, its reservation refunded, so the next run may do it.
   */
  async settleInterrupted(run: CampaignRun): Promise<void> {
    const { db, coordinator, clock } = this.#deps;
    const at = clock.now();
    let unknown = 0;
    let failed = 0;
    for (const interaction of await pendingInteractionsOfRun(db, run.id)) {
      if (interaction.reason === ACTION_STARTED) {
        await writeTransaction(db, (tx) =>
          completeInteraction(tx, interaction.id, {
            status: "unknown",
            reason: "interrupted after the action started",
            at,
          }),
        );
        unknown++;
      } else {
        await writeTransaction(db, (tx) =>
          completeInteraction(tx, interaction.id, {
            status: "failed",
            reason: "interrupted before the action started",
            at,
          }),
        );
        if (interaction.reservationId) await coordinator.quota.refund(interaction.reservationId);
        failed++;
      }
    }
    const seq = (await lastRunEventSeq(db, run.id)) + 1;
    await writeTransaction(db, (tx) =>
      insertRunEvents(
        tx,
        run.id,
        seq,
        [{ type: "run.interrupted", level: "error", data: { unknown, failed, message: run.errorMessage } }],
        at,
      ),
    );
    coordinator.events.publish(runChannel(run.id), { seq }).catch(() => undefined);
  }
}
