import { isNudgeError } from "../errors/index.js";
import type { RunContext, RunResult } from "../runs/campaign.js";

/** Why a campaign stopped before its end; `benign` when a rule did its job (the run succeeded). */
export type Stop = { errorCode: string; message: string; benign?: boolean };

/** A domain error as the stop it causes; anything else is a bug and propagates. */
export function stopOf(error: unknown): Stop {
  if (isNudgeError(error)) return { errorCode: error.code, message: error.message };
  throw error;
}

/** Every counted skip, whatever its reason (`skipped:<reason>` counters). */
function skippedCount(counters: Record<string, number>): number {
  return Object.entries(counters)
    .filter(([k]) => k.startsWith("skipped:"))
    .reduce((n, [, v]) => n + v, 0);
}

/**
 * How a campaign's run ends: cancelled by a person, stopped (failed, or succeeded when benign) or
 * finished — its message ending with the campaign's own one-line summary of the counters.
 */
export function runOutcome(
  ctx: RunContext,
  stop: Stop | null,
  summarize: (counters: Record<string, number>, skipped: number) => string,
): RunResult {
  const summary = summarize(ctx.record.counters, skippedCount(ctx.record.counters));
  if (ctx.stopReason() === "cancelled") return { status: "cancelled", message: `cancelled by a person: ${summary}` };
  if (stop) {
    return {
      status: stop.benign ? "succeeded" : "failed",
      errorCode: stop.errorCode,
      message: `${stop.message} (${summary})`,
    };
  }
  return { status: "succeeded", message: summary };
}
