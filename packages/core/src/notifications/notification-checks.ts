import {
  accounts,
  and,
  contacts,
  count,
  eq,
  gte,
  interactions,
  isNotNull,
  notificationChannels,
  type Database,
} from "@nudge/db";
import type { Logger } from "pino";
import { describeAccountSession } from "../browser/session/account-session.js";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import type { Coordinator } from "../coordination/coordinator.js";
import { firstLine } from "../errors/first-line.js";
import type { Clock } from "../time/clock.js";
import { RepeatingTask } from "../time/repeating-task.js";
import { addDays, formatCalendarDate, startOfZonedDay, zonedDate, zonedParts } from "../time/zoned.js";
import { notify } from "./notify.js";

const DAY_MS = 86_400_000;

export interface NotificationCheckOptions {
  /** Warn this many days before the `li_at` cookie expires. */
  sessionWarningDays: number;
  /** The account-zone hour from which the day's digest is sent. */
  digestHour: number;
  /** How often the checks look (expiry dates and digests are deduplicated, so looking often is harmless). */
  intervalMs: number;
}

export const NOTIFICATION_CHECK_DEFAULTS: NotificationCheckOptions = {
  sessionWarningDays: 7,
  digestHour: 20,
  intervalMs: 15 * 60_000,
};

export interface NotificationCheckDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  encryptionKeys: readonly EncryptionKey[];
  coordinator: Coordinator;
  options?: Partial<NotificationCheckOptions>;
  onQueued?: () => void;
}

/**
 * The events no state change causes, only time: a session about to expire (its `li_at` expiry
 * is known from the upload) and the opt-in daily digest. Each is recorded once, by its dedupe
 * key, however many processes look and however often.
 */
export class NotificationChecks {
  readonly #d: NotificationCheckDeps;
  readonly #o: NotificationCheckOptions;
  readonly #task: RepeatingTask;

  constructor(deps: NotificationCheckDeps) {
    this.#d = deps;
    this.#o = { ...NOTIFICATION_CHECK_DEFAULTS, ...deps.options };
    this.#task = new RepeatingTask(
      () => this.run(),
      this.#o.intervalMs,
      (error) => this.#d.log.warn({ err: firstLine(error) }, "notification checks failed"),
    );
  }

  start(): void {
    this.#task.start();
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }

  async run(): Promise<void> {
    await this.checkSessions();
    await this.sendDigests();
  }

  /** "Expiring soon" for every valid session whose `li_at` expires within the warning window. */
  async checkSessions(): Promise<number> {
    const now = this.#d.clock.now();
    const rows = await this.#d.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(isNotNull(accounts.session), eq(accounts.sessionStatus, "valid")));
    let queued = 0;
    for (const { id } of rows) {
      const view = await describeAccountSession({ db: this.#d.db, keys: this.#d.encryptionKeys }, id);
      const expiresAt = view.summary?.liAtExpiresAt ?? null;
      if (!expiresAt) continue;
      const left = expiresAt.getTime() - now.getTime();
      if (left <= 0 || left > this.#o.sessionWarningDays * DAY_MS) continue;
      const eventId = await notify(this.#d.db, {
        accountId: id,
        type: "session.expiring_soon",
        data: { expiresAt: expiresAt.toISOString(), daysLeft: Math.ceil(left / DAY_MS) },
        // Once per uploaded cookie: a new upload has another expiry, and warns again.
        dedupeKey: `session.expiring_soon:${id}:${expiresAt.toISOString()}`,
        at: now,
      });
      if (eventId !== null) queued++;
    }
    if (queued > 0) this.#d.onQueued?.();
    return queued;
  }

  /** The day's digest of each account with a channel that asked for it, once the digest hour has passed. */
  async sendDigests(): Promise<number> {
    const now = this.#d.clock.now();
    const channels = await this.#d.db
      .select({ accountId: notificationChannels.accountId, events: notificationChannels.events })
      .from(notificationChannels)
      .where(eq(notificationChannels.enabled, true));
    const wanting = new Set(channels.filter((c) => c.events.includes("digest.daily")).map((c) => c.accountId));
    let queued = 0;
    for (const accountId of wanting) {
      const account = await this.#d.db.select().from(accounts).where(eq(accounts.id, accountId)).get();
      if (!account || zonedParts(now, account.timezone).hour < this.#o.digestHour) continue;
      const today = zonedDate(now, account.timezone);
      const tomorrow = addDays(today, 1);
      const [sent] = await this.#d.db
        .select({ n: count() })
        .from(interactions)
        .where(
          and(
            eq(interactions.accountId, accountId),
            eq(interactions.type, "birthday_message"),
            eq(interactions.status, "sent"),
            gte(interactions.completedAt, startOfZonedDay(now, account.timezone)),
          ),
        );
      const [upcoming] = await this.#d.db
        .select({ n: count() })
        .from(contacts)
        .where(
          and(
            eq(contacts.accountId, accountId),
            eq(contacts.birthMonth, tomorrow.month),
            eq(contacts.birthDay, tomorrow.day),
          ),
        );
      const overview = await this.#d.coordinator.quotaOverview(accountId);
      const day = overview.actions
        .find((a) => a.action === "birthday_message")
        ?.windows.find((w) => w.window === "day");
      const eventId = await notify(this.#d.db, {
        accountId,
        type: "digest.daily",
        data: {
          date: formatCalendarDate(today),
          wishesSent: sent?.n ?? 0,
          birthdaysTomorrow: upcoming?.n ?? 0,
          quotaLeft: day?.remaining ?? null,
        },
        dedupeKey: `digest.daily:${accountId}:${formatCalendarDate(today)}`,
        at: now,
      });
      if (eventId !== null) queued++;
    }
    if (queued > 0) this.#d.onQueued?.();
    return queued;
  }
}
