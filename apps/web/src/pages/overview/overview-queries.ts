import { trpc } from "../../lib/trpc";

/**
 * Everything the overview shows for an account, in one list: the page asks for these together
 * and appears in one piece, instead of card by card with everything below jumping down.
 */
export function overviewQueries(accountId: number) {
  return [
    trpc.health.overview.queryOptions({ accountId }),
    trpc.accounts.status.queryOptions({ accountId }),
    trpc.campaigns.schedules.get.queryOptions({ accountId, next: 1 }),
    trpc.campaigns.runs.list.queryOptions({ accountId, limit: 10 }),
    trpc.data.stats.daily.queryOptions({ accountId, days: 30 }),
    trpc.campaigns.runs.problems.queryOptions({ accountId, limit: 10 }),
  ] as const;
}
