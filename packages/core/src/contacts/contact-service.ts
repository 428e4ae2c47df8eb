import type { Readable } from "node:stream";
import type { Contact, ContactStatus, Database, Interaction } from "@nudge/db";
import type { Logger } from "pino";
import { getAccount } from "../accounts/account-queries.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import {
  getContact,
  listContacts,
  setContactStatus,
  updateContact,
  type ContactFilter,
  type ContactUpdate,
} from "./contact-queries.js";
import { exportContactsCsv, type ContactExportFilter, type ContactExportOptions } from "./contact-export.js";
import { dailyStats, listInteractions, type DailyStats, type InteractionFilter } from "./interaction-queries.js";
import type { Page } from "./keyset-cursor.js";

export interface ContactServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
}

/** How many of a contact's latest interactions come with it. */
const RECENT_INTERACTIONS = 20;

/** Contacts and what was done with them: lists, a contact's timeline, tags, notes, the blacklist, daily counts. */
export class ContactService {
  readonly #deps: ContactServiceDeps;

  constructor(deps: ContactServiceDeps) {
    this.#deps = deps;
  }

  list(filter: ContactFilter): Promise<Page<Contact>> {
    return listContacts(this.#deps.db, filter);
  }

  /** Every matching contact as a CSV stream in constant memory (docs/sourcing.md#csv-export). */
  exportCsv(filter: ContactExportFilter, options: ContactExportOptions, caller: Caller): Readable {
    (caller.log ?? this.#deps.log).info({ accountId: filter.accountId, filter, by: caller.by }, "contacts exported");
    return exportContactsCsv(this.#deps.db, filter, options);
  }

  /** A contact with its latest interactions, newest first. */
  async get(accountId: number, id: number): Promise<Contact & { recentInteractions: Interaction[] }> {
    const contact = await getContact(this.#deps.db, accountId, id);
    const recent = await listInteractions(this.#deps.db, { accountId, contactId: id, limit: RECENT_INTERACTIONS });
    return { ...contact, recentInteractions: recent.items };
  }

  update(accountId: number, id: number, update: ContactUpdate): Promise<Contact> {
    return updateContact(this.#deps.db, accountId, id, update, this.#deps.clock);
  }

  /** Blacklisted contacts are never messaged or visited. */
  async setStatus(accountId: number, id: number, status: ContactStatus, caller: Caller): Promise<Contact> {
    const contact = await setContactStatus(this.#deps.db, accountId, id, status, this.#deps.clock);
    const event = status === "blacklisted" ? "contact blacklisted" : "contact unblacklisted";
    (caller.log ?? this.#deps.log).info({ accountId, contactId: id, by: caller.by }, event);
    return contact;
  }

  interactions(filter: InteractionFilter): Promise<Page<Interaction>> {
    return listInteractions(this.#deps.db, filter);
  }

  /** Interactions per type and status for each of the last `days` days, in the account's zone. */
  async dailyStats(accountId: number, days: number): Promise<DailyStats[]> {
    const account = await getAccount(this.#deps.db, accountId);
    return dailyStats(this.#deps.db, accountId, days, account.timezone, this.#deps.clock);
  }
}
