import type { Contact, Database } from "@nudge/db";
import type { Page } from "playwright-core";
import type { BirthdayTiming } from "../../browser/dates/birthday-date.js";
import type { BirthdayCard } from "../../browser/pages/birthdays-page.js";
import type { Composer, SendOutcome } from "../../browser/pages/composer.js";
import { isBlacklistedByName } from "../../contacts/contact-upsert.js";
import {
  beginInteraction,
  completeInteraction,
  lastMessageText,
  markActionStarted,
  nameOnlyOccasionHolder,
  occasionHolder,
} from "../../contacts/interaction-writes.js";
import type { Coordinator, QuotaDecision } from "../../coordination/coordinator.js";
import { classifyFailure } from "../../coordination/classify-failure.js";
import { firstLine, isNudgeError, NudgeError } from "../../errors/index.js";
import type { RunContext } from "../../runs/campaign.js";
import type { RunMetrics } from "../../runs/run-metrics.js";
import { writeTransaction } from "../../runs/write.js";
import { pickTemplate, renderTemplate } from "../../settings/templates.js";
import type { CalendarDate } from "../../time/zoned.js";
import { birthdayTemplates, formatBirthday } from "./birthday-templates.js";

/** Why a card got no wish; each is a counter (`skipped:<reason>`) and a line of the report. */
export type BirthdaySkipReason =
  | "unknown_date"
  | "upcoming"
  | "outside_late_window"
  | "disabled_by_settings"
  | "blacklisted"
  | "not_a_connection"
  | "already_wished"
  | "quota_limited";

export interface WishDeps {
  db: Database;
  coordinator: Coordinator;
  metrics: RunMetrics;
  random: () => number;
}

/** What happened to one card. `stop` ends the run (LinkedIn pushed back, or quotas ran out). */
export type WishResult =
  | { kind: "skipped"; reason: BirthdaySkipReason; stop?: undefined }
  | {
      kind: "acted";
      outcome: "sent" | "dry_run" | "failed" | "unknown";
      stop?: { errorCode: string; message: string };
    };

export interface WishTarget {
  card: BirthdayCard;
  contact: Contact;
  timing: Extract<BirthdayTiming, { kind: "past" }>;
}

/** The occasion a wish is for: the year of the birthday being celebrated (Dec 31 wished on Jan 2 is last year's). */
export const birthdayOccasion = (date: CalendarDate) => `birthday:${date.year}`;

/** The skip rules that need no action, in order. Null: the person may get a wish. */
export async function skipReason(
  deps: WishDeps,
  ctx: RunContext,
  target: WishTarget,
): Promise<BirthdaySkipReason | null> {
  const { card, contact, timing } = target;
  const rules = ctx.settings.birthday;
  if (timing.daysLate > rules.lateWindowDays) return "outside_late_window";
  if (timing.daysLate === 0 ? !rules.processToday : !rules.processLate) return "disabled_by_settings";
  if (contact.status === "blacklisted" || (await isBlacklistedByName(deps.db, ctx.account.id, contact.fullName)))
    return "blacklisted";
  if (!card.isConnection) return "not_a_connection";
  const occasion = birthdayOccasion(timing.date);
  if (
    (await occasionHolder(deps.db, ctx.account.id, contact.id, "birthday_message", occasion)) ||
    (await nameOnlyOccasionHolder(deps.db, ctx.account.id, contact.fullName, "birthday_message", occasion))
  )
    return "already_wished";
  return null;
}

/** The exact text this person gets: a template of the account's locale, not the one they got last time. */
export async function composeWish(deps: WishDeps, ctx: RunContext, target: WishTarget): Promise<string> {
  const { contact, timing } = target;
  const templates = birthdayTemplates(ctx.settings, ctx.account.locale, timing.daysLate > 0);
  const values = {
    first_name: contact.firstName ?? contact.fullName,
    name: contact.fullName,
    days_late: String(timing.daysLate),
    date: formatBirthday(timing.date, ctx.account.locale),
  };
  const last = await lastMessageText(deps.db, contact.id, "birthday_message");
  const avoid = last === null ? null : (templates.find((t) => renderTemplate(t, values) === last) ?? null);
  return renderTemplate(pickTemplate(templates, deps.random, avoid), values);
}

/**
 * Wishes one person, never twice and never the wrong one: reserve quota → record `pending` with
 * the exact text → open the composer from inside their card and check the recipient → type →
 * mark the point of no return → Send → verify in the thread. Before Send a failure refunds the
 * reservation; after it, any doubt keeps it and the interaction stays `unknown` (never resent).
 */
export async function wish(
  deps: WishDeps,
  ctx: RunContext,
  target: WishTarget,
  io: { composer: Composer; page: Page; dryBudgetLeft: () => number; permitId: string },
): Promise<WishResult> {
  const { db, coordinator } = deps;
  const { run, account } = ctx;
  const { card, contact, timing } = target;
  const text = await composeWish(deps, ctx, target);
  const occasion = birthdayOccasion(timing.date);
  const kind = timing.daysLate === 0 ? "today" : "late";
  const base = {
    contactId: contact.id,
    name: contact.fullName,
    profileUrl: contact.profileUrl,
    daysLate: timing.daysLate,
  };

  /** The interaction with the exact text: a dry run's record, or the pending wish that holds the occasion. */
  const record = (status: "dry_run" | "pending", reservationId: string | null) =>
    beginInteraction(db, {
      accountId: account.id,
      contactId: contact.id,
      runId: run.id,
      type: "birthday_message",
      occasion,
      status,
      messageText: text,
      daysLate: timing.daysLate,
      reservationId,
      at: ctx.clock.now(),
    });

  if (run.dryRun) {
    if (io.dryBudgetLeft() <= 0) return { kind: "skipped", reason: "quota_limited" };
    const outcome = await io.composer.sendFromCard(card.locator, card.name, text, { dryRun: true });
    if (outcome.status === "not_sent") return settleNotSent(deps, ctx, outcome, base, null, null);
    if (outcome.status !== "dry_run") throw new Error(`a dry run came back as ${outcome.status}`);
    await record("dry_run", null);
    deps.metrics.messages.inc({ kind, outcome: "dry_run" });
    await ctx.record.event("contact.dry_run", { ...base, text });
    return { kind: "acted", outcome: "dry_run" };
  }

  const decision: QuotaDecision = await coordinator.quota.reserve({
    accountId: account.id,
    action: "birthday_message",
    runId: run.id,
  });
  if (!decision.allowed) {
    await ctx.record.event(
      "quota.denied",
      { ...base, window: decision.deniedBy, retryAt: decision.retryAt ?? null },
      "warn",
    );
    return { kind: "skipped", reason: "quota_limited" };
  }
  const reservationId = decision.reservationId;
  if (!reservationId) throw new Error("an allowed reservation came without its id");
  const pending = await record("pending", reservationId);
  if (!pending) {
    // Another run took this occasion between our check and now.
    await coordinator.quota.refund(reservationId);
    return { kind: "skipped", reason: "already_wished" };
  }
  await ctx.record.event("contact.sending", { ...base, text });
  let actionStarted = false;
  let outcome: SendOutcome;
  try {
    outcome = await io.composer.sendFromCard(card.locator, card.name, text, {
      beforeSend: async () => {
        await writeTransaction(db, (tx) => markActionStarted(tx, pending.id));
        actionStarted = true;
      },
    });
  } catch (error) {
    // The page broke under us (navigation, crash, a warning sign): what happened depends on Send.
    const status = actionStarted ? "unknown" : "failed";
    await writeTransaction(db, (tx) =>
      completeInteraction(tx, pending.id, { status, reason: firstLine(error), at: ctx.clock.now() }),
    );
    if (!actionStarted) await coordinator.quota.refund(reservationId);
    deps.metrics.messages.inc({ kind, outcome: status });
    await ctx.record.event(`contact.${status}`, { ...base, text, reason: firstLine(error) }, "error");
    return { kind: "acted", outcome: status, stop: await recordFailure(deps, ctx, error) };
  }
  if (outcome.status === "sent_verified") {
    await writeTransaction(db, (tx) => completeInteraction(tx, pending.id, { status: "sent", at: ctx.clock.now() }));
    await coordinator.quota.commit(reservationId);
    await coordinator.breaker.recordSuccess(account.id, io.permitId);
    deps.metrics.messages.inc({ kind, outcome: "sent" });
    await ctx.record.event("contact.sent", { ...base, text, recipientHeader: outcome.recipientHeader });
    return { kind: "acted", outcome: "sent" };
  }
  if (outcome.status === "unknown_after_send") {
    // Keep the reservation: the message may have gone out. Never resent automatically.
    await writeTransaction(db, (tx) =>
      completeInteraction(tx, pending.id, { status: "unknown", reason: outcome.message, at: ctx.clock.now() }),
    );
    deps.metrics.messages.inc({ kind, outcome: "unknown" });
    await ctx.record.event("contact.unknown", { ...base, text, reason: outcome.message }, "warn");
    const stop = outcome.signal
      ? await recordFailure(deps, ctx, new NudgeError(outcome.signal as never, outcome.message))
      : undefined;
    return { kind: "acted", outcome: "unknown", stop };
  }
  if (outcome.status === "dry_run") throw new Error("a real send came back as a dry run");
  return settleNotSent(deps, ctx, outcome, base, pending.id, reservationId);
}

type NotSent = Extract<SendOutcome, { status: "not_sent" }>;

/** Composer problems that say LinkedIn's page is not behaving: three in a row pause the account. */
const PAGE_TROUBLE: ReadonlySet<NotSent["reason"]> = new Set([
  "composer_did_not_open",
  "textbox_missing",
  "send_button_missing",
  "typing_failed",
]);

async function settleNotSent(
  deps: WishDeps,
  ctx: RunContext,
  outcome: NotSent,
  base: Record<string, unknown>,
  interactionId: number | null,
  reservationId: string | null,
): Promise<WishResult> {
  const at = ctx.clock.now();
  const skipped = outcome.reason === "not_a_connection";
  if (interactionId !== null) {
    await writeTransaction(deps.db, (tx) =>
      completeInteraction(tx, interactionId, { status: skipped ? "skipped" : "failed", reason: outcome.reason, at }),
    );
  }
  if (reservationId !== null) await deps.coordinator.quota.refund(reservationId);
  if (skipped) return { kind: "skipped", reason: "not_a_connection" };
  deps.metrics.messages.inc({ kind: Number(base.daysLate) === 0 ? "today" : "late", outcome: "failed" });
  await ctx.record.event("contact.failed", { ...base, reason: outcome.reason, message: outcome.message }, "warn");
  const stop = PAGE_TROUBLE.has(outcome.reason) ? await recordFailure(deps, ctx, "transient") : undefined;
  return { kind: "acted", outcome: "failed", stop };
}

/**
 * Tells the breaker; returns how the run must stop when it is now open (a restriction, an
 * expired session, or transient failures piling up).
 */
export async function recordFailure(
  deps: Pick<WishDeps, "coordinator">,
  ctx: RunContext,
  failure: unknown,
): Promise<{ errorCode: string; message: string } | undefined> {
  const snapshot = await deps.coordinator.breaker.recordFailure(ctx.account.id, failure);
  if (snapshot.state === "closed") return undefined;
  const classified = classifyFailure(failure);
  const message = isNudgeError(failure)
    ? failure.message
    : `the circuit breaker opened (${snapshot.reason ?? classified.reason})`;
  await ctx.record.event(
    "breaker.opened",
    { reason: snapshot.reason, hard: snapshot.hard, until: snapshot.until },
    "error",
  );
  return { errorCode: classified.class === "session_expired" ? "SESSION_EXPIRED" : "BREAKER_OPEN", message };
}
