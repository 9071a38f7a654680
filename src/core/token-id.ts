/**
 * Token and accessor identifiers, and their storage form.
 *
 * Service tokens look like Vault's (docs "Tokens", token prefixes): `hvs.` then base62 random
 * characters. 24 base62 characters carry 24·log2(62) ≈ 142.9 bits, above the 128 bits asked for.
 * Tokens are never stored: storage keys and records hold HMAC-SHA256(salt, token), the salt being a
 * per-installation random value kept behind the barrier, so a copy of the database does not give
 * out usable tokens, and token hashes cannot be precomputed across installations.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const TOKEN_PREFIX = "hvs.";
export const RANDOM_CHARS = 24;
export const SALT_BYTES = 32;

/** Uniform base62: bytes of 248 or more are rejected (248 = 4·62), so no character is favoured. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

export function newTokenId(): string {
  return TOKEN_PREFIX + randomBase62(RANDOM_CHARS);
}

export function newAccessor(): string {
  return randomBase62(RANDOM_CHARS);
}

/** The storage name of a token (or accessor): hex HMAC-SHA256 under the installation salt. */
export function saltedHash(salt: Uint8Array, value: string): string {
  return createHmac("sha256", salt).update(value, "utf8").digest("hex");
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * A caller-chosen token id (root only, `id` in auth/token/create): printable ASCII without "."
 * (Vault API docs: "The ID provided may not contain a `.` character"), 1 to 256 characters.
 */
export function checkCustomId(id: string): string | undefined {
  if (id.length === 0 || id.length > 256) return "a token id is 1 to 256 characters";
  if (!/^[\x21-\x7e]+$/.test(id)) return "a token id is printable ASCII without spaces";
  if (id.includes(".")) return "a token id cannot contain a '.'";
  return undefined;
}
