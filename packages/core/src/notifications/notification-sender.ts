import { randomUUID } from "node:crypto";
import {
  accounts,
  and,
  eq,
  inArray,
  lt,
  lte,
  notificationChannels,
  notificationDeliveries,
  notificationEvents,
  or,
  write,
  type Database,
  type NotificationDelivery,
} from "@nudge/db";
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import { firstLine } from "../errors/first-line.js";
import type { Clock } from "../time/clock.js";
import { secretValues, type ChannelSecret } from "./channel-config.js";
import { CHANNEL_KINDS } from "./channel-schema.js";
import { decryptChannelSecret } from "./channel-service.js";
import { DeliveryFailure, sendNotification } from "./channel-transport.js";
import { describeNotification } from "./notification-messages.js";

export interface SenderOptions {
  /** How often an idle sender looks for due deliveries. */
  pollMs: number;
  /** How long a claimed delivery is this sender's; a sender that died gives it up after this. */
  leaseMs: number;
  /** The first retry's delay; each later one doubles, with full jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Undelivered this long after the event: dead letter (visible in the delivery history). */
  maxAgeMs: number;
  /** Deliveries sent at once by this process. */
  batchSize: number;
  /** One attempt's limit (HTTP request or SMTP conversation). */
  timeoutMs: number;
}

export const SENDER_DEFAULTS: SenderOptions = {
  pollMs: 2_000,
  leaseMs: 60_000,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  maxAgeMs: 24 * 3_600_000,
  batchSize: 8,
  timeoutMs: 15_000,
};

export interface SenderDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  encryptionKeys: readonly EncryptionKey[];
  registry?: Registry;
  random?: () => number;
  options?: Partial<SenderOptions>;
}

const DELIVERY_OUTCOMES = ["delivered", "retry", "dead"] as const;

/**
 * `nudge_notification_deliveries_total{kind,outcome}`. Every kind and outcome starts at zero: a
 * series never observed does not exist for Prometheus, so the dead-letter alert's `increase()`
 * would miss the first dead delivery of a process (docs/operations.md#nudgenotificationsdeadlettered).
 */
function deliveryCounter(registry: Registry | undefined): Counter<"kind" | "outcome"> {
  const name = "nudge_notification_deliveries_total";
  const existing = registry?.getSingleMetric(name);
  if (existing) return existing as Counter<"kind" | "outcome">;
  const counter = new Counter({
    name,
    help: "Notification delivery attempts by channel kind and outcome (delivered, retry, dead)",
    labelNames: ["kind", "outcome"],
    registers: registry ? [registry] : [],
  });
  for (const kind of CHANNEL_KINDS) for (const outcome of DELIVERY_OUTCOMES) counter.inc({ kind, outcome }, 0);
  return counter;
}

/** Replaces every secret value in `text` (an error that quotes a URL or a login). */
export function scrubSecrets(text: string, secret: ChannelSecret | null): string {
  let out = text;
  if (secret) for (const value of secretValues(secret)) out = out.split(value).join("[secret]");
  return out.slice(0, 500);
}

/**
 * Delivers the outbox (docs/notifications.md#delivery): claims due deliveries under a lease in
 * one write transaction (so two senders, in one process or several, never take the same one),
 * sends each, and records the outcome. A failure is retried with exponential backoff and full
 * jitter until `maxAgeMs` after the event, then left dead with its last error. It runs on its
 * own timer, apart from the run worker: a channel that is down never slows or fails a run.
 */
export class NotificationSender {
  readonly owner = `sender-${randomUUID()}`;
  readonly #d: SenderDeps;
  readonly #o: SenderOptions;
  readonly #counter: Counter<"kind" | "outcome">;
  readonly #random: () => number;
  #timer: NodeJS.Timeout | null = null;
  #draining: Promise<number> | null = null;
  #again = false;
  #stopped = true;

  constructor(deps: SenderDeps) {
    this.#d = deps;
    this.#o = { ...SENDER_DEFAULTS, ...deps.options };
    this.#counter = deliveryCounter(deps.registry);
    this.#random = deps.random ?? Math.random;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.wake(), this.#o.pollMs);
    this.#timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#draining?.catch(() => 0);
  }

  /** Looks for due deliveries now (after a test send, or a change that notified). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.drain()
      .catch((error: unknown) => {
        this.#d.log.warn({ err: firstLine(error) }, "notification sender pass failed; will retry");
        return 0;
      })
      .finally(() => {
        this.#draining = null;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** One pass: claim what is due and send it. Returns how many deliveries were attempted. */
  async drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const claimed = await this.#claim();
      if (claimed.length === 0) return attempted;
      await Promise.all(claimed.map((d) => this.#deliver(d)));
      attempted += claimed.length;
    }
  }

  async #claim(): Promise<NotificationDelivery[]> {
    const now = this.#d.clock.now();
    const d = notificationDeliveries;
    const due = or(
      and(eq(d.status, "pending"), lte(d.nextAttemptAt, now)),
      and(eq(d.status, "sending"), lt(d.leaseExpiresAt, now)),
    );
    return write(this.#d.db, async (tx) => {
      const ids = await tx.select({ id: d.id }).from(d).where(due).orderBy(d.nextAttemptAt).limit(this.#o.batchSize);
      if (ids.length === 0) return [];
      return tx
        .update(d)
        .set({ status: "sending", leaseOwner: this.owner, leaseExpiresAt: new Date(now.getTime() + this.#o.leaseMs) })
        .where(
          and(
            inArray(
              d.id,
              ids.map((r) => r.id),
            ),
            due,
          ),
        )
        .returning();
    });
  }

  async #deliver(delivery: NotificationDelivery): Promise<void> {
    const row = await this.#d.db
      .select({ event: notificationEvents, channel: notificationChannels, account: accounts })
      .from(notificationEvents)
      .innerJoin(notificationChannels, eq(notificationChannels.id, delivery.channelId))
      .innerJoin(accounts, eq(accounts.id, notificationEvents.accountId))
      .where(eq(notificationEvents.id, delivery.eventId))
      .get();
    if (!row) return; // the channel or the account was removed: the delivery went with it
    const { event, channel, account } = row;
    const log = this.#d.log.child({ deliveryId: delivery.id, eventId: event.id, channelId: channel.id });
    let secret: ChannelSecret | null = null;
    try {
      if (!channel.enabled) throw new DeliveryFailure("the channel is disabled");
      secret = decryptChannelSecret(channel, this.#d.encryptionKeys);
      await sendNotification(
        {
          eventId: event.id,
          type: event.type,
          occurredAt: event.occurredAt,
          account: { id: account.id, name: account.name, locale: account.locale },
          data: event.data,
          message: describeNotification(event.type, event.data, account.name, account.locale),
        },
        { kind: channel.kind, config: channel.config, secret, now: this.#d.clock.now(), timeoutMs: this.#o.timeoutMs },
      );
      await this.#settle(delivery, { status: "delivered", deliveredAt: this.#d.clock.now(), lastError: null });
      this.#counter.inc({ kind: channel.kind, outcome: "delivered" });
      log.info({ type: event.type, kind: channel.kind }, "notification delivered");
    } catch (error) {
      const reason = scrubSecrets(error instanceof DeliveryFailure ? error.message : firstLine(error), secret);
      const attempts = delivery.attempts + 1;
      const now = this.#d.clock.now();
      const ceiling = Math.min(this.#o.maxDelayMs, this.#o.baseDelayMs * 2 ** (attempts - 1));
      const next = new Date(now.getTime() + Math.max(1, Math.floor(this.#random() * ceiling)));
      const permanent = error instanceof DeliveryFailure && error.permanent;
      const dead = permanent || next.getTime() - delivery.createdAt.getTime() > this.#o.maxAgeMs || !channel.enabled;
      await this.#settle(delivery, {
        status: dead ? "dead" : "pending",
        attempts,
        nextAttemptAt: dead ? now : next,
        lastError: reason,
      });
      this.#counter.inc({ kind: channel.kind, outcome: dead ? "dead" : "retry" });
      if (dead) log.warn({ attempts, reason }, "notification given up (dead letter)");
      else log.info({ attempts, reason, nextAttemptAt: next.toISOString() }, "notification not delivered; will retry");
    }
  }

  /** Records an attempt's outcome, only while the lease is still ours. */
  async #settle(delivery: NotificationDelivery, set: Partial<NotificationDelivery>): Promise<void> {
    const d = notificationDeliveries;
    await write(this.#d.db, (tx) =>
      tx
        .update(d)
        .set({ ...set, leaseOwner: null, leaseExpiresAt: null })
        .where(and(eq(d.id, delivery.id), eq(d.leaseOwner, this.owner), eq(d.status, "sending"))),
    );
  }
}
