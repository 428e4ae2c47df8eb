import { firstLine, type Coordinator } from "@nudge/core";
import { migrationStatus, sql, type DatabaseHandle } from "@nudge/db";

export type CheckStatus = "ok" | "degraded" | "fail";

export interface CheckResult {
  status: CheckStatus;
  detail?: string;
}

/** One dependency `/ready` asks about. A check must answer within its timeout. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<CheckResult>;
}

// Driver errors can be long and quote SQL; the first line says enough for an operator.
const describe = (error: unknown): string => firstLine(error, 200);

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function databaseCheck(handle: DatabaseHandle, timeoutMs = 2_000): ReadinessCheck {
  return {
    name: "database",
    async run() {
      try {
        await withTimeout(handle.db.run(sql`select 1`), timeoutMs, "database");
        return { status: "ok" };
      } catch (error) {
        return { status: "fail", detail: `unreachable: ${describe(error)}` };
      }
    },
  };
}

export function migrationsCheck(handle: DatabaseHandle, timeoutMs = 2_000): ReadinessCheck {
  return {
    name: "migrations",
    async run() {
      try {
        const status = await withTimeout(migrationStatus(handle.db), timeoutMs, "database");
        return status.pending === 0
          ? { status: "ok", detail: `${status.applied} applied` }
          : { status: "fail", detail: `${status.pending} of ${status.expected} migrations pending` };
      } catch (error) {
        return { status: "fail", detail: `cannot read migration state: ${describe(error)}` };
      }
    },
  };
}

/**
 * The coordinator: `ok` on its primary path; `degraded` (still ready, 200) while Redis is down and
 * quotas and the breaker run on the database — the process keeps its promises, only slower.
 */
export function coordinatorCheck(coordinator: Pick<Coordinator, "health" | "backend">): ReadinessCheck {
  return {
    name: "coordinator",
    async run() {
      const health = coordinator.health();
      const detail = `${coordinator.backend}, quotas on ${health.quotaPath}`;
      return health.status === "ok" ? { status: "ok", detail } : { status: "degraded", detail: health.reason ?? detail };
    },
  };
}

export interface Readiness {
  status: "ready" | "degraded" | "not_ready";
  checks: Record<string, CheckResult>;
}

/** Runs every check in parallel: any fail → not ready (503); any degraded → degraded (200). */
export async function evaluateReadiness(checks: readonly ReadinessCheck[]): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async (c) => [c.name, await c.run().catch((e: unknown) => ({ status: "fail" as const, detail: describe(e) }))] as const),
  );
  const map = Object.fromEntries(results);
  const statuses = results.map(([, r]) => r.status);
  const status = statuses.includes("fail") ? "not_ready" : statuses.includes("degraded") ? "degraded" : "ready";
  return { status, checks: map };
}
