import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, apiKeys, desc, eq, isNull, type ApiKeyRole, type Database } from "@nudge/db";
import { NudgeError } from "../errors/index.js";
import type { Clock } from "../time/clock.js";

/** Roles in increasing power: each includes the rights of the ones before it. */
export const ROLE_RANK: Record<ApiKeyRole, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAllows(role: ApiKeyRole, required: ApiKeyRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

const KEY_PREFIX = "nudge_";
/** Accepted key shape; anything else is rejected before touching the database. */
const KEY_SHAPE = /^[A-Za-z0-9_\-.~+/=]{16,200}$/;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * What `keys list` shows to tell keys apart. A generated key shows `nudge_` and four of its 43
 * random characters (24 of 256 bits); a key someone chose (`NUDGE_API_KEY`) shows none of its
 * characters, only the start of its hash, which sits in the same row anyway.
 */
function displayPrefix(key: string, hash: string, generated: boolean): string {
  return generated ? key.slice(0, KEY_PREFIX.length + 4) : `sha256:${hash.slice(0, 8)}`;
}

/** A new random key: 256 bits, URL-safe, recognisable by its prefix. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  role: ApiKeyRole;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/**
 * Stores a key (given, or generated) hashed. The plain key is returned once and never stored.
 */
export async function createApiKey(
  db: Database,
  input: { name: string; role: ApiKeyRole; key?: string },
  clock: Clock,
): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = input.key ?? generateApiKey();
  if (!KEY_SHAPE.test(key)) {
    throw new NudgeError("VALIDATION_FAILED", "an API key must be 16–200 characters of letters, digits and -_.~+/=");
  }
  const hash = hashApiKey(key);
  const prefix = displayPrefix(key, hash, input.key === undefined);
  const [row] = await db
    .insert(apiKeys)
    .values({ name: input.name, role: input.role, hash, prefix, createdAt: clock.now() })
    .onConflictDoNothing({ target: apiKeys.hash })
    .returning(publicColumns);
  if (!row) throw new NudgeError("CONFLICT", "this key already exists");
  return { key, info: row };
}

export async function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  return db.select(publicColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function countActiveAdminKeys(db: Database): Promise<number> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.role, "admin"), isNull(apiKeys.revokedAt)));
  return rows.length;
}

/** Revokes a key. Refuses to revoke the last active admin key: that would lock everyone out. */
export async function revokeApiKey(db: Database, id: number, clock: Clock): Promise<ApiKeyInfo> {
  return db.transaction(async (tx) => {
    const row = await tx.select(publicColumns).from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (!row) throw new NudgeError("NOT_FOUND", `API key ${id} not found`);
    if (row.revokedAt) return row;
    if (row.role === "admin") {
      const admins = await tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.role, "admin"), isNull(apiKeys.revokedAt)));
      if (admins.length <= 1) throw new NudgeError("CONFLICT", "refusing to revoke the last active admin key; create another admin key first");
    }
    const [updated] = await tx.update(apiKeys).set({ revokedAt: clock.now() }).where(eq(apiKeys.id, id)).returning(publicColumns);
    return updated!;
  });
}

export interface VerifiedKey {
  id: number;
  name: string;
  role: ApiKeyRole;
}

interface CachedKey extends VerifiedKey {
  hash: Buffer;
  revoked: boolean;
  loadedAt: number;
}

/**
 * Verifies presented keys. The lookup is by SHA-256 of the key (an index probe), then the stored
 * hash is compared with `timingSafeEqual`; as keys are 256-bit random, the hash leaks nothing an
 * attacker can use. A short cache keeps the hot path off the database, and `last_used_at` is
 * written at most once a minute per key. Revocation takes effect within `cacheTtlMs`.
 */
export class ApiKeyVerifier {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #cacheTtlMs: number;
  readonly #cache = new Map<string, CachedKey | null>();
  readonly #lastTouched = new Map<number, number>();

  constructor(db: Database, clock: Clock, options: { cacheTtlMs?: number } = {}) {
    this.#db = db;
    this.#clock = clock;
    this.#cacheTtlMs = options.cacheTtlMs ?? 5_000;
  }

  /** Forget cached verdicts (after a revoke in this process). */
  invalidate(): void {
    this.#cache.clear();
  }

  async verify(presented: string): Promise<VerifiedKey | null> {
    if (!KEY_SHAPE.test(presented)) return null;
    const hashHex = hashApiKey(presented);
    const now = this.#clock.now().getTime();
    let entry = this.#cache.get(hashHex);
    if (entry === undefined || (entry !== null && now - entry.loadedAt > this.#cacheTtlMs) || (entry === null && this.#cache.size > 10_000)) {
      const row = await this.#db.select().from(apiKeys).where(eq(apiKeys.hash, hashHex)).get();
      entry = row
        ? { id: row.id, name: row.name, role: row.role, hash: Buffer.from(row.hash, "hex"), revoked: row.revokedAt !== null, loadedAt: now }
        : null;
      // Unknown keys are not cached (an attacker could fill the map); known ones are.
      if (entry) this.#cache.set(hashHex, entry);
    }
    if (!entry || entry.revoked) return null;
    if (!timingSafeEqual(entry.hash, Buffer.from(hashHex, "hex"))) return null;
    const last = this.#lastTouched.get(entry.id) ?? 0;
    if (now - last > 60_000) {
      this.#lastTouched.set(entry.id, now);
      await this.#db.update(apiKeys).set({ lastUsedAt: new Date(now) }).where(eq(apiKeys.id, entry.id));
    }
    return { id: entry.id, name: entry.name, role: entry.role };
  }
}
