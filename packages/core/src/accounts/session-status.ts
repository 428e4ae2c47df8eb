import { accounts, eq, write, type Database, type SessionStatus } from "@nudge/db";
import { notify } from "../notifications/notify.js";

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
  await write(db, async (tx) => {
    const before = await tx
      .select({ status: accounts.sessionStatus })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .get();
    await tx
      .update(accounts)
      .set({ sessionStatus: status, sessionCheckedAt: checkedAt })
      .where(eq(accounts.id, accountId));
    // Said once per expiry, in the transaction that records it (docs/notifications.md#outbox).
    if (status === "expired" && before && before.status !== "expired")
      await notify(tx, { accountId, type: "session.expired", at: checkedAt });
  });
}
