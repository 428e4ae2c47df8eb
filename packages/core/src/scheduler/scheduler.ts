import { createHash, randomUUID } from "node:crypto";
import {
  accounts,
  and,
  desc,
  eq,
  isUniqueViolation,
  scheduleFires,
  type Account,
  type CampaignKind,
  type Database,
  type ScheduleFire,
  type ScheduleFireOutcome,
} from "@nudge/db";
import type { Logger } from "pino";
import type { Coordinator } from "../coordination/coordinator.js";
import { firstLine, isNudgeError } from "../errors/index.js";
import type { RunMetrics } from "../runs/run-metrics.js";
import type { RunService } from "../runs/run-service.js";
import { notify } from "../notifications/notify.js";
import { writeTransaction } from "../runs/write.js";
import type { Settings } from "../settings/settings-schema.js";
import { getSettings } from "../settings/settings-store.js";
import type { Clock } from "../time/clock.js";
import { RepeatingTask } from "../time/repeating-task.js";
import { isWithinWorkingHours } from "../time/working-hours.js";
import { zonedDate } from "../time/zoned.js";
import { previousFires } from "./cron.js";

export interface SchedulerOptions {
  db: Database;
  coordinator: Coordinator;
  clock: Clock;
  log: Logger;
  runs: RunService;
  metrics: RunMetrics;
  /** How often the leader looks at the schedules. */
  intervalMs?: number;
  /** A fire not acted on this long after its (jittered) time was missed: no scheduler was up. */
  graceMs?: number;
}

const LEASE = "scheduler";
const KINDS: readonly CampaignKind[] = ["birthday", "sourcing"];
/** How far back missed fires are recorded when a scheduler comes back after a long absence. */
const MISSED_LOOKBACK = 20;

/**
 * Queues runs from each account's cron schedules, in the account's zone. One scheduling
 * process at a time holds a lease; every fire time is claimed in `schedule_fires` through a
 * unique index before anything is queued, so even two leaders could not queue a fire twice. A
 * fire that passed while no scheduler was up is recorded as missed (and counted); the latest one
 * is caught up once if the scheduler is back inside the same working day.
 */
export class Scheduler {
  readonly owner = `scheduler-${randomUUID()}`;
  readonly #o: Required<SchedulerOptions>;
  readonly #task: RepeatingTask;
  #leader = false;

  constructor(options: SchedulerOptions) {
    this.#o = { intervalMs: 30_000, graceMs: 5 * 60_000, ...options };
    this.#task = new RepeatingTask(
      () => this.tick(),
      this.#o.intervalMs,
      (error) => this.#o.log.warn({ err: error }, "scheduler tick failed; will retry"),
    );
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  start(): void {
    this.#task.start();
  }

  async stop(): Promise<void> {
    await this.#task.stop();
    if (this.#leader) await this.#o.coordinator.leases.release(LEASE, this.owner).catch(() => false);
    this.#leader = false;
  }

  /** One pass: hold (or take) the lease, then look at every active account's schedules. */
  async tick(): Promise<void> {
    const ttl = this.#o.intervalMs * 3;
    this.#leader = this.#leader
      ? (await this.#o.coordinator.leases.renew(LEASE, this.owner, ttl)) ||
        (await this.#o.coordinator.leases.acquire(LEASE, this.owner, ttl))
      : await this.#o.coordinator.leases.acquire(LEASE, this.owner, ttl);
    if (!this.#leader) return;
    const rows = await this.#o.db.select().from(accounts).where(eq(accounts.status, "active"));
    for (const account of rows) {
      const settings = await getSettings(this.#o.db, account.id);
      for (const kind of KINDS) {
        const schedule = settings.schedules[kind];
        if (!schedule.enabled) continue;
        await this.#consider(account, settings, kind, schedule.cron).catch((error: unknown) =>
          this.#o.log.warn({ err: error, accountId: account.id, kind }, "could not handle a schedule"),
        );
      }
    }
  }

  async #consider(account: Account, settings: Settings, kind: CampaignKind, cron: string): Promise<void> {
    const now = this.#o.clock.now();
    // Fires before the account existed, or before the last one already dealt with, are not ours to judge.
    const since = await this.#baseline(account, kind);
    const fires = previousFires(cron, account.timezone, now, MISSED_LOOKBACK).filter((f) => f > since);
    const latest = fires[0];
    if (!latest) return;
    const dueAt = new Date(latest.getTime() + jitterMs(account.id, kind, latest, settings.schedules.jitterMinutes));
    if (now < dueAt) return;
    if (await this.#recorded(account.id, kind, latest)) return;

    const missed = now.getTime() - dueAt.getTime() > this.#o.graceMs;
    if (missed) {
      // Earlier fires in the gap are recorded too (oldest last), so that an absence shows whole.
      for (const earlier of fires.slice(1)) {
        if (await this.#recorded(account.id, kind, earlier)) break;
        if (await this.#claim(account.id, kind, earlier, "missed")) this.#o.metrics.scheduledMissed.inc();
      }
    }
    const sameDay =
      JSON.stringify(zonedDate(latest, account.timezone)) === JSON.stringify(zonedDate(now, account.timezone));
    const open = isWithinWorkingHours(now, settings.workingHours, account.timezone);
    let outcome: ScheduleFireOutcome;
    if (missed && !(sameDay && open)) outcome = "missed";
    else if (!open) outcome = "outside_working_hours";
    else outcome = missed ? "caught_up" : "enqueued";
    const fire = await this.#claim(account.id, kind, latest, outcome);
    if (!fire) return; // another scheduler got there first
    if (missed) this.#o.metrics.scheduledMissed.inc();
    const log = this.#o.log.child({ accountId: account.id, kind, fireAt: latest });
    if (outcome !== "enqueued" && outcome !== "caught_up") {
      log.warn(
        { outcome },
        outcome === "missed" ? "scheduled run missed" : "scheduled run not started: outside working hours",
      );
      return;
    }
    try {
      const run = await this.#o.runs.start(
        { accountId: account.id, kind, dryRun: false, trigger: "schedule" },
        { by: "scheduler", log },
      );
      await writeTransaction(this.#o.db, (tx) =>
        tx.update(scheduleFires).set({ runId: run.id }).where(eq(scheduleFires.id, fire.id)),
      );
      log.info({ runId: run.id, outcome }, "scheduled run queued");
    } catch (error) {
      const code = isNudgeError(error) ? error.code : "INTERNAL";
      await writeTransaction(this.#o.db, (tx) =>
        tx.update(scheduleFires).set({ outcome: "refused", errorCode: code }).where(eq(scheduleFires.id, fire.id)),
      );
      log.warn({ code, reason: firstLine(error) }, "scheduled run refused");
    }
  }

  async #baseline(account: Account, kind: CampaignKind): Promise<Date> {
    const last = await this.#o.db
      .select({ fireAt: scheduleFires.fireAt })
      .from(scheduleFires)
      .where(and(eq(scheduleFires.accountId, account.id), eq(scheduleFires.kind, kind)))
      .orderBy(desc(scheduleFires.fireAt))
      .limit(1)
      .get();
    const lastFire = last?.fireAt.getTime() ?? 0;
    // A fire equal to the last recorded one is still looked at (and found recorded).
    return new Date(Math.max(account.createdAt.getTime(), lastFire - 1));
  }

  async #recorded(accountId: number, kind: CampaignKind, fireAt: Date): Promise<boolean> {
    const row = await this.#o.db
      .select({ id: scheduleFires.id })
      .from(scheduleFires)
      .where(
        and(eq(scheduleFires.accountId, accountId), eq(scheduleFires.kind, kind), eq(scheduleFires.fireAt, fireAt)),
      )
      .get();
    return row !== undefined;
  }

  /** Records the fire; null when it already was (the unique index decides). */
  async #claim(
    accountId: number,
    kind: CampaignKind,
    fireAt: Date,
    outcome: ScheduleFireOutcome,
  ): Promise<ScheduleFire | null> {
    try {
      const [row] = await writeTransaction(this.#o.db, async (tx) => {
        const at = this.#o.clock.now();
        const rows = await tx
          .insert(scheduleFires)
          .values({ accountId, kind, fireAt, outcome, recordedAt: at })
          .returning();
        if (outcome === "missed")
          // One message per schedule and day, however many fires a long absence missed.
          await notify(tx, {
            accountId,
            type: "schedule.missed",
            data: { kind, fireAt: fireAt.toISOString() },
            dedupeKey: `schedule.missed:${accountId}:${kind}:${fireAt.toISOString().slice(0, 10)}`,
            at,
          });
        return rows;
      });
      return row ?? null;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }
}

/** A stable delay in [0, jitterMinutes) for one fire: the same on every scheduler, different each day. */
export function jitterMs(accountId: number, kind: CampaignKind, fireAt: Date, jitterMinutes: number): number {
  if (jitterMinutes <= 0) return 0;
  const digest = createHash("sha256").update(`${accountId}:${kind}:${fireAt.toISOString()}`).digest();
  return Math.floor((digest.readUInt32BE(0) / 2 ** 32) * jitterMinutes * 60_000);
}

/** An account's recent fires, newest first, for the API (missed ones stay visible here). */
export function recentScheduleFires(db: Database, accountId: number, limit = 20): Promise<ScheduleFire[]> {
  return db
    .select()
    .from(scheduleFires)
    .where(eq(scheduleFires.accountId, accountId))
    .orderBy(desc(scheduleFires.fireAt), desc(scheduleFires.id))
    .limit(limit);
}
