import type { RouterInputs } from "@nudge/api";
import { useState } from "react";
import { downloadText, toCsv, type Cell } from "../../lib/csv";
import { trpcClient } from "../../lib/trpc";

type ListInput = Omit<RouterInputs["data"]["contacts"]["list"], "cursor" | "limit">;
type Contact = Awaited<ReturnType<typeof trpcClient.data.contacts.list.query>>["items"][number];

/** A CSV is a file a person keeps: cap it where a browser tab stays responsive. */
const MAX_ROWS = 50_000;

const COLUMNS: { header: string; value: (c: Contact) => Cell }[] = [
  { header: "name", value: (c) => c.fullName },
  { header: "profile_url", value: (c) => c.profileUrl },
  { header: "headline", value: (c) => c.headline },
  { header: "company", value: (c) => c.company },
  { header: "location", value: (c) => c.location },
  { header: "birth_month", value: (c) => c.birthMonth },
  { header: "birth_day", value: (c) => c.birthDay },
  { header: "source", value: (c) => c.source },
  { header: "status", value: (c) => c.status },
  { header: "fit_score", value: (c) => c.fitScore },
  { header: "tags", value: (c) => c.tags },
  { header: "notes", value: (c) => c.notes },
  { header: "last_interaction_at", value: (c) => c.lastInteractionAt },
  { header: "created_at", value: (c) => c.createdAt },
];

/** Pages through every contact matching the filters (100 at a time) and downloads them as CSV. */
export function useCsvExport(input: ListInput) {
  const [state, setState] = useState<{ running: boolean; count: number; error: unknown }>({
    running: false,
    count: 0,
    error: null,
  });
  const run = async () => {
    setState({ running: true, count: 0, error: null });
    try {
      const rows: Contact[] = [];
      let cursor: string | undefined;
      do {
        const page = await trpcClient.data.contacts.list.query({ ...input, limit: 100, cursor });
        rows.push(...page.items);
        setState((s) => ({ ...s, count: rows.length }));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < MAX_ROWS);
      downloadText(toCsv(rows, COLUMNS), `nudge-contacts-${new Date().toISOString().slice(0, 10)}.csv`);
      setState({ running: false, count: rows.length, error: null });
    } catch (error) {
      setState({ running: false, count: 0, error });
    }
  };
  return { ...state, run: () => void run() };
}
