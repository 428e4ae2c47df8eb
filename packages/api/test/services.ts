import { createApiKey, DbCoordinator, ManualClock } from "@nudge/core";
import type { ApiKeyRole } from "@nudge/db";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import { appRouter, createApiServices, createCallerFactory, createInnerContext, type ApiServices, type Principal } from "../src/index.js";

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export interface TestApi {
  database: TempDatabase;
  services: ApiServices;
  clock: ManualClock;
  caller(role: ApiKeyRole | null): Caller;
  destroy(): Promise<void>;
}


/** Real temp database + real services; callers act as a principal of the given role. */
export async function createTestApi(start = "2026-11-22T10:00:00Z"): Promise<TestApi> {
  const database = await tempDatabase();
  const clock = new ManualClock(start);
  const log = pino({ level: "silent" });
  const services: ApiServices = createApiServices({
    db: database.db,
    clock,
    log,
    coordinator: new DbCoordinator({ db: database.db, clock, logger: log }),
    version: "test",
  });
  const principals = new Map<ApiKeyRole, Principal>();
  for (const role of ["viewer", "operator", "admin"] as const) {
    const { info } = await createApiKey(database.db, { name: `${role} key`, role }, clock);
    principals.set(role, { via: "api_key", keyId: info.id, name: info.name, role });
  }
  return {
    database,
    services,
    clock,
    caller: (role) => createCaller(createInnerContext({ services, principal: role ? principals.get(role)! : null })),
    destroy: async () => {
      await services.coordinator.close();
      database.destroy();
    },
  };
}
