import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";

/** A range of seconds from the settings (`pacing.*`). */
export interface SecondsRange {
  min: number;
  max: number;
}

/** A uniformly random duration in the range, in ms. */
export function pick(range: SecondsRange, random: () => number = Math.random): number {
  return Math.round((range.min + (range.max - range.min) * random()) * 1000);
}

/**
 * Waits like a person between actions. Resolves early (false) when `signal` aborts — a cancel
 * or a shutdown never waits out a three-minute pause.
 */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Now and then, idle on the page: a scroll, a short wait, a mouse move (never a click). */
export async function idleActivity(page: Page, random: () => number = Math.random): Promise<void> {
  const steps = 1 + Math.floor(random() * 3);
  for (let i = 0; i < steps; i++) {
    const choice = random();
    if (choice < 0.5) await page.mouse.wheel(0, 100 + Math.round(random() * 300)).catch(() => undefined);
    else if (choice < 0.8) await page.mouse.move(100 + random() * 800, 100 + random() * 400).catch(() => undefined);
    await sleep(200 + Math.round(random() * 800));
  }
}
