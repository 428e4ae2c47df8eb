import type { Account, CampaignKind } from "@nudge/db";
import type { Logger } from "pino";
import type { Settings } from "../settings/settings-schema.js";
import type { Clock } from "../time/clock.js";
import type { RunView } from "./run-model.js";
import type { RunRecorder } from "./run-recorder.js";

/** Why an executing run must stop at its next safe point. */
export type StopReason = "cancelled" | "lease_lost" | "shutdown";

/** What a campaign works with while it executes one run. */
export interface RunContext {
  run: RunView;
  account: Account;
  settings: Settings;
  clock: Clock;
  /** Carries the run id on every line. */
  log: Logger;
  record: RunRecorder;
  /** Aborted when the run must stop (see `stopReason`); pass it to waits. */
  signal: AbortSignal;
  stopReason(): StopReason | null;
}

export interface RunResult {
  status: "succeeded" | "failed" | "cancelled";
  /** A stable code when it failed or stopped early (`BREAKER_OPEN`, `OUTSIDE_WORKING_HOURS`…). */
  errorCode?: string;
  /** One sentence a person reads in the run's report. */
  message?: string;
}

export interface StartCheck {
  accountId: number;
  dryRun: boolean;
  params: Record<string, unknown>;
}

/**
 * A kind of campaign. `check` refuses a start with a `NudgeError` a person can act on
 * (SESSION_EXPIRED, BREAKER_OPEN, OUTSIDE_WORKING_HOURS, QUOTA_EXHAUSTED…); it runs when a run is
 * asked for and again when a worker picks it up, since things change while it waits.
 */
export interface Campaign {
  readonly kind: CampaignKind;
  /** Validates and fills in the run's parameters (throws VALIDATION_FAILED). */
  parseParams(params: unknown, accountId: number): Promise<Record<string, unknown>>;
  check(request: StartCheck): Promise<void>;
  perform(ctx: RunContext): Promise<RunResult>;
}
