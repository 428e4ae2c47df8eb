export {
  callerOf,
  createApiServices,
  createInnerContext,
  createRequestContext,
  memoryPanelCookies,
  type ApiServices,
  type Context,
  type PanelCookieJar,
  type Principal,
} from "./context.js";
export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from "./root.js";
export { createCallerFactory } from "./trpc.js";
export { transformer } from "./transformer.js";
