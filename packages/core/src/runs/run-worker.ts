import { randomUUID } from "node:crypto";
import type { CampaignRun, Database } from "@nudge/db";
import type { Logger } from "pino";
import { getAccount } from "../accounts/account-queries.js";
import type { EventFanout, Subscription } from "../coordination/coordinator.js";
import { firstLine, isNudgeError } from "../errors/index.js";
import { getSettings } from "../settings/settings-store.js";
import type { Clock } from "../time/clock.js";
import type { Campaign, RunContext, RunResult, StopReason } from "./campaign.js";
import { lastRunEventSeq, RUN_QUEUE_CHANNEL } from "./run-events.js";
import type { RunMetrics } from "./run-metrics.js";
import { viewOfRun, type FinalRunStatus } from "./run-model.js";
import { RunRecorder } from "./run-recorder.js";
import { claimNextRun, finishRun, reapExpiredRuns, renewRunLease } from "./run-store.js";

export interface RunWorkerOptions {
  db: Database;
  clock: Clock;
  log: Logger;
  fanout: EventFanout;
  metrics: RunMetrics;
  campaigns: ReadonlyMap<string, Campaign>;
  /** Settles what an interrupted run left unfinished (actions begun, reservations held). */
  settleInterrupted(run: CampaignRun): Promise<void>;
  /** How long a claim lasts without a heartbeat; a crashed worker's runs are taken back after it. */
  leaseMs?: number;
  /** How often to look for queued runs and expired leases (a queued run also wakes the worker). */
  pollMs?: number;
  /** Runs executed at once by this process (one per account at most, whatever this says). */
  maxConcurrentRuns?: number;
}

interface Executing {
  run: CampaignRun;
  controller: AbortController;
  stopReason: StopReason | null;
  done: Promise<void>;
}

/**
 * Claims queued runs and executes them, any number of workers in any number of processes on one
 * database. Each claimed run holds a lease renewed by a heartbeat; a run whose lease runs out
 * (its worker was killed) is marked `interrupted` by whichever worker notices first, and what it
 * left half-done is settled so that the next run continues safely (docs/architecture.md).
 */
export class RunWorker {
  readonly id = `worker-${randomUUID()}`;
  readonly #o: Required<Omit<RunWorkerOptions, "settleInterrupted">> & Pick<RunWorkerOptions, "settleInterrupted">;
  readonly #executing = new Map<number, Executing>();
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #subscription: Subscription | null = null;
  #stopped = true;

  constructor(options: RunWorkerOptions) {
    this.#o = { leaseMs: 30_000, pollMs: 2_000, maxConcurrentRuns: 2, ...options };
  }

  get executing(): number {
    return this.#executing.size;
  }

  async start(): Promise<void> {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#subscription = await this.#o.fanout.subscribe(RUN_QUEUE_CHANNEL, () => this.wake());
    this.#schedule(0);
  }

  /** Look for work now (a run was queued in this process). */
  wake(): void {
    if (!this.#stopped) this.#schedule(0);
  }

  /** Stops claiming, asks executing runs to stop at their next safe point, and waits for them. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#subscription?.unsubscribe().catch(() => undefined);
    this.#subscription = null;
    await this.#ticking;
    for (const e of this.#executing.values()) this.#stop(e, "shutdown");
    await Promise.all([...this.#executing.values()].map((e) => e.done));
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#ticking) return this.#schedule(50);
      this.#ticking = this.tick()
        .catch((error: unknown) => this.#o.log.warn({ err: error }, "run worker tick failed; will retry"))
        .finally(() => {
          this.#ticking = null;
          this.#schedule(this.#o.pollMs);
        });
    }, delayMs);
    this.#timer.unref();
  }

  /** One pass: take back expired runs, then claim queued ones while there is room. */
  async tick(): Promise<void> {
    const { db, clock, log } = this.#o;
    for (const run of await reapExpiredRuns(db, clock.now())) {
      log.warn({ runId: run.id, accountId: run.accountId }, "run interrupted: its worker stopped renewing the lease");
      this.#o.metrics.runs.inc({ kind: run.kind, status: "interrupted" });
      await this.#o
        .settleInterrupted(run)
        .catch((error: unknown) => log.error({ err: error, runId: run.id }, "could not settle an interrupted run"));
    }
    while (!this.#stopped && this.#executing.size < this.#o.maxConcurrentRuns) {
      const now = clock.now();
      const run = await claimNextRun(db, this.id, now, new Date(now.getTime() + this.#o.leaseMs));
      if (!run) return;
      this.#begin(run);
    }
  }

  #begin(run: CampaignRun): void {
    const controller = new AbortController();
    const entry: Executing = { run, controller, stopReason: null, done: Promise.resolve() };
    this.#executing.set(run.id, entry);
    entry.done = this.#perform(entry).finally(() => {
      this.#executing.delete(run.id);
      this.#schedule(0);
    });
  }

  #stop(entry: Executing, reason: StopReason): void {
    if (entry.stopReason) return;
    entry.stopReason = reason;
    entry.controller.abort(reason);
  }

  async #perform(entry: Executing): Promise<void> {
    const { db, clock, metrics } = this.#o;
    const { run } = entry;
    const log = this.#o.log.child({ runId: run.id, accountId: run.accountId, kind: run.kind });
    const started = performance.now();
    metrics.active.inc();
    const heartbeat = setInterval(
      () => void this.#heartbeat(entry, log),
      Math.max(250, Math.floor(this.#o.leaseMs / 3)),
    );
    heartbeat.unref();
    const record = new RunRecorder({
      runId: run.id,
      db,
      clock,
      fanout: this.#o.fanout,
      log,
      counters: run.counters,
      lastSeq: await lastRunEventSeq(db, run.id),
    });
    let result: RunResult;
    try {
      const campaign = this.#o.campaigns.get(run.kind);
      if (!campaign) throw new Error(`no campaign of kind ${run.kind}`);
      const account = await getAccount(db, run.accountId);
      const settings = await getSettings(db, run.accountId);
      await record.event("run.started", { worker: this.id, dryRun: run.dryRun });
      log.info({ dryRun: run.dryRun }, "run started");
      const ctx: RunContext = {
        run: viewOfRun(run),
        account,
        settings,
        clock,
        log,
        record,
        signal: entry.controller.signal,
        stopReason: () => entry.stopReason,
      };
      result = await campaign.perform(ctx);
    } catch (error) {
      log.error({ err: error }, "run failed");
      result = isNudgeError(error)
        ? { status: "failed", errorCode: error.code, message: error.message }
        : { status: "failed", errorCode: "INTERNAL", message: `internal error: ${firstLine(error)}` };
    } finally {
      clearInterval(heartbeat);
      metrics.active.dec();
    }
    if (entry.stopReason === "lease_lost") {
      log.warn("lease lost while running: another worker marked the run interrupted");
      return;
    }
    const status: FinalRunStatus =
      entry.stopReason === "shutdown"
        ? "interrupted"
        : entry.stopReason === "cancelled" && result.status !== "failed"
          ? "cancelled"
          : result.status;
    const errorCode = status === "interrupted" ? "SHUTDOWN" : (result.errorCode ?? null);
    const errorMessage =
      status === "interrupted" ? "the process shut down; the next run continues safely" : (result.message ?? null);
    try {
      await record.event(
        "run.finished",
        { status, errorCode, message: errorMessage, counters: record.counters },
        status === "failed" ? "error" : "info",
      );
      const finished = await finishRun(
        db,
        run.id,
        this.id,
        { status, counters: record.counters, errorCode, errorMessage },
        clock.now(),
      );
      if (!finished) log.warn("the run's lease was lost at the end; another worker marked it interrupted");
      metrics.runs.inc({ kind: run.kind, status });
      metrics.duration.observe({ kind: run.kind }, (performance.now() - started) / 1000);
      log.info({ status, errorCode, counters: record.counters }, "run finished");
    } catch (error) {
      log.error(
        { err: error },
        "could not record the end of the run; its lease will expire and it will show as interrupted",
      );
    }
  }

  async #heartbeat(entry: Executing, log: Logger): Promise<void> {
    const now = this.#o.clock.now();
    try {
      const status = await renewRunLease(this.#o.db, entry.run.id, this.id, new Date(now.getTime() + this.#o.leaseMs));
      if (status === null) this.#stop(entry, "lease_lost");
      else if (status === "cancelling") this.#stop(entry, "cancelled");
    } catch (error) {
      // One missed renewal is not fatal: the lease has two more heartbeats of slack.
      log.warn({ err: error }, "could not renew the run's lease");
    }
  }
}
