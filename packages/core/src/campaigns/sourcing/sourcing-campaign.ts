import type { Page } from "playwright-core";
import { z } from "zod";
import { canonicalProfile, type PeopleSearchQuery } from "../../browser/pages/linkedin-urls.js";
import { ProfilePage } from "../../browser/pages/profile-page.js";
import { SearchResultsPage, type SearchResult } from "../../browser/pages/search-results-page.js";
import { SignalWatch } from "../../browser/pages/signal-watch.js";
import { NudgeError } from "../../errors/index.js";
import type { Campaign, RunContext, RunResult, StartCheck } from "../../runs/campaign.js";
import { getSettings } from "../../settings/settings-store.js";
import type { Clock } from "../../time/clock.js";
import { isWithinWorkingHours } from "../../time/working-hours.js";
import { recordFailure } from "../birthday/birthday-wish.js";
import { pause, pick } from "../pacing.js";
import { checkStart, dryRunAllowance, refusalAtStart } from "../preconditions.js";
import { runOutcome, stopOf, type Stop } from "../run-outcome.js";
import { withRunPage, type RunBrowserDeps } from "../run-browser.js";
import { visitProfile, type VisitDeps, type VisitTarget } from "./profile-visit.js";
import type { SavedSearchService } from "./saved-search-service.js";
import { parseCriteria } from "./saved-search-service.js";
import { searchKeywords, sourcingCriteriaSchema, type SourcingCriteria } from "./sourcing-criteria.js";
import { knownPerson } from "./sourcing-queries.js";

export interface SourcingCampaignDeps extends RunBrowserDeps, VisitDeps {
  clock: Clock;
  savedSearches: SavedSearchService;
}

/** A run takes a saved search by name, or inline criteria (exactly one of them). */
export const sourcingParamsSchema = z
  .object({ search: z.string().trim().min(1).max(80).optional(), criteria: z.unknown().optional() })
  .strict()
  .refine((p) => p.search === undefined || p.criteria === undefined, {
    message: "give a saved search's name or inline criteria, not both",
  });

/** Pages of results a run reads at most, whatever it finds (100 is LinkedIn's own limit). */
const MAX_RESULT_PAGES = 100;

export type SourcingSkipReason = "excluded" | "blacklisted" | "recently_visited" | "quota_limited";

/**
 * The sourcing campaign (docs/sourcing.md): search people with the criteria, page through the
 * results, and visit — paced, within quota and working hours — each profile not excluded and not
 * visited within the dedupe window, keeping what it shows and how well it fits. It reads pages
 * and scrolls; it never clicks Connect, Follow or Message.
 */
export class SourcingCampaign implements Campaign {
  readonly kind = "sourcing" as const;
  readonly #deps: SourcingCampaignDeps;

  constructor(deps: SourcingCampaignDeps) {
    this.#deps = deps;
  }

  /** Resolves a saved search into its criteria, so the run keeps what it looked for even if the search changes. */
  async parseParams(params: unknown, accountId: number): Promise<Record<string, unknown>> {
    const parsed = sourcingParamsSchema.safeParse(params ?? {});
    if (!parsed.success) {
      throw new NudgeError("VALIDATION_FAILED", parsed.error.issues[0]?.message ?? "invalid sourcing parameters", {
        cause: parsed.error,
      });
    }
    if (parsed.data.search !== undefined) {
      const saved = await this.#deps.savedSearches.get(accountId, parsed.data.search);
      return { search: saved.name, criteria: saved.criteria };
    }
    if (parsed.data.criteria !== undefined) return { criteria: parseCriteria(parsed.data.criteria) };
    // A scheduled run: the account's sourcing defaults (settings.sourcing).
    const defaults = (await getSettings(this.#deps.db, accountId)).sourcing;
    return {
      criteria: parseCriteria({
        ...defaults,
        exclusions: { keywords: defaults.exclusions },
      }),
    };
  }

  check(request: StartCheck): Promise<void> {
    return checkStart(this.#deps, request, "profile_visit");
  }

  async perform(ctx: RunContext): Promise<RunResult> {
    const deps = this.#deps;
    const criteria = sourcingCriteriaSchema.parse(ctx.run.params.criteria);
    const refused = await refusalAtStart(deps, ctx, "profile_visit");
    if (refused) return refused;
    let dryLeft = await dryRunAllowance(deps, ctx, "profile_visit");
    const queue = deps.metrics.sourcingQueue;
    const account = String(ctx.account.id);
    try {
      const stop = await withRunPage(deps, ctx, async ({ page, engine, baseUrl }) => {
        const search = new SearchResultsPage(page, { engine, baseUrl, log: ctx.log });
        const profile = new ProfilePage(page, { engine, baseUrl, log: ctx.log });
        const watch = new SignalWatch(page, { engine, baseUrl });
        const excluded = new Set(
          criteria.exclusions.profileUrls.map((ref) => canonicalProfile(ref, baseUrl)?.publicId ?? ref),
        );
        const query: PeopleSearchQuery = {
          keywords: searchKeywords(criteria),
          locationIds: criteria.locationIds,
          networkDegrees: criteria.networkDegrees,
        };
        let considered = 0;
        let quotaOut = false;
        try {
          await search.goto(query);
        } catch (error) {
          return (await recordFailure(deps, ctx, error)) ?? stopOf(error);
        }
        await ctx.record.event("search.opened", { keywords: query.keywords, page: 1 });
        for (let pageNo = 1; pageNo <= MAX_RESULT_PAGES; pageNo++) {
          let results: SearchResult[];
          let hasNext: boolean;
          try {
            results = await search.results();
            // Read now: visits leave the results page, the next one is opened by URL.
            hasNext = results.length > 0 && (await search.hasNext());
          } catch (error) {
            return (await recordFailure(deps, ctx, error)) ?? stopOf(error);
          }
          ctx.record.count("found", results.length);
          // Profiles of this page the run will take, in the order LinkedIn ranked them.
          const targets: VisitTarget[] = [];
          for (const result of results) {
            if (considered + targets.length >= criteria.maxProfiles) break;
            const reason = await this.#skipReason(ctx, criteria, result, excluded);
            if (reason) await this.#skip(ctx, reason, result);
            else targets.push({ profileUrl: result.profileUrl, publicId: result.publicId, name: result.name });
          }
          queue.set({ account }, targets.length);
          for (const [i, target] of targets.entries()) {
            considered++;
            if (ctx.stopReason()) return null;
            if (quotaOut || (ctx.run.dryRun && dryLeft <= 0)) {
              await this.#skip(ctx, "quota_limited", target);
            } else if (ctx.run.dryRun) {
              dryLeft--;
              ctx.record.count("dry_run");
              deps.metrics.profileVisits.inc({ outcome: "dry_run" });
              await ctx.record.event("contact.dry_run", { name: target.name, profileUrl: target.profileUrl });
            } else {
              const stop = await this.#visit(ctx, criteria, target, { page, profile, watch });
              if (stop === "cancelled") return null;
              if (stop === "quota_limited") quotaOut = true;
              else if (stop) return stop;
            }
            queue.set({ account }, targets.length - i - 1);
          }
          if (considered >= criteria.maxProfiles || results.length === 0) break;
          if (!hasNext) break;
          try {
            await search.goto({ ...query, page: pageNo + 1 });
          } catch (error) {
            return (await recordFailure(deps, ctx, error)) ?? stopOf(error);
          }
          await ctx.record.event("search.opened", { keywords: query.keywords, page: search.pageNumber }, "debug");
        }
        if (quotaOut) {
          return {
            errorCode: "QUOTA_EXHAUSTED",
            message: "the profile_visit quota ran out; the rest waits",
            benign: true,
          };
        }
        return null;
      });
      return this.#result(ctx, stop);
    } finally {
      queue.set({ account }, 0);
    }
  }

  async #skipReason(
    ctx: RunContext,
    criteria: SourcingCriteria,
    result: SearchResult,
    excluded: ReadonlySet<string>,
  ): Promise<SourcingSkipReason | null> {
    if (excluded.has(result.publicId)) return "excluded";
    const since = new Date(ctx.clock.now().getTime() - criteria.dedupeWindowDays * 86_400_000);
    const known = await knownPerson(this.#deps.db, ctx.account.id, result.profileUrl, since);
    if (known.blacklisted) return "blacklisted";
    if (criteria.dedupeWindowDays > 0 && known.visitedAt) return "recently_visited";
    return null;
  }

  async #skip(ctx: RunContext, reason: SourcingSkipReason, who: { name: string; profileUrl: string }): Promise<void> {
    ctx.record.count(`skipped:${reason}`);
    this.#deps.metrics.profileVisits.inc({ outcome: "skipped" });
    this.#deps.metrics.contactsProcessed.inc({ source: "sourcing", outcome: "skipped" });
    await ctx.record.event("contact.skipped", { name: who.name, profileUrl: who.profileUrl, reason });
  }

  /** One visit, gated like every action: working hours, push-back signals, the breaker; then the pacing. */
  async #visit(
    ctx: RunContext,
    criteria: SourcingCriteria,
    target: VisitTarget,
    io: { page: Page; profile: ProfilePage; watch: SignalWatch },
  ): Promise<Stop | "cancelled" | "quota_limited" | null> {
    const deps = this.#deps;
    if (!isWithinWorkingHours(ctx.clock.now(), ctx.settings.workingHours, ctx.account.timezone)) {
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
    const permit = await deps.coordinator.breaker.permit(ctx.account.id);
    if (!permit.allowed) {
      return {
        errorCode: "BREAKER_OPEN",
        message: `the circuit breaker is open (${permit.reason ?? "unknown reason"})`,
      };
    }
    const result = await visitProfile(deps, ctx, target, { ...io, criteria, permitId: permit.permitId });
    switch (result.kind) {
      case "quota_limited":
        await this.#skip(ctx, "quota_limited", target);
        return "quota_limited";
      case "already_visited":
        await this.#skip(ctx, "recently_visited", target);
        return null;
      case "cancelled":
        ctx.record.count("visited");
        return "cancelled";
      case "failed":
        ctx.record.count("failed");
        deps.metrics.contactsProcessed.inc({ source: "sourcing", outcome: "failed" });
        if (result.stop) return result.stop;
        break;
      case "visited":
        ctx.record.count("visited");
        ctx.record.count(result.score >= criteria.minFitScore ? "qualified" : "below_min_score");
        deps.metrics.contactsProcessed.inc({ source: "sourcing", outcome: "acted" });
        break;
    }
    const between = pick(ctx.settings.pacing.visitBetweenProfilesSeconds, deps.random);
    if (between > 0) await ctx.record.event("pacing.wait", { ms: between }, "debug");
    return (await pause(between, ctx.signal)) ? null : "cancelled";
  }

  #result(ctx: RunContext, stop: Stop | null): RunResult {
    return runOutcome(ctx, stop, (c, skipped) =>
      ctx.run.dryRun
        ? `${c.dry_run ?? 0} would be visited, ${skipped} skipped`
        : `${c.visited ?? 0} visited, ${skipped} skipped, ${c.failed ?? 0} failed`,
    );
  }
}
