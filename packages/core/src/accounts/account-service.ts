import { accounts, eq, type Database } from "@nudge/db";
import type { Logger } from "pino";
import type { BreakerSnapshot, Coordinator, QuotaOverview } from "../coordination/coordinator.js";
import type { AccountProfile } from "../settings/settings-schema.js";
import type { Caller } from "../use-cases/caller.js";
import { getAccount, listAccounts, summarizeAccount, type AccountSummary } from "./account-queries.js";

export interface AccountServiceDeps {
  db: Database;
  coordinator: Coordinator;
  log: Logger;
}

/** Accounts: their profile (name, zone, locale), quota windows and circuit breaker. */
export class AccountService {
  readonly #deps: AccountServiceDeps;

  constructor(deps: AccountServiceDeps) {
    this.#deps = deps;
  }

  list(): Promise<AccountSummary[]> {
    return listAccounts(this.#deps.db);
  }

  async get(accountId: number): Promise<AccountSummary> {
    return summarizeAccount(await getAccount(this.#deps.db, accountId));
  }

  /** Name, time zone and locale. A new zone or locale applies to quotas at once. */
  async updateProfile(accountId: number, profile: AccountProfile, caller: Caller): Promise<AccountSummary> {
    await getAccount(this.#deps.db, accountId);
    if (Object.keys(profile).length > 0) {
      await this.#deps.db.update(accounts).set(profile).where(eq(accounts.id, accountId));
      this.#deps.coordinator.settingsChanged(accountId);
      (caller.log ?? this.#deps.log).info(
        { accountId, by: caller.by, fields: Object.keys(profile) },
        "account profile updated",
      );
    }
    return this.get(accountId);
  }

  /** Every quota window (used / limit / when it frees up) per action, the breaker, coordination health. */
  async overview(accountId: number): Promise<QuotaOverview> {
    await getAccount(this.#deps.db, accountId);
    return this.#deps.coordinator.quotaOverview(accountId);
  }

  /**
   * A person closes the account's circuit breaker (after dealing with a checkpoint, say). The
   * reason is required and logged with who did it and what the breaker said before.
   */
  async resetBreaker(accountId: number, reason: string, caller: Caller): Promise<BreakerSnapshot> {
    await getAccount(this.#deps.db, accountId);
    const breaker = this.#deps.coordinator.breaker;
    const before = await breaker.state(accountId);
    const after = await breaker.reset(accountId, { reason, by: caller.by });
    (caller.log ?? this.#deps.log).warn(
      { accountId, by: caller.by, reason, was: before.state, wasReason: before.reason },
      "circuit breaker reset by a person",
    );
    return after;
  }
}
