import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { accountsRouter } from "./routers/accounts.js";
import { campaignsRouter } from "./routers/campaigns.js";
import { dataRouter } from "./routers/data.js";
import { healthRouter } from "./routers/health.js";
import { importsRouter } from "./routers/imports.js";
import { keysRouter } from "./routers/keys.js";
import { notificationsRouter } from "./routers/notifications.js";
import { pageChecksRouter } from "./routers/page-checks.js";
import { panelRouter } from "./routers/panel.js";
import { savedSearchesRouter } from "./routers/saved-searches.js";
import { selectorsRouter } from "./routers/selectors.js";
import { settingsRouter } from "./routers/settings.js";
import { router } from "./trpc.js";

export const appRouter = router({
  health: healthRouter,
  data: dataRouter,
  settings: settingsRouter,
  keys: keysRouter,
  accounts: accountsRouter,
  selectors: selectorsRouter,
  campaigns: campaignsRouter,
  savedSearches: savedSearchesRouter,
  imports: importsRouter,
  panel: panelRouter,
  notifications: notificationsRouter,
  pageChecks: pageChecksRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
