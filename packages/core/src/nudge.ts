import type { Database } from "@nudge/db";
import type { Logger } from "pino";
import { Registry } from "prom-client";
import { AccountService } from "./accounts/account-service.js";
import { registerSessionMetrics } from "./accounts/session-metrics.js";
import { SessionService, type BrowserLender } from "./accounts/session-service.js";
import { ApiKeyService } from "./auth/api-key-service.js";
import { PanelSessionService, panelSigningKey } from "./auth/panel-sessions.js";
import { withBrowser } from "./browser/launcher/launcher.js";
import { SelectorService } from "./browser/selectors/selector-service.js";
import { seedSelectorCatalog } from "./browser/selectors/selector-store.js";
import type { EncryptionKey } from "./browser/session/session-crypto.js";
import { ContactService } from "./contacts/contact-service.js";
import { createCoordinationMetrics } from "./coordination/coordination-metrics.js";
import type { Coordinator } from "./coordination/coordinator.js";
import { createCoordinator } from "./coordination/create-coordinator.js";
import { ImportService } from "./import-v1/import-service.js";
import { BirthdayCampaign } from "./campaigns/birthday/birthday-campaign.js";
import { SavedSearchService } from "./campaigns/sourcing/saved-search-service.js";
import { SourcingCampaign } from "./campaigns/sourcing/sourcing-campaign.js";
import { Housekeeper } from "./housekeeping/housekeeper.js";
import type { HousekeepingOptions } from "./housekeeping/housekeeping-options.js";
import type { Campaign } from "./runs/campaign.js";
import { registerSessionGauge, runMetrics } from "./runs/run-metrics.js";
import { RunService } from "./runs/run-service.js";
import { RunWorker } from "./runs/run-worker.js";
import { ChannelService } from "./notifications/channel-service.js";
import { NotificationChecks, type NotificationCheckOptions } from "./notifications/notification-checks.js";
import { NotificationSender, type SenderOptions } from "./notifications/notification-sender.js";
import { PageCheckService, type PageCheckOptions } from "./page-check/page-check-service.js";
import { ScheduleService } from "./scheduler/schedule-service.js";
import { Scheduler } from "./scheduler/scheduler.js";
import { SettingsService } from "./settings/settings-service.js";
import { systemClock, type Clock } from "./time/clock.js";

export interface NudgeDeps {
  db: Database;
  log: Logger;
  clock?: Clock;
  /** The app's Prometheus registry: domain metrics (quotas, breaker, selectors…) register here. */
  registry?: Registry;
  /** `REDIS_URL`: coordinate through Redis, the database as fall-back. Absent: the database alone. */
  redisUrl?: string | undefined;
  /** A coordinator built by the caller instead (tests sharing one across apps). Not closed by `close()`. */
  coordinator?: Coordinator;
  /** Artifacts (screenshots of page changes) and generated files live here. */
  dataDir: string;
  /** Every LinkedIn page is built from it (default https://www.linkedin.com; the simulator in tests). */
  linkedinBaseUrl?: string;
  /** Decrypt stored sessions: the current key first, then previous ones. None: uploads are refused. */
  encryptionKeys?: readonly EncryptionKey[];
  /** How browsers are had; default: launch Chromium (`chromiumPath`) per use and always close it. */
  browsers?: BrowserLender;
  chromiumPath?: string | undefined;
  /** Randomness of pacing and template picks (tests pass a seeded one). */
  random?: () => number;
  /** Run worker tuning: lease length, poll interval, runs at once. */
  worker?: { leaseMs?: number; pollMs?: number; maxConcurrentRuns?: number };
  /** Scheduler tuning: how often it looks, how late a fire counts as missed. */
  scheduler?: { intervalMs?: number; graceMs?: number };
  /** Retention and database upkeep of worker processes (defaults: `HOUSEKEEPING_DEFAULTS`). */
  housekeeping?: Partial<HousekeepingOptions>;
  /** Notification sender and time-based checks tuning (docs/notifications.md). */
  notifications?: { sender?: Partial<SenderOptions>; checks?: Partial<NotificationCheckOptions> };
  /** The daily read-only page check's tuning. */
  pageChecks?: Partial<PageCheckOptions>;
}

/** What a process does besides answering requests (its `ROLE`). */
export interface BackgroundWork {
  /** Claim and execute queued runs. */
  worker?: boolean;
  /** Queue runs from the schedules (one process at a time holds the scheduler lease). */
  scheduler?: boolean;
  /** Retention and database upkeep (docs/operations.md#housekeeping); default: with the worker. */
  housekeeping?: boolean;
  /** Deliver notifications and run the time-based checks; default: with the worker. */
  notifications?: boolean;
  /** Run each account's daily read-only page check (it opens a browser); the server's worker role asks for it. */
  pageChecks?: boolean;
}

/**
 * The domain, built once per process: every use case a transport (the tRPC routers, the CLI,
 * the worker) may call, wired to the same database, coordinator, clock and metrics. Transports
 * validate input, call one method, and present the result — nothing else
 * (docs/architecture.md#layers).
 */
export interface Nudge {
  readonly clock: Clock;
  /** Quotas, breaker, leases and events across processes; `/ready` reads its health. */
  readonly coordinator: Coordinator;
  readonly accounts: AccountService;
  readonly sessions: SessionService;
  readonly settings: SettingsService;
  readonly contacts: ContactService;
  readonly keys: ApiKeyService;
  /** Panel sign-in: API key in, signed session cookie out (revoked with its key). */
  readonly panelSessions: PanelSessionService;
  readonly selectors: SelectorService;
  /** Named sourcing criteria per account (docs/sourcing.md). */
  readonly savedSearches: SavedSearchService;
  readonly runs: RunService;
  readonly schedules: ScheduleService;
  /** The scheduler of this process (started by `startBackground`; `tick()` runs one pass). */
  readonly scheduler: Scheduler;
  /** Moving from the original Python bot: its database, config, templates and session. */
  readonly imports: ImportService;
  /** The run worker of this process (started by `startBackground`). */
  readonly worker: RunWorker;
  /** Retention and database upkeep (started by `startBackground` with the worker). */
  readonly housekeeper: Housekeeper;
  /** Notification channels: CRUD, test sends, delivery history. */
  readonly notifications: ChannelService;
  /** Delivers the outbox (started by `startBackground` with the worker). */
  readonly notificationSender: NotificationSender;
  /** Session-expiry warnings and the daily digest (started with the sender). */
  readonly notificationChecks: NotificationChecks;
  /** The daily read-only page check ("canary"): history, drift, a check on demand. */
  readonly pageChecks: PageCheckService;
  /** Starts the background loops this process's role asks for. */
  startBackground(work: BackgroundWork): Promise<void>;
  /** Stops background work and closes what `createNudge` opened (not the database). */
  close(): Promise<void>;
}

export async function createNudge(deps: NudgeDeps): Promise<Nudge> {
  const { db, log } = deps;
  const clock = deps.clock ?? systemClock;
  const registry = deps.registry ?? new Registry();
  const coordinator =
    deps.coordinator ??
    (await createCoordinator({
      db,
      clock,
      logger: log,
      metrics: createCoordinationMetrics(registry),
      redisUrl: deps.redisUrl,
    }));
  const ownsCoordinator = deps.coordinator === undefined;
  // The builtin selector candidates, once per start: later catalogs add keys and retire old ones.
  await seedSelectorCatalog(db);
  const browsers: BrowserLender = deps.browsers ?? {
    withBrowser: (fn) => withBrowser({ executablePath: deps.chromiumPath, log }, fn),
  };
  const accounts = new AccountService({ db, coordinator, log });
  const metrics = runMetrics(registry);
  registerSessionGauge(registry, db);
  const encryptionKeys = deps.encryptionKeys ?? [];
  registerSessionMetrics(registry, { db, keys: encryptionKeys });
  const linkedinBaseUrl = deps.linkedinBaseUrl ?? "https://www.linkedin.com";
  const random = deps.random ?? Math.random;
  const savedSearches = new SavedSearchService({ db, clock, log });
  const campaignDeps = {
    db,
    coordinator,
    clock,
    metrics,
    random,
    browsers,
    encryptionKeys,
    linkedinBaseUrl,
    dataDir: deps.dataDir,
    registry,
  };
  const campaigns = new Map<Campaign["kind"], Campaign>([
    ["birthday", new BirthdayCampaign(campaignDeps)],
    ["sourcing", new SourcingCampaign({ ...campaignDeps, savedSearches })],
  ]);
  const runs = new RunService({ db, coordinator, clock, log, campaigns, onQueued: () => worker.wake() });
  const worker = new RunWorker({
    db,
    clock,
    log,
    fanout: coordinator.events,
    metrics,
    campaigns,
    settleInterrupted: (run) => runs.settleInterrupted(run),
    ...deps.worker,
  });
  const settings = new SettingsService({ db, clock, coordinator, accounts, log });
  const scheduler = new Scheduler({ db, coordinator, clock, log, runs, metrics, ...deps.scheduler });
  const housekeeper = new Housekeeper({
    db,
    clock,
    log,
    leases: coordinator.leases,
    dataDir: deps.dataDir,
    options: deps.housekeeping,
  });
  const notificationSender = new NotificationSender({
    db,
    clock,
    log: log.child({ component: "notifications" }),
    encryptionKeys,
    registry,
    random,
    options: deps.notifications?.sender,
  });
  const notificationChecks = new NotificationChecks({
    db,
    clock,
    log,
    encryptionKeys,
    coordinator,
    options: deps.notifications?.checks,
    onQueued: () => notificationSender.wake(),
  });
  const pageChecks = new PageCheckService({
    db,
    clock,
    log: log.child({ component: "page-check" }),
    coordinator,
    browsers,
    encryptionKeys,
    linkedinBaseUrl,
    dataDir: deps.dataDir,
    registry,
    options: deps.pageChecks,
    onNotified: () => notificationSender.wake(),
  });
  const background: (() => Promise<void>)[] = [];
  const keys = new ApiKeyService({ db, clock, log });
  return {
    clock,
    coordinator,
    accounts,
    sessions: new SessionService({
      db,
      clock,
      log,
      encryptionKeys,
      linkedinBaseUrl,
      dataDir: deps.dataDir,
      browsers,
      registry,
    }),
    settings,
    contacts: new ContactService({ db, clock, log }),
    keys,
    panelSessions: new PanelSessionService({
      db,
      clock,
      log,
      keys,
      signingKey: () => panelSigningKey({ encryptionKeys, dataDir: deps.dataDir }),
    }),
    selectors: new SelectorService({ db, log }),
    savedSearches,
    runs,
    schedules: new ScheduleService({ db, clock, settings }),
    scheduler,
    imports: new ImportService({
      db,
      clock,
      log,
      coordinator,
      linkedinBaseUrl,
      dataDir: deps.dataDir,
      encryptionKeys,
    }),
    worker,
    housekeeper,
    notifications: new ChannelService({ db, clock, log, encryptionKeys, onQueued: () => notificationSender.wake() }),
    notificationSender,
    notificationChecks,
    pageChecks,
    async startBackground(work) {
      if (work.worker) {
        await worker.start();
        background.push(() => worker.stop());
      }
      if (work.scheduler) {
        scheduler.start();
        background.push(() => scheduler.stop());
      }
      if (work.notifications ?? work.worker) {
        notificationSender.start();
        notificationChecks.start();
        background.push(
          () => notificationSender.stop(),
          () => notificationChecks.stop(),
        );
      }
      if (work.pageChecks) {
        pageChecks.start();
        background.push(() => pageChecks.stop());
      }
      if (work.housekeeping ?? work.worker) {
        housekeeper.start();
        background.push(() => housekeeper.stop());
      }
    },
    async close() {
      for (const stop of background.splice(0).reverse())
        await stop().catch((error: unknown) => log.warn({ err: error }, "background work did not stop cleanly"));
      if (ownsCoordinator) await coordinator.close();
    },
  };
}
