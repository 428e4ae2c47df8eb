import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { closeSync, existsSync, fchmodSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, apiKeys, eq, gt, isNull, lte, panelSessions, type Database } from "@nudge/db";
import type { Logger } from "pino";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import { writeTransaction } from "../runs/write.js";
import type { Clock } from "../time/clock.js";
import type { Caller } from "../use-cases/caller.js";
import type { ApiKeyService } from "./api-key-service.js";
import type { VerifiedKey } from "./api-keys.js";

/** How long a panel sign-in lasts; the person signs in again with their key after it. */
export const PANEL_SESSION_TTL_MS = 7 * 24 * 60 * 60_000;

export const PANEL_SECRET_FILE = "panel-cookie-secret";

/** A session cookie: `<token>.<signature>`, both base64url (32 random bytes, HMAC-SHA256). */
const COOKIE_SHAPE = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

export interface PanelSignIn {
  /** The cookie's value: shown to the browser once, stored only as a hash. */
  cookie: string;
  expiresAt: Date;
  principal: VerifiedKey;
}

export interface PanelPrincipal extends VerifiedKey {
  sessionId: number;
  expiresAt: Date;
}

/**
 * The key that signs panel cookies. Derived from the session encryption key when there is one
 * (every replica shares it already), otherwise a random secret kept 0600 in the data folder.
 */
export function panelSigningKey(options: { encryptionKeys: readonly EncryptionKey[]; dataDir: string }): Buffer {
  const key = options.encryptionKeys[0];
  if (key) return Buffer.from(hkdfSync("sha256", key.bytes, Buffer.alloc(0), "nudge panel session cookie", 32));
  const file = join(options.dataDir, PANEL_SECRET_FILE);
  if (existsSync(file)) {
    const stored = Buffer.from(readFileSync(file, "utf8").trim(), "base64url");
    if (stored.length === 32) return stored;
  }
  const secret = randomBytes(32);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const fd = openSync(file, "w", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, `${secret.toString("base64url")}\n`);
  } finally {
    closeSync(fd);
  }
  return secret;
}

export interface PanelSessionServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  keys: ApiKeyService;
  /** Asked once, on first use (a process that never sees the panel writes no secret file). */
  signingKey: () => Buffer;
  ttlMs?: number;
}

/**
 * Panel sign-in: a person trades an API key for an httpOnly cookie mapped to that key's role. The
 * cookie is a random token with an HMAC signature (a forged or altered cookie is refused before
 * the database is asked); the database keeps the token's SHA-256 and the expiry. A session
 * lives only as long as its key: revoking the key signs its sessions out at once.
 */
export class PanelSessionService {
  readonly #deps: PanelSessionServiceDeps;
  readonly #ttlMs: number;
  #signingKey: Buffer | undefined;

  constructor(deps: PanelSessionServiceDeps) {
    this.#deps = deps;
    this.#ttlMs = deps.ttlMs ?? PANEL_SESSION_TTL_MS;
  }

  /** A new session for a valid key, or null for an unknown, malformed or revoked key. */
  async signIn(apiKey: string, caller: Omit<Caller, "by">): Promise<PanelSignIn | null> {
    const principal = await this.#deps.keys.verify(apiKey);
    if (!principal) return null;
    const token = randomBytes(32).toString("base64url");
    const now = this.#deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.#ttlMs);
    await writeTransaction(this.#deps.db, async (tx) => {
      // Sign-ins are rare: a good moment to forget sessions that have expired.
      await tx.delete(panelSessions).where(lte(panelSessions.expiresAt, now));
      await tx
        .insert(panelSessions)
        .values({ tokenHash: hashToken(token), apiKeyId: principal.id, createdAt: now, expiresAt });
    });
    (caller.log ?? this.#deps.log).info({ keyId: principal.id, role: principal.role }, "panel signed in");
    return { cookie: `${token}.${this.#sign(token)}`, expiresAt, principal };
  }

  /**
   * The principal of a cookie, or null when it is malformed, forged, expired, signed out, or its
   * key was revoked.
   */
  async resolve(cookie: string): Promise<PanelPrincipal | null> {
    const token = this.#verifiedToken(cookie);
    if (!token) return null;
    const row = await this.#deps.db
      .select({
        sessionId: panelSessions.id,
        expiresAt: panelSessions.expiresAt,
        id: apiKeys.id,
        name: apiKeys.name,
        role: apiKeys.role,
      })
      .from(panelSessions)
      .innerJoin(apiKeys, eq(apiKeys.id, panelSessions.apiKeyId))
      .where(
        and(
          eq(panelSessions.tokenHash, hashToken(token)),
          gt(panelSessions.expiresAt, this.#deps.clock.now()),
          isNull(apiKeys.revokedAt),
        ),
      )
      .get();
    return row ?? null;
  }

  /** Ends the cookie's session (a no-op for one that is already gone). */
  async signOut(cookie: string, caller: Omit<Caller, "by">): Promise<void> {
    const token = this.#verifiedToken(cookie);
    if (!token) return;
    const removed = await writeTransaction(this.#deps.db, (tx) =>
      tx
        .delete(panelSessions)
        .where(eq(panelSessions.tokenHash, hashToken(token)))
        .returning({ keyId: panelSessions.apiKeyId }),
    );
    if (removed[0]) (caller.log ?? this.#deps.log).info({ keyId: removed[0].keyId }, "panel signed out");
  }

  #sign(token: string): string {
    this.#signingKey ??= this.#deps.signingKey();
    return createHmac("sha256", this.#signingKey).update(token).digest("base64url");
  }

  #verifiedToken(cookie: string): string | null {
    const parts = COOKIE_SHAPE.exec(cookie);
    if (!parts) return null;
    const [, token, signature] = parts as unknown as [string, string, string];
    const expected = Buffer.from(this.#sign(token));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
