import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { NudgeError } from "../../errors/nudge-error.js";

/**
 * Encryption at rest for account sessions: AES-256-GCM with a key from `NUDGE_ENCRYPTION_KEY`.
 *
 * Blob format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id is a short hash
 * of the key, so a blob written under another key is recognised before any decryption is tried
 * and a key rotation can keep the previous key around to read old blobs. Decryption fails closed:
 * a wrong key, a tampered blob or a truncated one gives ENCRYPTION_KEY_MISMATCH and no data.
 */

export interface EncryptionKey {
  /** Short, non-secret fingerprint of the key (first 8 hex of its SHA-256). */
  readonly id: string;
  readonly bytes: Buffer;
}

const VERSION = "v1";
const AAD = Buffer.from("nudge.session.v1");

/**
 * Reads a 32-byte key written as 64 hex characters or as base64 / base64url. The key itself never
 * appears in the error.
 */
export function parseEncryptionKey(raw: string | undefined): EncryptionKey {
  const text = raw?.trim() ?? "";
  if (text.length === 0) {
    throw new NudgeError(
      "ENCRYPTION_KEY_MISSING",
      "NUDGE_ENCRYPTION_KEY is not set: generate one with `openssl rand -base64 32`",
    );
  }
  let bytes: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(text)) bytes = Buffer.from(text, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}={0,2}$/.test(text))
    bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (!bytes || bytes.length !== 32) {
    throw new NudgeError(
      "ENCRYPTION_KEY_MISSING",
      "NUDGE_ENCRYPTION_KEY must be 32 bytes, written as 64 hex characters or base64",
    );
  }
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
}

/** `NUDGE_ENCRYPTION_KEY` from the environment (or the given env object). */
export function encryptionKeyFromEnv(env: Record<string, string | undefined> = process.env): EncryptionKey {
  return parseEncryptionKey(env.NUDGE_ENCRYPTION_KEY);
}

export function encryptSecret(plaintext: string, key: EncryptionKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  cipher.setAAD(Buffer.concat([AAD, Buffer.from(key.id)]));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(
    ".",
  );
}

/** The key id a blob was written with, or null when it is not a v1 blob. */
export function blobKeyId(blob: string): string | null {
  const parts = blob.split(".");
  return parts.length === 5 && parts[0] === VERSION ? (parts[1] ?? null) : null;
}

/** One key or a ring of them (the current key first, then previous ones during a rotation). */
export function keyRing(keys: EncryptionKey | readonly EncryptionKey[]): readonly EncryptionKey[] {
  return isKeyList(keys) ? keys : [keys];
}

function isKeyList(keys: EncryptionKey | readonly EncryptionKey[]): keys is readonly EncryptionKey[] {
  return Array.isArray(keys);
}

/**
 * Decrypts with whichever of `keys` wrote the blob (current key first, then previous ones during a
 * rotation).
 */
export function decryptSecret(blob: string, keys: EncryptionKey | readonly EncryptionKey[]): string {
  const ring = keyRing(keys);
  const parts = blob.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new NudgeError("ENCRYPTION_KEY_MISMATCH", "the stored session is not in a format this version can read");
  }
  const [, keyId, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
  const key = ring.find((k) => k.id === keyId);
  if (!key) {
    throw new NudgeError(
      "ENCRYPTION_KEY_MISMATCH",
      `the stored session was encrypted with key ${keyId}, but NUDGE_ENCRYPTION_KEY is key ${ring[0]?.id ?? "(none)"}: restore the old key or upload the session again`,
      { details: { storedKeyId: keyId, currentKeyId: ring[0]?.id } },
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(ivText, "base64url"));
    decipher.setAAD(Buffer.concat([AAD, Buffer.from(key.id)]));
    decipher.setAuthTag(Buffer.from(tagText, "base64url"));
    // update() + final() together: nothing is returned unless the tag verifies.
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new NudgeError(
      "ENCRYPTION_KEY_MISMATCH",
      `the stored session does not decrypt with key ${key.id} (tampered or corrupted): upload the session again`,
    );
  }
}
