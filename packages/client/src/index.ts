export { createClient, errorCode, TRPCClientError, type ClientOptions, type NudgeClient } from "./client.js";
export type { AppRouter, RouterInputs, RouterOutputs } from "./app-router.js";
