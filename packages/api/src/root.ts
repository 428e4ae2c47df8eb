import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { dataRouter } from "./routers/data.js";
import { healthRouter } from "./routers/health.js";
import { keysRouter } from "./routers/keys.js";
import { settingsRouter } from "./routers/settings.js";
import { router } from "./trpc.js";

export const appRouter = router({
  health: healthRouter,
  data: dataRouter,
  settings: settingsRouter,
  keys: keysRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
