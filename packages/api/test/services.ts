import { createApiKey, createNudge, DbCoordinator, ManualClock, type NudgeDeps } from "@nudge/core";
import type { ApiKeyRole } from "@nudge/db";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import {
  appRouter,
  createApiServices,
  createCallerFactory,
  createInnerContext,
  type ApiServices,
  type Principal,
} from "../src/index.js";

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export type TestNudgeOptions = Partial<Omit<NudgeDeps, "db" | "log" | "clock" | "coordinator">>;

export interface TestApi {
  database: TempDatabase;
  services: ApiServices;
  clock: ManualClock;
  coordinator: DbCoordinator;
  /** A caller acting as a key of `role`; `log` receives the request's log lines. */
  caller(role: ApiKeyRole | null, log?: pino.Logger): Caller;
  /** The same database, clock and coordinator behind a differently configured domain (other keys, say). */
  rewire(options: TestNudgeOptions): Promise<void>;
  destroy(): Promise<void>;
}

/** Real temp database + the real domain (`createNudge`); callers act as a principal of the given role. */
export async function createTestApi(options: TestNudgeOptions = {}, start = "2026-11-22T10:00:00Z"): Promise<TestApi> {
  const database = await tempDatabase();
  const clock = new ManualClock(start);
  const log = pino({ level: "silent" });
  const coordinator = new DbCoordinator({ db: database.db, clock, logger: log });
  const build = async (opts: TestNudgeOptions) =>
    createApiServices({
      nudge: await createNudge({ dataDir: database.dir, ...opts, db: database.db, clock, log, coordinator }),
      log,
      version: "test",
    });
  let services = await build(options);
  const principals = new Map<ApiKeyRole, Principal>();
  for (const role of ["viewer", "operator", "admin"] as const) {
    const { info } = await createApiKey(database.db, { name: `${role} key`, role }, clock);
    principals.set(role, { via: "api_key", keyId: info.id, name: info.name, role });
  }
  const api: TestApi = {
    database,
    get services() {
      return services;
    },
    clock,
    coordinator,
    caller: (role, reqLog) =>
      createCaller(createInnerContext({ services, principal: role ? principals.get(role)! : null, log: reqLog })),
    async rewire(opts) {
      await services.nudge.close();
      services = await build(opts);
    },
    destroy: async () => {
      await services.nudge.close();
      await coordinator.close();
      database.destroy();
    },
  };
  return api;
}
