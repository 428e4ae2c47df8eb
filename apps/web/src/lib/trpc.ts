import type { AppRouter } from "@nudge/api";
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { errorInfo } from "./errors";

/** The API is served by the same origin as the panel (proxied by Vite in development). */
const url = "/trpc";

/**
 * Singletons, as tRPC recommends for a client-rendered SPA: one query cache, one client, and the
 * options proxy that turns `trpc.x.y` into TanStack Query options with tRPC's query keys.
 */
export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ended (expired, signed out elsewhere, key revoked) sends the person back to sign-in.
    onError: (error) => {
      if (errorInfo(error).code === "UNAUTHORIZED") queryClient.setQueryData(trpc.panel.me.queryKey(), null);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // An answer the server gave on purpose (401, 403, 404, a validation error) will not change on retry.
      retry: (failures, error) => failures < 2 && (errorInfo(error).status ?? 500) >= 500,
      refetchOnWindowFocus: true,
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === "subscription",
      // Live run events: the browser's EventSource sends the panel's cookie, and reconnects with
      // the last event id so the log resumes without a gap or a repeat.
      true: httpSubscriptionLink({ url, transformer: superjson }),
      false: httpBatchLink({ url, transformer: superjson, maxItems: 20 }),
    }),
  ],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
