const HOUR_MS = 3_600_000;

/**
 * What housekeeping keeps and how often it runs (docs/operations.md#housekeeping lists the
 * defaults and the environment variables that set them). A retention of 0 days keeps forever.
 */
export interface HousekeepingOptions {
  /** Time between two passes; also how long one process holds the pass for all of them. */
  intervalMs: number;
  /** Delay of the first pass after start: start-up on a Pi is busy enough. */
  firstDelayMs: number;
  /** Event logs of runs that ended longer ago are deleted (runs, counters and reports stay). */
  runEventsDays: number;
  /** Selector-miss screenshots and HTML under `<data dir>/artifacts/` older than this go. */
  artifactsDays: number;
  /** The text of older messages is cleared; who was wished, when and how stays forever. */
  messageTextDays: number;
  /** Notification events whose deliveries are all delivered or dead, and those deliveries. */
  notificationsDays: number;
  /** Finished page checks, with the screenshots and HTML they saved. */
  pageChecksDays: number;
  /** VACUUM when free pages are at least this share of the file (percent). */
  vacuumMinFreePercent: number;
}

export const HOUSEKEEPING_DEFAULTS: HousekeepingOptions = {
  intervalMs: 24 * HOUR_MS,
  firstDelayMs: 5 * 60_000,
  runEventsDays: 90,
  artifactsDays: 30,
  messageTextDays: 365,
  notificationsDays: 90,
  pageChecksDays: 90,
  vacuumMinFreePercent: 20,
};
