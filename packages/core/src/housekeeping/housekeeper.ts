import { randomUUID } from "node:crypto";
import type { Database } from "@nudge/db";
import type { Logger } from "pino";
import type { LeaseCoordinator } from "../coordination/coordinator.js";
import { firstLine } from "../errors/first-line.js";
import type { Clock } from "../time/clock.js";
import { HOUSEKEEPING_DEFAULTS, type HousekeepingOptions } from "./housekeeping-options.js";
import { checkpoint, vacuumIfWorthwhile } from "./maintenance.js";
import { deleteOldNotifications, deleteOldPageChecks } from "./notification-retention.js";
import { clearOldMessageTexts, cutoff, deleteOldArtifacts, deleteOldRunEvents } from "./retention.js";

/** The lease that makes one process, of all those sharing the database, do each pass. */
export const HOUSEKEEPING_LEASE = "housekeeping";

export interface HousekeepingReport {
  runEventsDeleted: number;
  messageTextsCleared: number;
  artifactsDeleted: number;
  notificationsDeleted: number;
  pageChecksDeleted: number;
  /** Screenshots and HTML of the page checks deleted. */
  pageCheckArtifactsDeleted: number;
  /** Null on a remote database: the libsql server manages its own file. */
  checkpoint: { busy: boolean } | null;
  vacuum: { vacuumed: boolean; bytesBefore: number; bytesAfter: number } | null;
}

export interface HousekeeperDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  leases: LeaseCoordinator;
  dataDir: string;
  options?: Partial<HousekeepingOptions>;
}

/**
 * Keeps a Pi's SD card from filling up, in worker processes (docs/operations.md#housekeeping):
 * a WAL checkpoint, retention of run events, selector-miss artifacts, old message texts, settled
 * notifications and page checks, and
 * VACUUM when enough of the file is free. Scheduled like runs: every `intervalMs`, and the pass
 * is taken with a lease held for the whole interval, so with several workers one does it.
 */
export class Housekeeper {
  readonly options: HousekeepingOptions;
  readonly #deps: HousekeeperDeps;
  readonly #owner = `housekeeper-${randomUUID()}`;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;

  constructor(deps: HousekeeperDeps) {
    this.#deps = deps;
    this.options = { ...HOUSEKEEPING_DEFAULTS, ...deps.options };
  }

  start(): void {
    if (this.#timer) return;
    this.#schedule(this.options.firstDelayMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#running = this.runScheduled().finally(() => {
        this.#running = null;
        if (this.#timer) this.#schedule(this.options.intervalMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  /** One scheduled pass: done here only when this process takes the interval's lease. */
  async runScheduled(): Promise<HousekeepingReport | null> {
    const { leases, log } = this.#deps;
    try {
      if (!(await leases.acquire(HOUSEKEEPING_LEASE, this.#owner, this.options.intervalMs))) return null;
      return await this.runOnce();
    } catch (error) {
      log.warn({ err: firstLine(error) }, "housekeeping failed; trying again at the next interval");
      return null;
    }
  }

  /** A pass now, whatever the schedule. */
  async runOnce(): Promise<HousekeepingReport> {
    const { db, clock, log, dataDir } = this.#deps;
    const now = clock.now();
    const started = performance.now();
    const o = this.options;
    const eventsBefore = cutoff(now, o.runEventsDays);
    const textsBefore = cutoff(now, o.messageTextDays);
    const artifactsBefore = cutoff(now, o.artifactsDays);
    const notificationsBefore = cutoff(now, o.notificationsDays);
    const checksBefore = cutoff(now, o.pageChecksDays);
    const checks = checksBefore ? await deleteOldPageChecks(db, dataDir, checksBefore) : { checks: 0, artifacts: 0 };
    const report: HousekeepingReport = {
      runEventsDeleted: eventsBefore ? await deleteOldRunEvents(db, eventsBefore) : 0,
      messageTextsCleared: textsBefore ? await clearOldMessageTexts(db, textsBefore) : 0,
      artifactsDeleted: artifactsBefore ? await deleteOldArtifacts(dataDir, artifactsBefore) : 0,
      notificationsDeleted: notificationsBefore ? await deleteOldNotifications(db, notificationsBefore) : 0,
      pageChecksDeleted: checks.checks,
      pageCheckArtifactsDeleted: checks.artifacts,
      checkpoint: null,
      vacuum: null,
    };
    if (db.$client.protocol === "file") {
      const vacuum = await vacuumIfWorthwhile(db, o.vacuumMinFreePercent);
      report.vacuum = { vacuumed: vacuum.vacuumed, bytesBefore: vacuum.before.bytes, bytesAfter: vacuum.after.bytes };
      // After VACUUM, whose changes also pass through the WAL.
      report.checkpoint = await checkpoint(db);
    }
    log.info({ ...report, ms: Math.round(performance.now() - started) }, "housekeeping done");
    return report;
  }
}
