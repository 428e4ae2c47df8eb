import type { Database } from "@nudge/db";
import type { Logger } from "pino";
import type { AccountService } from "../accounts/account-service.js";
import type { AccountSummary } from "../accounts/account-queries.js";
import type { Coordinator } from "../coordination/coordinator.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import type { AccountProfile, Settings } from "./settings-schema.js";
import { getSettings, updateSettings, type SettingsPatch } from "./settings-store.js";
import { findTemplateProblems, renderTemplate, TEMPLATE_PLACEHOLDERS, type TemplateProblem } from "./templates.js";

export interface SettingsServiceDeps {
  db: Database;
  clock: Clock;
  coordinator: Coordinator;
  accounts: AccountService;
  log: Logger;
}

export interface AccountSettings {
  account: AccountSummary;
  settings: Settings;
}

/** A sample contact a template is rendered for in the preview. */
export interface TemplateSample {
  name: string;
  daysLate: number;
  date: string;
}

/** An account's settings document and profile, and the template checks the panel runs as a person types. */
export class SettingsService {
  readonly #deps: SettingsServiceDeps;

  constructor(deps: SettingsServiceDeps) {
    this.#deps = deps;
  }

  async get(accountId: number): Promise<AccountSettings> {
    const account = await this.#deps.accounts.get(accountId);
    return { account, settings: await getSettings(this.#deps.db, accountId) };
  }

  /**
   * Saves a deep-partial patch of the settings (validated as a whole; nothing written when it
   * fails) and the account's profile fields. Limits and the zone apply at once in this process.
   */
  async update(
    accountId: number,
    change: { patch?: SettingsPatch; account?: AccountProfile },
    caller: Caller,
  ): Promise<AccountSettings> {
    const { db, clock, coordinator } = this.#deps;
    await this.#deps.accounts.get(accountId);
    const settings = change.patch
      ? await updateSettings(db, accountId, change.patch, clock)
      : await getSettings(db, accountId);
    const account = await this.#deps.accounts.updateProfile(accountId, change.account ?? {}, caller);
    coordinator.settingsChanged(accountId);
    (caller.log ?? this.#deps.log).info(
      { accountId, by: caller.by, sections: Object.keys(change.patch ?? {}) },
      "settings updated",
    );
    return { account, settings };
  }

  /** Problems of a template list (bounded), and the placeholders a template may use. */
  validateTemplates(templates: readonly string[]): {
    problems: TemplateProblem[];
    placeholders: typeof TEMPLATE_PLACEHOLDERS;
  } {
    return { problems: findTemplateProblems(templates), placeholders: TEMPLATE_PLACEHOLDERS };
  }

  /** Renders a template for a sample contact exactly as a run would; null text when it has problems. */
  previewTemplate(template: string, sample: TemplateSample): { problems: TemplateProblem[]; text: string | null } {
    const problems = findTemplateProblems([template]);
    if (problems.length > 0) return { problems, text: null };
    const firstName = sample.name.trim().split(/\s+/)[0] ?? sample.name;
    const values = { first_name: firstName, name: sample.name, days_late: String(sample.daysLate), date: sample.date };
    return { problems, text: renderTemplate(template, values) };
  }
}
