import type { RouterOutputs } from "@nudge/api";
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { roleAllows, type Role } from "./lib/roles";
import { trpc } from "./lib/trpc";

type Me = NonNullable<RouterOutputs["panel"]["me"]>;
export type AccountListItem = RouterOutputs["accounts"]["list"][number];

export interface Session {
  me: Me;
  /** Whether the signed-in key's role may do what `role` may. */
  can: (role: Role) => boolean;
  accounts: AccountListItem[];
  accountId: number;
  setAccountId: (id: number) => void;
  /** The account's IANA zone, once its settings have loaded: every time is shown in it. */
  timeZone: string | undefined;
}

const SessionContext = createContext<Session | null>(null);
const ACCOUNT_KEY = "nudge.accountId";

/** The account the person looked at last on this browser. */
function storedAccountId(): number | null {
  const value = Number(localStorage.getItem(ACCOUNT_KEY));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Who is signed in and which account the panel looks at, for every page. */
export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const accountsQuery = useQuery(trpc.accounts.list.queryOptions());
  const [chosen, setChosen] = useState<number | null>(storedAccountId);
  const accounts = useMemo(() => accountsQuery.data ?? [], [accountsQuery.data]);
  const known = accounts.find((a) => a.accountId === chosen);
  const accountId = known?.accountId ?? accounts[0]?.accountId ?? chosen ?? 1;
  const settings = useQuery(trpc.settings.get.queryOptions({ accountId }, { staleTime: 60_000 }));
  const value = useMemo<Session>(
    () => ({
      me,
      can: (role) => roleAllows(me.role, role),
      accounts,
      accountId,
      setAccountId(id) {
        localStorage.setItem(ACCOUNT_KEY, String(id));
        setChosen(id);
      },
      timeZone: settings.data?.account.timezone,
    }),
    [me, accounts, accountId, settings.data?.account.timezone],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
