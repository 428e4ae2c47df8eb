import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { trpc } from "./trpc";

/** One step of a run's durable log, as the subscription delivers it. */
export interface RunEvent {
  runId: number;
  seq: number;
  at: Date;
  level: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Follows a run's events live (server-sent events; the browser reconnects with the last event
 * id, so nothing is lost or repeated). Each event also refreshes what it changes: the run's
 * counters and the account's quota gauges.
 */
export function useRunEvents(runId: number | undefined, accountId: number, onEvent?: (event: RunEvent) => void) {
  const client = useQueryClient();
  return useSubscription(
    trpc.campaigns.runs.events.subscriptionOptions(runId === undefined ? ({} as { runId: number }) : { runId }, {
      enabled: runId !== undefined,
      onData: (tracked) => {
        const event: RunEvent = tracked.data;
        onEvent?.(event);
        void client.invalidateQueries({ queryKey: trpc.campaigns.runs.get.queryKey({ runId: event.runId }) });
        if (event.type.startsWith("contact.") || event.type.startsWith("run.")) {
          void client.invalidateQueries({ queryKey: trpc.health.overview.queryKey({ accountId }) });
          void client.invalidateQueries({ queryKey: trpc.campaigns.runs.list.pathKey() });
        }
      },
    }),
  );
}

/** One line a person can read for an event: who, what text, why. */
export function describeEvent(event: RunEvent): string {
  const d = event.data;
  const str = (k: string) => {
    const value = d[k];
    return typeof value === "string" ? value : undefined;
  };
  const parts = [
    str("name"),
    str("text") && `“${str("text")}”`,
    str("reason"),
    str("message"),
    str("key"),
    str("code"),
  ];
  return parts.filter(Boolean).join(" — ");
}
