import type { Coordinator } from "./coordinator.js";
import type { CoordinationOptions } from "./coordination-stores.js";
import { DbCoordinator } from "./db-coordinator.js";
import { FallbackCoordinator, type FallbackCoordinatorOptions } from "./fallback-coordinator.js";

export interface CreateCoordinatorOptions
  extends CoordinationOptions, Partial<Omit<FallbackCoordinatorOptions, keyof CoordinationOptions | "url">> {
  /** `REDIS_URL`: when set, Redis in front with the database as fallback; when empty, the database alone. */
  redisUrl?: string | null;
}

/** The coordinator a process should use: `FallbackCoordinator` with `REDIS_URL`, `DbCoordinator` without. */
export async function createCoordinator(options: CreateCoordinatorOptions): Promise<Coordinator> {
  const { redisUrl, ...rest } = options;
  if (!redisUrl) return new DbCoordinator(rest);
  return FallbackCoordinator.create({ ...rest, url: redisUrl });
}
