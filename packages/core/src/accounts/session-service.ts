import type { Database } from "@nudge/db";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { isNudgeError, NudgeError } from "../errors/nudge-error.js";
import type { NudgeBrowser } from "../browser/launcher/launcher.js";
import { SelectorEngine } from "../browser/selectors/selector-engine.js";
import {
  checkAccountSession,
  describeAccountSession,
  listAccountSessions,
  uploadAccountSession,
  type AccountSessionView,
  type LiveSessionStatus,
} from "../browser/session/account-session.js";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import type { SessionSummary } from "../browser/session/storage-state.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";

/** Lends a browser for the length of `fn`: launched and always closed, or a worker's own. */
export interface BrowserLender {
  withBrowser<T>(fn: (browser: NudgeBrowser) => Promise<T>): Promise<T>;
}

export interface SessionServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  /** `NUDGE_ENCRYPTION_KEY` first, then previous keys during a rotation; empty when unset. */
  encryptionKeys: readonly EncryptionKey[];
  /** Every page a check opens is built from it (the simulator in tests and the demo). */
  linkedinBaseUrl: string;
  /** Selector-miss artifacts of a live check go under `<dataDir>/artifacts/`. */
  dataDir: string;
  browsers: BrowserLender;
  registry?: Registry;
}

export interface LiveCheck {
  status: LiveSessionStatus;
  checkedAt: Date;
}

export interface SessionUploadResult {
  summary: SessionSummary;
  /** The live check's verdict, the reason it could not say (a 429, a network error), or null when not asked. */
  check: LiveCheck | { error: { code: string; message: string } } | null;
  account: AccountSessionView;
}

/**
 * LinkedIn sessions of the accounts: upload (validated, encrypted at rest), status, live check
 * against LinkedIn's feed. Every answer is a summary — cookie names, domains, expiry — never a
 * cookie value, and uploads are never logged (docs/architecture.md#sessions).
 */
export class SessionService {
  readonly #deps: SessionServiceDeps;

  constructor(deps: SessionServiceDeps) {
    this.#deps = deps;
  }

  list(): Promise<AccountSessionView[]> {
    return listAccountSessions(this.#storeDeps());
  }

  status(accountId: number): Promise<AccountSessionView> {
    return describeAccountSession(this.#storeDeps(), accountId);
  }

  /**
   * Stores an upload (Playwright storage state, cookie export or bare `li_at`), then checks it
   * live unless told not to. A check that cannot say (429, network) leaves the session stored.
   */
  async upload(
    accountId: number,
    upload: unknown,
    options: { check: boolean },
    caller: Caller,
  ): Promise<SessionUploadResult> {
    const log = caller.log ?? this.#deps.log;
    const summary = await uploadAccountSession({ ...this.#storeDeps(), keys: this.#requireKeys() }, accountId, upload);
    log.info({ by: caller.by, accountId, format: summary.format, cookies: summary.cookieCount }, "session uploaded");
    let check: SessionUploadResult["check"] = null;
    if (options.check) {
      try {
        check = await this.#checkLive(accountId, log);
      } catch (error) {
        if (!isNudgeError(error)) throw error;
        check = { error: { code: error.code, message: error.message } };
      }
    }
    return { summary, check, account: await this.status(accountId) };
  }

  /** Opens LinkedIn's feed with the stored session and records valid / expired / restricted. */
  async check(accountId: number, caller: Caller): Promise<LiveCheck> {
    const log = caller.log ?? this.#deps.log;
    const result = await this.#checkLive(accountId, log);
    log.info({ by: caller.by, accountId, status: result.status }, "session checked");
    return result;
  }

  async #checkLive(accountId: number, log: Logger): Promise<LiveCheck> {
    const { db, clock, dataDir, registry, linkedinBaseUrl } = this.#deps;
    const keys = this.#requireKeys();
    const engine = new SelectorEngine({
      db,
      dataDir,
      runId: `session-check-${accountId}`,
      clock,
      log,
      registry,
    });
    return this.#deps.browsers.withBrowser((browser) =>
      checkAccountSession({ db, keys, clock, log, browser, engine, baseUrl: linkedinBaseUrl }, accountId),
    );
  }

  #requireKeys(): readonly EncryptionKey[] {
    if (this.#deps.encryptionKeys.length === 0) {
      throw new NudgeError(
        "ENCRYPTION_KEY_MISSING",
        "sessions are not configured on this server (NUDGE_ENCRYPTION_KEY)",
      );
    }
    return this.#deps.encryptionKeys;
  }

  #storeDeps() {
    return { db: this.#deps.db, keys: this.#deps.encryptionKeys, clock: this.#deps.clock, log: this.#deps.log };
  }
}
