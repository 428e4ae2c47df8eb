import type { CampaignKind, Database, ScheduleFire } from "@nudge/db";
import { getAccount } from "../accounts/account-queries.js";
import type { SettingsService } from "../settings/settings-service.js";
import type { Settings } from "../settings/settings-schema.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import { nextFires } from "./cron.js";
import { recentScheduleFires } from "./scheduler.js";

export interface ScheduleView {
  kind: CampaignKind;
  enabled: boolean;
  cron: string;
  /** The next fire times (before jitter), in UTC; the panel shows them in the account's zone. */
  next: Date[];
}

export interface AccountSchedules {
  accountId: number;
  timeZone: string;
  jitterMinutes: number;
  schedules: ScheduleView[];
  /** What became of the latest fire times: queued, caught up, missed, refused and why. */
  recentFires: ScheduleFire[];
}

export type SchedulesPatch = Partial<Pick<Settings["schedules"], "jitterMinutes">> & {
  birthday?: Partial<Settings["schedules"]["birthday"]>;
  sourcing?: Partial<Settings["schedules"]["sourcing"]>;
};

/** An account's schedules with their next fire times, and the record of past fires. */
export class ScheduleService {
  readonly #deps: { db: Database; clock: Clock; settings: SettingsService };

  constructor(deps: { db: Database; clock: Clock; settings: SettingsService }) {
    this.#deps = deps;
  }

  async get(accountId: number, nextCount = 5): Promise<AccountSchedules> {
    const { account, settings } = await this.#deps.settings.get(accountId);
    const now = this.#deps.clock.now();
    const schedules = (["birthday", "sourcing"] as const).map((kind) => {
      const { enabled, cron } = settings.schedules[kind];
      return { kind, enabled, cron, next: enabled ? nextFires(cron, account.timezone, now, nextCount) : [] };
    });
    return {
      accountId,
      timeZone: account.timezone,
      jitterMinutes: settings.schedules.jitterMinutes,
      schedules,
      recentFires: await recentScheduleFires(this.#deps.db, accountId),
    };
  }

  /** Changes cron expressions or switches schedules on and off (validated like any setting). */
  async update(accountId: number, patch: SchedulesPatch, caller: Caller): Promise<AccountSchedules> {
    await getAccount(this.#deps.db, accountId);
    await this.#deps.settings.update(accountId, { patch: { schedules: patch } }, caller);
    return this.get(accountId);
  }
}
