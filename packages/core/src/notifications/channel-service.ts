import {
  accounts,
  and,
  desc,
  eq,
  lt,
  notificationChannels,
  notificationDeliveries,
  notificationEvents,
  write,
  type Database,
  type NotificationChannel,
  type NotificationChannelKind,
  type NotificationDeliveryStatus,
  type NotificationEventType,
} from "@nudge/db";
import type { Logger } from "pino";
import { decryptSecret, encryptSecret, keyRing, type EncryptionKey } from "../browser/session/session-crypto.js";
import { NudgeError } from "../errors/nudge-error.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import {
  channelInputSchema,
  channelPatchSchema,
  DEFAULT_CHANNEL_EVENTS,
  type ChannelInput,
  type ChannelPatch,
  type ChannelSecret,
} from "./channel-config.js";
import { notify } from "./notify.js";

/** A channel as shown to anyone: never its secret (a webhook URL carries a token). */
export interface ChannelView {
  id: number;
  accountId: number;
  name: string;
  kind: NotificationChannelKind;
  events: NotificationEventType[];
  config: Record<string, unknown>;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryView {
  id: number;
  eventId: number;
  channelId: number;
  type: NotificationEventType;
  status: NotificationDeliveryStatus;
  attempts: number;
  lastError: string | null;
  occurredAt: Date;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
}

export interface ChannelServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  encryptionKeys: readonly EncryptionKey[];
  /** Wakes this process's sender (a test send should not wait for its next poll). */
  onQueued?: () => void;
}

function viewOf(row: NotificationChannel): ChannelView {
  const { secret: _secret, ...view } = row;
  return view;
}

/** Reads a channel's secret back (the sender only). */
export function decryptChannelSecret(row: NotificationChannel, keys: readonly EncryptionKey[]): ChannelSecret {
  try {
    return JSON.parse(decryptSecret(row.secret, keys)) as ChannelSecret;
  } catch {
    throw new NudgeError(
      "ENCRYPTION_KEY_MISMATCH",
      `the secret of notification channel ${row.id} does not decrypt with NUDGE_ENCRYPTION_KEY (changed key?): set the channel's target again`,
    );
  }
}

/**
 * Notification channels of each account (docs/notifications.md): created, changed and removed
 * by an admin; their secrets are encrypted with the sessions' key (`session-crypto.ts`) and
 * never leave this module except towards the channel itself.
 */
export class ChannelService {
  readonly #d: ChannelServiceDeps;

  constructor(deps: ChannelServiceDeps) {
    this.#d = deps;
  }

  async list(filter: { accountId?: number } = {}): Promise<ChannelView[]> {
    const rows = await this.#d.db
      .select()
      .from(notificationChannels)
      .where(filter.accountId === undefined ? undefined : eq(notificationChannels.accountId, filter.accountId))
      .orderBy(notificationChannels.id);
    return rows.map(viewOf);
  }

  async get(id: number): Promise<ChannelView> {
    return viewOf(await this.#row(id));
  }

  async create(input: ChannelInput, caller: Caller): Promise<ChannelView> {
    const parsed = channelInputSchema.parse(input);
    const account = await this.#d.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.id, parsed.accountId))
      .get();
    if (!account) throw new NudgeError("NOT_FOUND", `no account ${parsed.accountId}`);
    const now = this.#d.clock.now();
    const [row] = await write(this.#d.db, (tx) =>
      tx
        .insert(notificationChannels)
        .values({
          accountId: parsed.accountId,
          name: parsed.name,
          kind: parsed.target.kind,
          events: parsed.events ?? DEFAULT_CHANNEL_EVENTS,
          config: parsed.target.config,
          secret: this.#encrypt(parsed.target.secret),
          enabled: parsed.enabled,
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
    );
    if (!row) throw new NudgeError("INTERNAL", "the channel was not stored");
    this.#log(caller).info({ channelId: row.id, kind: row.kind, by: caller.by }, "notification channel created");
    return viewOf(row);
  }

  async update(id: number, patch: ChannelPatch, caller: Caller): Promise<ChannelView> {
    const parsed = channelPatchSchema.parse(patch);
    const current = await this.#row(id);
    const set: Partial<NotificationChannel> = { updatedAt: this.#d.clock.now() };
    if (parsed.name !== undefined) set.name = parsed.name;
    if (parsed.events !== undefined) set.events = parsed.events;
    if (parsed.enabled !== undefined) set.enabled = parsed.enabled;
    if (parsed.target) {
      set.kind = parsed.target.kind;
      set.config = parsed.target.config;
      set.secret = this.#encrypt(parsed.target.secret);
    }
    const [row] = await write(this.#d.db, (tx) =>
      tx.update(notificationChannels).set(set).where(eq(notificationChannels.id, current.id)).returning(),
    );
    if (!row) throw new NudgeError("NOT_FOUND", `no notification channel ${id}`);
    this.#log(caller).info(
      { channelId: id, by: caller.by, fields: Object.keys(parsed) },
      "notification channel changed",
    );
    return viewOf(row);
  }

  async remove(id: number, caller: Caller): Promise<{ id: number }> {
    await this.#row(id);
    await write(this.#d.db, (tx) => tx.delete(notificationChannels).where(eq(notificationChannels.id, id)));
    this.#log(caller).info({ channelId: id, by: caller.by }, "notification channel removed");
    return { id };
  }

  /** Queues a test event for one channel (or every enabled channel of an account); the sender delivers it. */
  async sendTest(
    target: { channelId?: number; accountId?: number },
    caller: Caller,
  ): Promise<{ eventId: number; channels: number[] }> {
    const channels =
      target.channelId !== undefined ? [await this.#row(target.channelId)] : await this.#enabledOf(target.accountId);
    if (channels.length === 0) throw new NudgeError("NOT_FOUND", "no enabled notification channel to test");
    const at = this.#d.clock.now();
    const accountId = (channels[0] as NotificationChannel).accountId;
    const eventId = await write(this.#d.db, async (tx) => {
      const id = await notify(tx, {
        accountId,
        type: "test",
        data: { by: caller.by },
        at,
        ...(target.channelId !== undefined ? { channelId: target.channelId } : {}),
      });
      return id ?? 0;
    });
    this.#d.onQueued?.();
    this.#log(caller).info({ eventId, channels: channels.map((c) => c.id), by: caller.by }, "test notification queued");
    return { eventId, channels: channels.map((c) => c.id) };
  }

  /** Delivery history, newest first: status, attempts and the last error (never a secret). */
  async deliveries(filter: {
    channelId?: number;
    accountId?: number;
    eventId?: number;
    status?: NotificationDeliveryStatus;
    before?: number;
    limit?: number;
  }): Promise<DeliveryView[]> {
    const d = notificationDeliveries;
    return this.#d.db
      .select({
        id: d.id,
        eventId: d.eventId,
        channelId: d.channelId,
        type: notificationEvents.type,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError,
        occurredAt: notificationEvents.occurredAt,
        nextAttemptAt: d.nextAttemptAt,
        deliveredAt: d.deliveredAt,
      })
      .from(d)
      .innerJoin(notificationEvents, eq(notificationEvents.id, d.eventId))
      .where(
        and(
          filter.channelId === undefined ? undefined : eq(d.channelId, filter.channelId),
          filter.accountId === undefined ? undefined : eq(notificationEvents.accountId, filter.accountId),
          filter.eventId === undefined ? undefined : eq(d.eventId, filter.eventId),
          filter.status === undefined ? undefined : eq(d.status, filter.status),
          filter.before === undefined ? undefined : lt(d.id, filter.before),
        ),
      )
      .orderBy(desc(d.id))
      .limit(filter.limit ?? 50);
  }

  async #enabledOf(accountId: number | undefined): Promise<NotificationChannel[]> {
    if (accountId === undefined) throw new NudgeError("VALIDATION_FAILED", "say which channel or account to test");
    return this.#d.db
      .select()
      .from(notificationChannels)
      .where(and(eq(notificationChannels.accountId, accountId), eq(notificationChannels.enabled, true)));
  }

  async #row(id: number): Promise<NotificationChannel> {
    const row = await this.#d.db.select().from(notificationChannels).where(eq(notificationChannels.id, id)).get();
    if (!row) throw new NudgeError("NOT_FOUND", `no notification channel ${id}`);
    return row;
  }

  #encrypt(secret: ChannelSecret): string {
    const key = keyRing(this.#d.encryptionKeys)[0];
    if (!key)
      throw new NudgeError(
        "ENCRYPTION_KEY_MISSING",
        "NUDGE_ENCRYPTION_KEY is not set: channel secrets cannot be stored",
      );
    return encryptSecret(JSON.stringify(secret), key);
  }

  #log(caller: Caller): Logger {
    return caller.log ?? this.#d.log;
  }
}
