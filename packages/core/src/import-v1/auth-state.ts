import type { Fernet } from "fernet-nodejs";
import { NudgeError } from "../errors/nudge-error.js";
import { MAX_SESSION_UPLOAD_BYTES, parseSessionUpload, type ParsedSession } from "../browser/session/storage-state.js";

/**
 * The original bot's `auth_state.json`, in any of the three forms it was written in:
 * - V1's dashboard upload and login: a plain Playwright storage state;
 * - V1's environment-variable path: `{ version, encrypted: true, algorithm, data }` where `data`
 *   is the base64 of a Fernet token;
 * - app_v2: the raw Fernet token.
 * Encrypted forms need the original's `AUTH_ENCRYPTION_KEY`. Nothing here puts a cookie value
 * (or the key) in an error: decryption errors and JSON errors are replaced by fixed sentences.
 */

export type AuthStateFormat = "storage_state" | "fernet_wrapper" | "fernet_token";

export interface ImportedAuthState {
  format: AuthStateFormat;
  session: ParsedSession;
}

const invalid = (message: string) => new NudgeError("INVALID_SESSION", message);

/** A Fernet token starts with the version byte 0x80, which base64url writes as "gA". */
const FERNET_TOKEN = /^gA[A-Za-z0-9_-]{70,}={0,2}$/;

function checkedKey(fernet: typeof Fernet, fernetKey: string | undefined): string {
  const key = fernetKey?.trim() ?? "";
  if (key.length === 0) {
    throw invalid("the auth-state file is encrypted: give the original bot's AUTH_ENCRYPTION_KEY (its Fernet key)");
  }
  try {
    fernet.checkKey(key);
  } catch {
    throw invalid("the Fernet key is not valid: AUTH_ENCRYPTION_KEY is 44 characters of url-safe base64 (32 bytes)");
  }
  return key;
}

async function decryptToken(token: string, fernetKey: string | undefined): Promise<string> {
  // Loaded on the first encrypted import only (docs/decisions/lazy-loading.md).
  const { Fernet: fernet } = await import("fernet-nodejs");
  const key = checkedKey(fernet, fernetKey);
  try {
    return fernet.decrypt(token, key);
  } catch {
    throw invalid("the auth-state file could not be decrypted with the given Fernet key (wrong AUTH_ENCRYPTION_KEY?)");
  }
}

/** `data` of the V1 wrapper: base64 of the token's text, or (seen in hand-made files) the token itself. */
function tokenOfWrapper(data: unknown): string {
  if (typeof data !== "string" || data.trim().length === 0) throw invalid("the encrypted auth-state file has no data");
  const raw = data.trim();
  if (FERNET_TOKEN.test(raw)) return raw;
  const decoded = Buffer.from(raw, "base64").toString("latin1").trim();
  if (!FERNET_TOKEN.test(decoded)) throw invalid("the encrypted auth-state file's data is not a Fernet token");
  return decoded;
}

function parseJson(textValue: string, what: string): unknown {
  try {
    return JSON.parse(textValue);
  } catch {
    // JSON.parse quotes its input: never pass it on.
    throw invalid(`${what} is not valid JSON`);
  }
}

/**
 * Reads an auth-state file, decrypting it when it is encrypted, and validates the session the
 * Nudge way (linkedin.com cookies, a live `li_at`). Throws INVALID_SESSION with a sentence a
 * person can act on.
 */
export async function readAuthState(
  content: string | Uint8Array,
  fernetKey: string | undefined,
  now: Date,
): Promise<ImportedAuthState> {
  const textValue = (typeof content === "string" ? content : Buffer.from(content).toString("utf8"))
    .replace(/^\uFEFF/, "")
    .trim();
  if (textValue.length === 0) throw invalid("the auth-state file is empty");
  if (Buffer.byteLength(textValue, "utf8") > 4 * MAX_SESSION_UPLOAD_BYTES) {
    throw invalid("the auth-state file is larger than 4 MB");
  }
  if (FERNET_TOKEN.test(textValue)) {
    const plain = await decryptToken(textValue, fernetKey);
    return {
      format: "fernet_token",
      session: parseSessionUpload(parseJson(plain, "the decrypted auth state"), { now }),
    };
  }
  const json = parseJson(textValue, "the auth-state file");
  if (typeof json === "object" && json !== null && (json as { encrypted?: unknown }).encrypted === true) {
    const plain = await decryptToken(tokenOfWrapper((json as { data?: unknown }).data), fernetKey);
    return {
      format: "fernet_wrapper",
      session: parseSessionUpload(parseJson(plain, "the decrypted auth state"), { now }),
    };
  }
  return { format: "storage_state", session: parseSessionUpload(json, { now }) };
}
