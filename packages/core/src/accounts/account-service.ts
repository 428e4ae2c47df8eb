import { accounts, and, campaignRuns, count, eq, inArray, type Database } from "@nudge/db";
import type { Logger } from "pino";
import type { BreakerSnapshot, Coordinator, QuotaOverview } from "../coordination/coordinator.js";
import type { AccountProfile } from "../settings/settings-schema.js";
import { NudgeError } from "../errors/index.js";
import { ACTIVE_RUN_STATUSES } from "../runs/run-model.js";
import { writeTransaction } from "../runs/write.js";
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

  /** A new LinkedIn account to drive: its own session, settings, quotas, breaker and schedules. */
  async create(
    input: { name: string; timezone?: string; locale?: "en" | "fr" },
    caller: Caller,
  ): Promise<AccountSummary> {
    const [row] = await writeTransaction(this.#deps.db, (tx) => tx.insert(accounts).values(input).returning());
    (caller.log ?? this.#deps.log).info({ accountId: row!.id, by: caller.by }, "account created");
    return summarizeAccount(row!);
  }

  /**
   * Deletes an account and everything that is its own (contacts, interactions, runs, settings,
   * session). Refused while one of its runs is queued or executing, and for the last account.
   */
  async delete(accountId: number, caller: Caller): Promise<{ id: number }> {
    await getAccount(this.#deps.db, accountId);
    await writeTransaction(this.#deps.db, async (tx) => {
      const [active] = await tx
        .select({ n: count() })
        .from(campaignRuns)
        .where(and(eq(campaignRuns.accountId, accountId), inArray(campaignRuns.status, [...ACTIVE_RUN_STATUSES])));
      if (active && active.n > 0)
        throw new NudgeError("CONFLICT", "this account has a run queued or executing: cancel it first");
      const [all] = await tx.select({ n: count() }).from(accounts);
      if (all && all.n <= 1) throw new NudgeError("CONFLICT", "refusing to delete the last account");
      await tx.delete(accounts).where(eq(accounts.id, accountId));
    });
    this.#deps.coordinator.settingsChanged(accountId);
    (caller.log ?? this.#deps.log).warn({ accountId, by: caller.by }, "account deleted");
    return { id: accountId };
  }

  /** Name, time zone and locale. A new zone or locale applies to quotas at once. */
  async updateProfile(accountId: number, profile: AccountProfile, caller: Caller): Promise<AccountSummary> {
    await getAccount(this.#deps.db, accountId);
    if (Object.keys(profile).length > 0) {
      await writeTransaction(this.#deps.db, (tx) => tx.update(accounts).set(profile).where(eq(accounts.id, accountId)));
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
