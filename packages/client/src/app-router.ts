import type { AppRouter as ServerRouter } from "@nudge/api";
import type { inferRouterInputs, inferRouterOutputs, TRPCBuiltRouter } from "@trpc/server";

// The server's router, for the type checker only.
declare const serverRouter: ServerRouter;

/**
 * Never called: only its inferred return type is used. Declaration emit writes an inferred type
 * out in full, so the client's .d.ts spells out every procedure's input and output instead of
 * importing `@nudge/api`, and leaves out the server's request context (its services, database and
 * logger types), which a client never sees. The declaration bundler then inlines the few domain
 * types the procedures name (see README, "How the types ship").
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- only its type is used
const clientView = () => ({
  procedures: serverRouter._def.record,
  errorShape: serverRouter._def._config.$types.errorShape,
});

type ClientView = ReturnType<typeof clientView>;

/** Every procedure of a Nudge server with its input and output types, as a client calls them. */
export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ClientView["errorShape"]; transformer: true },
  ClientView["procedures"]
>;

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
