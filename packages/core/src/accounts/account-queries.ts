import { accounts, asc, eq, type Account, type Database } from "@nudge/db";
import { NudgeError } from "../errors/index.js";

/** An account as shown to clients: everything but the encrypted session blob. */
export type AccountSummary = Omit<Account, "session"> & { hasSession: boolean };

export function summarizeAccount(account: Account): AccountSummary {
  const { session, ...rest } = account;
  return { ...rest, hasSession: session !== null };
}

export async function getAccount(db: Database, id: number): Promise<Account> {
  const row = await db.select().from(accounts).where(eq(accounts.id, id)).get();
  if (!row) throw new NudgeError("NOT_FOUND", `account ${id} not found`);
  return row;
}

export async function listAccounts(db: Database): Promise<AccountSummary[]> {
  const rows = await db.select().from(accounts).orderBy(asc(accounts.id));
  return rows.map(summarizeAccount);
}
