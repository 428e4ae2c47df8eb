import type { Clock } from "../../time/clock.js";
import { z } from "zod";
import { parseBirthdayDateText } from "../../browser/dates/birthday-date.js";
import { BirthdaysPage, type BirthdayCard } from "../../browser/pages/birthdays-page.js";
import { Composer } from "../../browser/pages/composer.js";
import { SignalWatch } from "../../browser/pages/signal-watch.js";
import { upsertContact } from "../../contacts/contact-upsert.js";
import { NudgeError } from "../../errors/index.js";
import type { Campaign, RunContext, RunResult, StartCheck } from "../../runs/campaign.js";
import { writeTransaction } from "../../runs/write.js";
import { isWithinWorkingHours } from "../../time/working-hours.js";
import { idleActivity, pause, pick } from "../pacing.js";
import { checkStart, dryRunAllowance, refusalAtStart } from "../preconditions.js";
import { runOutcome, stopOf, type Stop } from "../run-outcome.js";
import { withRunPage, type RunBrowserDeps } from "../run-browser.js";
import {
  recordFailure,
  skipReason,
  wish,
  type BirthdaySkipReason,
  type WishDeps,
  type WishResult,
} from "./birthday-wish.js";

export interface BirthdayCampaignDeps extends RunBrowserDeps, WishDeps {
  clock: Clock;
}

/** A birthday run takes no parameters today; unknown ones are refused rather than ignored. */
const paramsSchema = z.object({}).strict();

/** Codes that end a run as "nothing to do right now" rather than as a failure. */

/**
 * The birthday campaign (docs/architecture.md): read the birthdays page, and wish every
 * 1st-degree connection whose birthday is today — or was, within the late window — exactly
 * once, inside working hours and quotas, stopping at once when LinkedIn pushes back.
 */
export class BirthdayCampaign implements Campaign {
  readonly kind = "birthday" as const;
  readonly #deps: BirthdayCampaignDeps;

  constructor(deps: BirthdayCampaignDeps) {
    this.#deps = deps;
  }

  parseParams(params: unknown): Promise<Record<string, unknown>> {
    const parsed = paramsSchema.safeParse(params ?? {});
    if (!parsed.success) {
      return Promise.reject(
        new NudgeError("VALIDATION_FAILED", "a birthday run takes no parameters", { cause: parsed.error }),
      );
    }
    return Promise.resolve(parsed.data);
  }

  check(request: StartCheck): Promise<void> {
    return checkStart(this.#deps, request, "birthday_message");
  }

  async perform(ctx: RunContext): Promise<RunResult> {
    const deps = this.#deps;
    const refused = await refusalAtStart(deps, ctx, "birthday_message");
    if (refused) return refused;
    let dryLeft = await dryRunAllowance(deps, ctx, "birthday_message");
    const stop = await withRunPage(deps, ctx, async ({ page, engine, baseUrl }) => {
      const birthdays = new BirthdaysPage(page, { engine, baseUrl, log: ctx.log });
      const composer = new Composer(page, {
        engine,
        typingDelayMs: ctx.settings.pacing.typingDelayMs,
        random: deps.random,
        log: ctx.log,
      });
      let opened: string;
      try {
        opened = await birthdays.goto();
      } catch (error) {
        return (await recordFailure(deps, ctx, error)) ?? stopOf(error);
      }
      await ctx.record.event("scan.started", { url: opened });
      const watch = new SignalWatch(page, { engine, baseUrl });
      let cards = 0;
      for await (const card of birthdays.cards()) {
        if (ctx.stopReason()) return null;
        cards++;
        const result = await this.#handle(ctx, card, { composer, page, watch, dryBudgetLeft: () => dryLeft });
        if (result === "stop-cancel") return null;
        if (result && "errorCode" in result) return result;
        if (result?.kind === "acted" && result.outcome === "dry_run") dryLeft--;
        if (result?.kind === "acted") {
          if (result.stop) return result.stop;
          const delay = pick(ctx.settings.pacing.birthdayDelaySeconds, deps.random);
          await ctx.record.event("pacing.wait", { ms: ctx.run.dryRun ? Math.min(delay, 5_000) : delay }, "debug");
          if (!(await pause(ctx.run.dryRun ? Math.min(delay, 5_000) : delay, ctx.signal))) return null;
          if (deps.random() < ctx.settings.pacing.idleActivityChance) await idleActivity(page, deps.random);
        }
      }
      await ctx.record.event("scan.finished", { cards });
      return null;
    });
    return this.#result(ctx, stop);
  }

  /** One card: upsert the person, apply the skip rules, then wish (or stop the run). */
  async #handle(
    ctx: RunContext,
    card: BirthdayCard,
    io: Omit<Parameters<typeof wish>[3], "permitId"> & { watch: SignalWatch },
  ): Promise<WishResult | Stop | "stop-cancel" | null> {
    const deps = this.#deps;
    const { account } = ctx;
    ctx.record.count("seen");
    const timing = parseBirthdayDateText(card.rawDateText, {
      today: ctx.clock.now(),
      timeZone: account.timezone,
      locale: account.locale,
    });
    const contact = await writeTransaction(deps.db, (tx) =>
      upsertContact(
        tx,
        {
          accountId: account.id,
          profileUrl: card.profileUrl,
          publicId: card.publicId,
          fullName: card.name,
          source: "birthday",
          birthday: timing.kind === "unknown" ? undefined : { month: timing.date.month, day: timing.date.day },
        },
        ctx.clock.now(),
      ),
    );
    const base = { contactId: contact.id, name: contact.fullName, profileUrl: contact.profileUrl };
    const skip = async (reason: BirthdaySkipReason, extra: Record<string, unknown> = {}): Promise<WishResult> => {
      ctx.record.count(`skipped:${reason}`);
      deps.metrics.contactsProcessed.inc({ source: "birthday", outcome: "skipped" });
      await ctx.record.event("contact.skipped", { ...base, reason, ...extra });
      return { kind: "skipped", reason };
    };
    if (timing.kind === "unknown") return skip("unknown_date", { dateText: card.rawDateText });
    if (timing.kind === "upcoming") return skip("upcoming", { daysUntil: timing.daysUntil });
    const target = { card, contact, timing };
    const reason = await skipReason(deps, ctx, target);
    if (reason) return skip(reason, { daysLate: timing.daysLate });
    ctx.record.count("eligible");

    // Every single action is gated: the working day may have ended, the breaker may have opened.
    if (ctx.stopReason()) return "stop-cancel";
    if (!isWithinWorkingHours(ctx.clock.now(), ctx.settings.workingHours, account.timezone)) {
      return {
        errorCode: "OUTSIDE_WORKING_HOURS",
        message: "stopped at the end of working hours; the rest waits for the next run",
        benign: true,
      };
    }
    try {
      await io.watch.check();
    } catch (error) {
      return (await recordFailure(deps, ctx, error)) ?? stopOf(error);
    }
    const permit = await deps.coordinator.breaker.permit(account.id);
    if (!permit.allowed)
      return {
        errorCode: "BREAKER_OPEN",
        message: `the circuit breaker is open (${permit.reason ?? "unknown reason"})`,
      };

    const result = await wish(deps, ctx, target, { ...io, permitId: permit.permitId });
    if (result.kind === "skipped") return skip(result.reason, { daysLate: timing.daysLate });
    ctx.record.count(result.outcome);
    deps.metrics.contactsProcessed.inc({
      source: "birthday",
      outcome: result.outcome === "sent" || result.outcome === "unknown" ? "acted" : result.outcome,
    });
    return result;
  }

  #result(ctx: RunContext, stop: Stop | null): RunResult {
    return runOutcome(ctx, stop, (c, skipped) =>
      ctx.run.dryRun
        ? `${c.dry_run ?? 0} would be sent, ${skipped} skipped, ${c.failed ?? 0} failed`
        : `${c.sent ?? 0} sent, ${skipped} skipped, ${c.failed ?? 0} failed, ${c.unknown ?? 0} unknown`,
    );
  }
}
