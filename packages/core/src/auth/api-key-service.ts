import type { ApiKeyRole, Database } from "@nudge/db";
import type { Logger } from "pino";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import { ensureFirstAdminKey, type FirstKeyOutcome } from "./bootstrap.js";
import {
  ApiKeyVerifier,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyInfo,
  type VerifiedKey,
} from "./api-keys.js";

export interface ApiKeyServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
}

/** API keys: create (the plain key is returned once), list, revoke, and verify a presented key. */
export class ApiKeyService {
  readonly #deps: ApiKeyServiceDeps;
  readonly #verifier: ApiKeyVerifier;

  constructor(deps: ApiKeyServiceDeps) {
    this.#deps = deps;
    this.#verifier = new ApiKeyVerifier(deps.db, deps.clock);
  }

  /** The key's principal, or null for an unknown, malformed or revoked key. */
  verify(presented: string): Promise<VerifiedKey | null> {
    return this.#verifier.verify(presented);
  }

  async create(input: { name: string; role: ApiKeyRole }, caller: Caller): Promise<ApiKeyInfo & { key: string }> {
    const { key, info } = await createApiKey(this.#deps.db, input, this.#deps.clock);
    (caller.log ?? this.#deps.log).info({ keyId: info.id, role: info.role, by: caller.by }, "API key created");
    return { key, ...info };
  }

  /**
   * First start: makes the first admin key (`NUDGE_API_KEY`, or a generated one saved 0600 in
   * the data dir for the caller to show once). Later starts change nothing.
   */
  ensureFirstAdmin(options: { envKey?: string | undefined; dataDir: string }): Promise<FirstKeyOutcome> {
    return ensureFirstAdminKey(this.#deps.db, options, this.#deps.clock);
  }

  list(): Promise<ApiKeyInfo[]> {
    return listApiKeys(this.#deps.db);
  }

  /** Revokes at once in this process (other processes within the verifier's cache time). */
  async revoke(id: number, caller: Caller): Promise<ApiKeyInfo> {
    const info = await revokeApiKey(this.#deps.db, id, this.#deps.clock);
    this.#verifier.invalidate();
    (caller.log ?? this.#deps.log).info({ keyId: info.id, by: caller.by }, "API key revoked");
    return info;
  }
}
