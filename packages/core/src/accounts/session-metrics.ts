import { SESSION_STATUSES, type Database } from "@nudge/db";
import { Gauge, type Registry } from "prom-client";
import { listAccountSessions } from "../browser/session/account-session.js";
import type { EncryptionKey } from "../browser/session/session-crypto.js";

/**
 * Session gauges read at scrape time, for the alerts "session expired" and "expiring within 7
 * days" (deployment/prometheus/rules): every account's status as one series per status (1 for
 * the current one, so a missing session never looks expired), and the `li_at` cookie's expiry
 * when the stored session says it. Cookie values never leave the decryption.
 */
export function registerSessionMetrics(
  registry: Registry,
  deps: { db: Database; keys: readonly EncryptionKey[] },
): void {
  if (registry.getSingleMetric("nudge_session_status")) return;
  let read: ReturnType<typeof listAccountSessions> | null = null;
  // One read serves the two gauges of a scrape (prom-client collects them together).
  const sessions = () => (read ??= listAccountSessions({ db: deps.db, keys: deps.keys }).finally(() => (read = null)));
  new Gauge({
    name: "nudge_session_status",
    help: "1 for the account's LinkedIn session status now (missing, valid, expired, restricted), 0 for the others.",
    labelNames: ["account", "status"],
    registers: [registry],
    async collect() {
      const views = await sessions();
      this.reset();
      for (const view of views)
        for (const status of SESSION_STATUSES)
          this.set({ account: String(view.accountId), status }, view.sessionStatus === status ? 1 : 0);
    },
  });
  new Gauge({
    name: "nudge_session_expires_timestamp_seconds",
    help: "When the stored li_at cookie expires (Unix seconds), for accounts whose session gives an expiry.",
    labelNames: ["account"],
    registers: [registry],
    async collect() {
      const views = await sessions();
      this.reset();
      for (const view of views) {
        const expiresAt = view.summary?.liAtExpiresAt;
        if (expiresAt) this.set({ account: String(view.accountId) }, Math.floor(expiresAt.getTime() / 1000));
      }
    },
  });
}
