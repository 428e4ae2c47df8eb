import type { PageCheckPageResult } from "@nudge/db";
import type { Page, Response } from "playwright-core";
import { canonicalProfile } from "../browser/pages/linkedin-urls.js";
import { openLinkedInPage, safeUrl } from "../browser/pages/navigation.js";
import { pageNotFound } from "../browser/pages/signals.js";
import type { SelectorEngine } from "../browser/selectors/selector-engine.js";
import { firstLine } from "../errors/first-line.js";
import { isNudgeError, type NudgeError } from "../errors/nudge-error.js";
import type { PagePlan } from "./page-check-plan.js";
import type { ReadOnlyResolver } from "./read-only-resolver.js";

export interface PageCheckerDeps {
  resolver: ReadOnlyResolver;
  /** Only for its artifacts (screenshot + sanitized HTML): nothing is resolved through it. */
  engine: SelectorEngine;
  baseUrl: string;
  /** How long the first key of a page may take to appear (the page is loading). */
  firstKeyTimeoutMs: number;
  /** The other keys of a loaded page. */
  keyTimeoutMs: number;
}

export interface PageWalk {
  pages: PageCheckPageResult[];
  /** A LinkedIn warning sign met on the way (restriction, checkpoint, logged out, 429): the walk stopped there. */
  signal: NudgeError | null;
}

/**
 * Opens each page of the plan in `page`, one after the other, and resolves its keys read-only.
 * It clicks, types and sends nothing; the only profile it opens is the account's own.
 */
export async function walkPages(page: Page, plan: readonly PagePlan[], deps: PageCheckerDeps): Promise<PageWalk> {
  const pages: PageCheckPageResult[] = [];
  let ownProfile: string | null = null;
  for (const step of plan) {
    const url = step.path !== null ? `${deps.baseUrl}${step.path}` : ownProfile;
    const result: PageCheckPageResult = {
      page: step.page,
      url: url ? safeUrl(url) : "",
      outcome: "ok",
      resolved: [],
      missing: [],
      artifacts: null,
      error: null,
    };
    pages.push(result);
    if (!url) {
      result.outcome = "error";
      result.error = "the own profile's link was not found on the feed";
      continue;
    }
    let response: Response | null;
    try {
      response = await openLinkedInPage(page, url, { timeoutMs: 60_000 });
    } catch (error) {
      result.error = firstLine(error);
      if (isNudgeError(error) && error.code !== "LINKEDIN_UNREACHABLE") {
        result.outcome = "signal";
        return { pages, signal: error };
      }
      result.outcome = "error";
      continue;
    }
    // LinkedIn's "This page doesn't exist" has none of the keys: the page was not checked, no drift.
    const notFound = await pageNotFound(page, {
      response,
      find: (key) => deps.resolver.resolve(page, key, { timeoutMs: 0 }),
    });
    if (notFound) {
      result.outcome = "error";
      result.error = `the page does not exist (${notFound}) at ${result.url}`;
      continue;
    }
    await checkKeys(page, step, result, deps);
    if (step.page === "feed") ownProfile = await ownProfileUrl(page, deps.baseUrl);
    if (result.missing.length > 0) {
      result.outcome = "drift";
      result.artifacts = await deps.engine
        .saveArtifacts(page, `page-check-${step.page}`)
        .catch(() => ({ screenshot: null, html: null }));
    }
  }
  return { pages, signal: null };
}

async function checkKeys(page: Page, plan: PagePlan, result: PageCheckPageResult, deps: PageCheckerDeps) {
  let timeoutMs = deps.firstKeyTimeoutMs;
  for (const step of plan.steps) {
    const found = await deps.resolver.resolve(page, step.key, { timeoutMs, has: step.has });
    timeoutMs = deps.keyTimeoutMs;
    if (!found) {
      if (step.orElse && (await deps.resolver.resolve(page, step.orElse, { timeoutMs: 0 }))) {
        result.resolved.push(step.orElse);
        continue;
      }
      result.missing.push(step.key);
      continue;
    }
    result.resolved.push(step.key);
    for (const inner of step.inside ?? []) {
      const within = await deps.resolver.resolve(found, inner, { timeoutMs: deps.keyTimeoutMs });
      (within ? result.resolved : result.missing).push(inner);
    }
  }
}

/**
 * The account's own profile, from the feed: the first profile link outside the global
 * navigation is the identity card's (docs/notifications.md#page-check).
 */
async function ownProfileUrl(page: Page, baseUrl: string): Promise<string | null> {
  const href = await page
    .locator("a[href*='/in/']:not(#global-nav a, header a, nav a, article a, [role='article'] a)")
    .first()
    .getAttribute("href", { timeout: 2_000 })
    .catch(() => null);
  return href ? (canonicalProfile(href, baseUrl)?.profileUrl ?? null) : null;
}
