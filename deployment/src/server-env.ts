import { envSchema } from "@nudge/server";

/** Every environment variable the server reads (apps/server/src/env.ts). */
export const SERVER_ENV_VARS: readonly string[] = Object.keys(envSchema.in.shape);
