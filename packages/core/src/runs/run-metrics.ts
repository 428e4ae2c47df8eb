import { accounts, DEFAULT_ACCOUNT_ID, type Database } from "@nudge/db";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** Metrics of runs and of what they did, registered once per registry (one per app instance). */
export interface RunMetrics {
  runs: Counter<"kind" | "status">;
  duration: Histogram<"kind">;
  active: Gauge;
  messages: Counter<"kind" | "outcome">;
  contactsProcessed: Counter<"source" | "outcome">;
  scheduledMissed: Counter;
  profileVisits: Counter<"outcome">;
  sourcingQueue: Gauge<"account">;
}

/**
 * Label sets an alert or a dashboard panel reads, created at zero: a series that has never been
 * observed does not exist for Prometheus, and `rate()` over nothing is silence, not zero.
 */
const ZERO_SERIES = {
  runs: ["birthday", "sourcing"].flatMap((kind) =>
    ["succeeded", "failed", "cancelled", "interrupted"].map((status) => ({ kind, status })),
  ),
  messages: ["today", "late"].flatMap((kind) =>
    ["sent", "dry_run", "failed", "unknown"].map((outcome) => ({ kind, outcome })),
  ),
  visits: ["visited", "dry_run", "failed", "skipped"].map((outcome) => ({ outcome })),
};

const cache = new WeakMap<Registry, RunMetrics>();

export function runMetrics(registry: Registry): RunMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const metrics: RunMetrics = {
    runs: new Counter({
      name: "nudge_campaign_runs_total",
      help: "Campaign runs that ended, by kind and final status.",
      labelNames: ["kind", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "nudge_campaign_run_duration_seconds",
      help: "How long campaign runs took from claim to end, by kind.",
      labelNames: ["kind"],
      buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14_400],
      registers: [registry],
    }),
    active: new Gauge({
      name: "nudge_campaign_runs_active",
      help: "Campaign runs executing in this process.",
      registers: [registry],
    }),
    messages: new Counter({
      name: "nudge_messages_total",
      help: "Messages by kind (today, late) and outcome (sent, dry_run, failed, unknown).",
      labelNames: ["kind", "outcome"],
      registers: [registry],
    }),
    contactsProcessed: new Counter({
      name: "nudge_contacts_processed_total",
      help: "Contacts a run looked at, by source (birthday, sourcing) and outcome (acted, dry_run, skipped, failed).",
      labelNames: ["source", "outcome"],
      registers: [registry],
    }),
    scheduledMissed: new Counter({
      name: "nudge_scheduled_runs_missed_total",
      help: "Scheduled runs whose fire time passed while no scheduler was running.",
      registers: [registry],
    }),
    profileVisits: new Counter({
      name: "nudge_profile_visits_total",
      help: "Profile visits of sourcing runs by outcome (visited, dry_run, failed, skipped).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    sourcingQueue: new Gauge({
      name: "nudge_sourcing_queue_size",
      help: "Profiles a sourcing run found and has not visited yet, per account.",
      labelNames: ["account"],
      registers: [registry],
    }),
  };
  for (const labels of ZERO_SERIES.runs) metrics.runs.inc(labels, 0);
  for (const labels of ZERO_SERIES.messages) metrics.messages.inc(labels, 0);
  for (const labels of ZERO_SERIES.visits) metrics.profileVisits.inc(labels, 0);
  // Nothing queued until a sourcing run finds profiles: the stalled-sourcing alert reads it.
  metrics.sourcingQueue.set({ account: String(DEFAULT_ACCOUNT_ID) }, 0);
  cache.set(registry, metrics);
  return metrics;
}

/** `nudge_session_valid{account}`: 1 when the account's LinkedIn session was last seen valid, read at scrape time. */
export function registerSessionGauge(registry: Registry, db: Database): void {
  if (registry.getSingleMetric("nudge_session_valid")) return;
  new Gauge({
    name: "nudge_session_valid",
    help: "1 when the account's stored LinkedIn session is valid, 0 when missing, expired or restricted.",
    labelNames: ["account"],
    registers: [registry],
    async collect() {
      const rows = await db.select({ id: accounts.id, status: accounts.sessionStatus }).from(accounts);
      this.reset();
      for (const row of rows) this.set({ account: String(row.id) }, row.status === "valid" ? 1 : 0);
    },
  });
}
