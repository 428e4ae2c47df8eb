import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isNudgeError } from "../../errors/nudge-error.js";
import { blobKeyId, decryptSecret, encryptSecret, parseEncryptionKey } from "./session-crypto.js";

const hexKey = randomBytes(32).toString("hex");
const key = parseEncryptionKey(hexKey);
const SECRET = JSON.stringify({ cookies: [{ name: "li_at", value: "AQED-very-secret-value" }] });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isNudgeError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "no error";
}

describe("session encryption", () => {
  it("round-trips and writes v1.<keyId>.<iv>.<tag>.<ciphertext>", () => {
    const blob = encryptSecret(SECRET, key);
    expect(blob).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(blobKeyId(blob)).toBe(key.id);
    expect(blob).not.toContain("AQED");
    expect(decryptSecret(blob, key)).toBe(SECRET);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret(SECRET, key)).not.toBe(encryptSecret(SECRET, key));
  });

  it("accepts the same key as hex, base64 and base64url", () => {
    const bytes = Buffer.from(hexKey, "hex");
    expect(parseEncryptionKey(bytes.toString("base64")).id).toBe(key.id);
    expect(parseEncryptionKey(bytes.toString("base64url")).id).toBe(key.id);
  });

  it("rejects a missing or malformed key without echoing it", () => {
    expect(codeOf(() => parseEncryptionKey(undefined))).toMatch(
      /^ENCRYPTION_KEY_MISSING: NUDGE_ENCRYPTION_KEY is not set/,
    );
    const short = randomBytes(16).toString("hex");
    const message = codeOf(() => parseEncryptionKey(short));
    expect(message).toMatch(/^ENCRYPTION_KEY_MISSING: .*32 bytes/);
    expect(message).not.toContain(short);
  });

  it("fails closed with the wrong key: KEY_MISMATCH naming both key ids, no data", () => {
    const other = parseEncryptionKey(randomBytes(32).toString("base64"));
    const blob = encryptSecret(SECRET, key);
    const message = codeOf(() => decryptSecret(blob, other));
    expect(message).toMatch(/^ENCRYPTION_KEY_MISMATCH: /);
    expect(message).toContain(key.id);
    expect(message).toContain(other.id);
    expect(message).not.toContain("AQED");
  });

  it("fails closed when a different key claims the same id (forged header)", () => {
    const other = parseEncryptionKey(randomBytes(32).toString("hex"));
    const blob = encryptSecret(SECRET, other).replace(`v1.${other.id}.`, `v1.${key.id}.`);
    expect(codeOf(() => decryptSecret(blob, key))).toMatch(/^ENCRYPTION_KEY_MISMATCH: .*tampered or corrupted/);
  });

  it("fails closed on a tampered or truncated blob", () => {
    const blob = encryptSecret(SECRET, key);
    const parts = blob.split(".");
    const ct = Buffer.from(parts[4] as string, "base64url");
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), ct.toString("base64url")].join(".");
    expect(codeOf(() => decryptSecret(tampered, key))).toMatch(/^ENCRYPTION_KEY_MISMATCH/);
    expect(codeOf(() => decryptSecret(parts.slice(0, 4).join("."), key))).toMatch(/^ENCRYPTION_KEY_MISMATCH/);
    expect(codeOf(() => decryptSecret(`${parts.slice(0, 3).join(".")}.AAAA.${parts[4]}`, key))).toMatch(
      /^ENCRYPTION_KEY_MISMATCH/,
    );
    expect(codeOf(() => decryptSecret(SECRET, key))).toMatch(/^ENCRYPTION_KEY_MISMATCH/);
  });

  it("reads a blob written with a previous key during a rotation", () => {
    const previous = parseEncryptionKey(randomBytes(32).toString("hex"));
    const blob = encryptSecret(SECRET, previous);
    expect(decryptSecret(blob, [key, previous])).toBe(SECRET);
  });
});
