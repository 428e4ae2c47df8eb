import { accounts, eq, type Database, type SessionStatus } from "@nudge/db";

/**
 * The one place that records what is known about an account's LinkedIn session: a live check's
 * verdict, or a run meeting a login redirect. `db` may be a write job's transaction.
 */
export async function setSessionStatus(
  db: Database,
  accountId: number,
  status: SessionStatus,
  checkedAt: Date,
): Promise<void> {
  await db
    .update(accounts)
    .set({ sessionStatus: status, sessionCheckedAt: checkedAt })
    .where(eq(accounts.id, accountId));
}
