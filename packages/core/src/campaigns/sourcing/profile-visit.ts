import type { Database } from "@nudge/db";
import type { Page } from "playwright-core";
import type { ProfileData, ProfilePage } from "../../browser/pages/profile-page.js";
import { upsertContact } from "../../contacts/contact-upsert.js";
import { beginInteraction, completeInteraction, markActionStarted } from "../../contacts/interaction-writes.js";
import type { Coordinator } from "../../coordination/coordinator.js";
import { firstLine } from "../../errors/index.js";
import type { RunContext } from "../../runs/campaign.js";
import type { RunMetrics } from "../../runs/run-metrics.js";
import { writeTransaction } from "../../runs/write.js";
import { formatCalendarDate, zonedDate } from "../../time/zoned.js";
import { recordFailure } from "../birthday/birthday-wish.js";
import { idleActivity, pause, pick } from "../pacing.js";
import { fitScore } from "./fit-score.js";
import type { SourcingCriteria } from "./sourcing-criteria.js";

export interface VisitDeps {
  db: Database;
  coordinator: Coordinator;
  metrics: RunMetrics;
  random: () => number;
}

/** A profile found in the results, not excluded, not visited within the dedupe window. */
export interface VisitTarget {
  profileUrl: string;
  publicId: string;
  /** As the search result showed it. */
  name: string;
}

export type VisitResult =
  | { kind: "visited"; score: number }
  | { kind: "quota_limited" }
  | { kind: "already_visited" }
  | { kind: "failed"; stop?: { errorCode: string; message: string } | undefined }
  | { kind: "cancelled" };

/** One visit a day per person: the occasion the interactions' unique index holds (the import writes the same). */
export const visitOccasion = (at: Date, timeZone: string) => `visit:${formatCalendarDate(zonedDate(at, timeZone))}`;

/**
 * Visits one profile like a person: reserve `profile_visit` → record the `pending` visit → open
 * the profile (the point of no return: LinkedIn counts the view) → stay a while, now and then
 * scroll → read it → upsert the contact with its fit score → the visit is `sent`, the quota
 * committed. A page that does not load is `failed` and refunded; nothing is ever clicked but
 * About's "see more".
 */
export async function visitProfile(
  deps: VisitDeps,
  ctx: RunContext,
  target: VisitTarget,
  io: { page: Page; profile: ProfilePage; criteria: SourcingCriteria; permitId: string },
): Promise<VisitResult> {
  const { db, coordinator, metrics } = deps;
  const { run, account } = ctx;
  const base = { name: target.name, profileUrl: target.profileUrl };
  const decision = await coordinator.quota.reserve({ accountId: account.id, action: "profile_visit", runId: run.id });
  if (!decision.allowed || !decision.reservationId) {
    await ctx.record.event(
      "quota.denied",
      { ...base, window: decision.deniedBy, retryAt: decision.retryAt ?? null },
      "warn",
    );
    return { kind: "quota_limited" };
  }
  const reservationId = decision.reservationId;
  // The contact exists before the visit so that the pending visit can point at it.
  const seen = await upsertContact(
    db,
    {
      accountId: account.id,
      profileUrl: target.profileUrl,
      publicId: target.publicId,
      fullName: target.name,
      source: "sourcing",
    },
    ctx.clock.now(),
  );
  const pending = await beginInteraction(db, {
    accountId: account.id,
    contactId: seen.id,
    runId: run.id,
    type: "profile_visit",
    occasion: visitOccasion(ctx.clock.now(), account.timezone),
    status: "pending",
    reservationId,
    at: ctx.clock.now(),
  });
  if (!pending) {
    await coordinator.quota.refund(reservationId);
    return { kind: "already_visited" };
  }
  await writeTransaction(db, (tx) => markActionStarted(tx, pending.id));
  let data: ProfileData;
  try {
    await io.profile.visit(target.profileUrl);
  } catch (error) {
    // The page never showed: LinkedIn saw no view (or refused it), so the quota goes back.
    await writeTransaction(db, (tx) =>
      completeInteraction(tx, pending.id, { status: "failed", reason: firstLine(error), at: ctx.clock.now() }),
    );
    await coordinator.quota.refund(reservationId);
    metrics.profileVisits.inc({ outcome: "failed" });
    await ctx.record.event("contact.failed", { ...base, contactId: seen.id, reason: firstLine(error) }, "warn");
    return { kind: "failed", stop: await recordFailure(deps, ctx, error) };
  }
  try {
    // Time on the profile, like a person reading it.
    const onProfile = pick(ctx.settings.pacing.visitOnProfileSeconds, deps.random);
    if (deps.random() < ctx.settings.pacing.idleActivityChance) await idleActivity(io.page, deps.random);
    const stayed = await pause(onProfile, ctx.signal);
    data = await io.profile.read();
    if (!stayed) {
      await finish(deps, ctx, pending.id, reservationId, "sent", "cancelled while on the profile");
      return { kind: "cancelled" };
    }
  } catch (error) {
    // Opened but not read: the view happened, so the quota stays spent.
    await finish(deps, ctx, pending.id, reservationId, "sent", `not read: ${firstLine(error)}`);
    metrics.profileVisits.inc({ outcome: "failed" });
    await ctx.record.event("contact.failed", { ...base, contactId: seen.id, reason: firstLine(error) }, "warn");
    return { kind: "failed", stop: await recordFailure(deps, ctx, error) };
  }
  const breakdown = fitScore(io.criteria, data);
  const contact = await upsertContact(
    db,
    {
      accountId: account.id,
      profileUrl: target.profileUrl,
      publicId: target.publicId,
      fullName: data.name || target.name,
      source: "sourcing",
      headline: data.headline,
      location: data.location,
      company: data.company,
      profile: {
        openToWork: data.openToWork,
        about: data.about,
        experienceTitles: data.experienceTitles,
        degree: data.degree,
      },
      fitScore: breakdown.score,
      fitBreakdown: { ...breakdown },
    },
    ctx.clock.now(),
  );
  await finish(deps, ctx, pending.id, reservationId, "sent", null);
  await coordinator.breaker.recordSuccess(account.id, io.permitId);
  metrics.profileVisits.inc({ outcome: "visited" });
  await ctx.record.event("contact.visited", {
    ...base,
    name: contact.fullName,
    contactId: contact.id,
    fitScore: breakdown.score,
    qualified: breakdown.score >= io.criteria.minFitScore,
  });
  return { kind: "visited", score: breakdown.score };
}

async function finish(
  deps: VisitDeps,
  ctx: RunContext,
  interactionId: number,
  reservationId: string,
  status: "sent",
  reason: string | null,
): Promise<void> {
  await writeTransaction(deps.db, (tx) =>
    completeInteraction(tx, interactionId, { status, reason, at: ctx.clock.now() }),
  );
  await deps.coordinator.quota.commit(reservationId);
}
