import { accounts, asc, eq, type Database, type SessionStatus } from "@nudge/db";
import type { Logger } from "pino";
import { setSessionStatus } from "../../accounts/session-status.js";
import { NudgeError, isNudgeError } from "../../errors/nudge-error.js";
import { systemClock, type Clock } from "../../time/clock.js";
import type { NudgeBrowser } from "../launcher/launcher.js";
import { linkedinUrls } from "../pages/linkedin-urls.js";
import { openLinkedInPage } from "../pages/navigation.js";
import type { SelectorEngine } from "../selectors/selector-engine.js";
import { decryptSecret, encryptSecret, type EncryptionKey } from "./session-crypto.js";
import { parseSessionUpload, summarizeCookies, type SessionSummary, type StorageState } from "./storage-state.js";

/**
 * Account sessions at rest: uploads are parsed and validated, encrypted (AES-256-GCM) into
 * `accounts.session`, and checked live against LinkedIn (or the simulator), which sets
 * `session_status` and `session_checked_at`. Functions here return summaries — cookie names,
 * domains and expiry — and never a cookie value.
 */

export interface AccountSessionDeps {
  db: Database;
  /** The current key first, then previous ones during a rotation; empty when none is configured. */
  keys: EncryptionKey | readonly EncryptionKey[];
  clock?: Clock;
  log?: Logger;
}

export interface AccountSessionView {
  accountId: number;
  name: string;
  sessionStatus: SessionStatus;
  sessionCheckedAt: Date | null;
  hasSession: boolean;
  /** Null without a session, or when it cannot be decrypted (see `problem`). */
  summary: SessionSummary | null;
  /** Why the stored session is unusable (e.g. encrypted with another key). */
  problem: { code: string; message: string } | null;
}

const keyRing = (keys: AccountSessionDeps["keys"]): readonly EncryptionKey[] => (Array.isArray(keys) ? keys : [keys as EncryptionKey]);

function currentKey(keys: AccountSessionDeps["keys"]): EncryptionKey {
  const key = keyRing(keys)[0];
  if (!key) throw new NudgeError("ENCRYPTION_KEY_MISSING", "NUDGE_ENCRYPTION_KEY is not set: sessions cannot be stored or read");
  return key;
}

async function accountRow(db: Database, accountId: number) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!row) throw new NudgeError("NOT_FOUND", `no account ${accountId}`);
  return row;
}

/**
 * Validates and stores an uploaded session (storage state, cookie export or bare `li_at`).
 * The status becomes `valid` with no check time: structurally sound, not yet checked live —
 * call `checkAccountSession` next.
 */
export async function uploadAccountSession(deps: AccountSessionDeps, accountId: number, upload: unknown): Promise<SessionSummary> {
  const clock = deps.clock ?? systemClock;
  await accountRow(deps.db, accountId);
  const { state, summary } = parseSessionUpload(upload, { now: clock.now() });
  const blob = encryptSecret(JSON.stringify(state), currentKey(deps.keys));
  await deps.db.update(accounts).set({ session: blob, sessionStatus: "valid", sessionCheckedAt: null }).where(eq(accounts.id, accountId));
  return summary;
}

/** The decrypted storage state; SESSION_MISSING without one, ENCRYPTION_KEY_MISMATCH with the wrong key. */
export async function loadAccountSession(deps: AccountSessionDeps, accountId: number): Promise<StorageState> {
  const row = await accountRow(deps.db, accountId);
  if (!row.session) throw new NudgeError("SESSION_MISSING", `account ${accountId} has no LinkedIn session: upload cookies first`);
  currentKey(deps.keys);
  const state = JSON.parse(decryptSecret(row.session, deps.keys)) as StorageState;
  return state;
}

export async function clearAccountSession(db: Database, accountId: number): Promise<void> {
  await db.update(accounts).set({ session: null, sessionStatus: "missing", sessionCheckedAt: null }).where(eq(accounts.id, accountId));
}

export async function describeAccountSession(deps: AccountSessionDeps, accountId: number): Promise<AccountSessionView> {
  const row = await accountRow(deps.db, accountId);
  return viewOf(deps, row);
}

/** Every account with its session status (for `accounts.list`). */
export async function listAccountSessions(deps: AccountSessionDeps): Promise<AccountSessionView[]> {
  const rows = await deps.db.select().from(accounts).orderBy(asc(accounts.id));
  return rows.map((row) => viewOf(deps, row));
}

function viewOf(deps: AccountSessionDeps, row: typeof accounts.$inferSelect): AccountSessionView {
  const base = { accountId: row.id, name: row.name, sessionStatus: row.sessionStatus, sessionCheckedAt: row.sessionCheckedAt ?? null, hasSession: row.session !== null };
  if (!row.session) return { ...base, summary: null, problem: null };
  try {
    currentKey(deps.keys);
    const state = JSON.parse(decryptSecret(row.session, deps.keys)) as StorageState;
    return { ...base, summary: summarizeCookies("storage_state", state.cookies), problem: null };
  } catch (error) {
    if (isNudgeError(error)) return { ...base, summary: null, problem: { code: error.code, message: error.message } };
    throw error;
  }
}

export type LiveSessionStatus = Extract<SessionStatus, "valid" | "expired" | "restricted">;

/**
 * Opens `<baseUrl>/feed/` with the session in a fresh context and reads what LinkedIn says:
 * `valid` (the logged-in marker shows), `expired` (login redirect), `restricted` (checkpoint or
 * restriction page). A 429, a network error or a page that shows neither throws (status unknown).
 */
export async function checkSessionLive(
  browser: NudgeBrowser,
  state: StorageState,
  options: { baseUrl: string; engine: SelectorEngine; locale?: string; timeoutMs?: number },
): Promise<LiveSessionStatus> {
  const context = await browser.newSessionContext(state, { baseUrl: options.baseUrl, locale: options.locale });
  try {
    const page = await context.newPage();
    try {
      await openLinkedInPage(page, linkedinUrls(options.baseUrl).feed, { engine: options.engine, timeoutMs: options.timeoutMs ?? 60_000 });
    } catch (error) {
      if (isNudgeError(error, "LINKEDIN_LOGGED_OUT")) return "expired";
      if (isNudgeError(error, "LINKEDIN_CHECKPOINT") || isNudgeError(error, "LINKEDIN_RESTRICTED")) return "restricted";
      // A weekly-limit banner is only shown to a logged-in member.
      if (isNudgeError(error, "LINKEDIN_WEEKLY_LIMIT")) return "valid";
      throw error;
    }
    await options.engine.resolve(page, "feed.logged_in_marker", { timeoutMs: options.timeoutMs ?? 15_000 });
    return "valid";
  } finally {
    await context.close().catch(() => undefined);
  }
}

/**
 * The live check for a stored account session: sets `session_status` and `session_checked_at`.
 * Errors that say nothing about the session (429, network) leave the status as it was and throw.
 */
export async function checkAccountSession(
  deps: AccountSessionDeps & { browser: NudgeBrowser; engine: SelectorEngine; baseUrl: string },
  accountId: number,
): Promise<{ status: LiveSessionStatus; checkedAt: Date }> {
  const clock = deps.clock ?? systemClock;
  const row = await accountRow(deps.db, accountId);
  const state = await loadAccountSession(deps, accountId);
  const status = await checkSessionLive(deps.browser, state, { baseUrl: deps.baseUrl, engine: deps.engine, locale: row.locale });
  const checkedAt = clock.now();
  await setSessionStatus(deps.db, accountId, status, checkedAt);
  return { status, checkedAt };
}
