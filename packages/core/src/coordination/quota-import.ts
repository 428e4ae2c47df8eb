import { createHash } from "node:crypto";
import { quotaReservations, type Database } from "@nudge/db";
import type { QuotaAction } from "../settings/settings-schema.js";

/**
 * Actions imported from the original bot that fall inside the current quota windows are entered
 * in the ledger as committed reservations at the instant they happened, so the day and week
 * windows count them as if Nudge had done them (docs/architecture.md#quota-admission).
 *
 * Written straight into the ledger, not admitted: they already happened, whatever the limits
 * say now. A Redis quota log that does not know them yet can only let one request through that
 * the ledger then refuses; the refusal stands and the log is rebuilt, so nothing is over-admitted.
 */

export interface ImportedReservation {
  id: string;
  accountId: number;
  action: QuotaAction;
  at: Date;
}

/**
 * The reservation id of an imported action: a hash of what identifies it, so importing the same
 * history again finds the same ids and adds nothing.
 */
export function importedReservationId(parts: {
  accountId: number;
  action: QuotaAction;
  profileUrl: string;
  occasion: string;
  at: Date;
}): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([parts.accountId, parts.action, parts.profileUrl, parts.occasion, parts.at.getTime()]))
    .digest("hex");
  return `import-v1-${digest.slice(0, 32)}`;
}

/** Records imported actions as committed reservations; ids already in the ledger are left alone. Returns how many were added. */
export async function recordImportedReservations(
  tx: Database,
  reservations: readonly ImportedReservation[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < reservations.length; i += 200) {
    const rows = await tx
      .insert(quotaReservations)
      .values(
        reservations.slice(i, i + 200).map((r) => ({
          id: r.id,
          accountId: r.accountId,
          action: r.action,
          runId: null,
          state: "committed" as const,
          at: r.at,
        })),
      )
      .onConflictDoNothing({ target: quotaReservations.id })
      .returning({ id: quotaReservations.id });
    added += rows.length;
  }
  return added;
}
