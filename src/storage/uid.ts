/**
 * Unique Identifiers for managed objects (KMIP 1.4 §3.1, KMIP 2.1 §4.58: a Text String the server
 * generates, unique among the objects it holds). Ours are 32 characters of base62, so about
 * 190 bits from the operating system's CSPRNG: unguessable, and no coordination between nodes.
 *
 * Each character comes from one random byte. A byte is used only below 248 (4 × 62), so every
 * character is exactly equally likely; the 8 bytes above are thrown away and drawn again
 * (rejection sampling, rather than the bias `byte % 62` would give).
 */
import { publicRandomBytes } from "../crypto/random-pool.js";

export const UID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const UID_LENGTH = 32;

/** The largest multiple of 62 that fits a byte: bytes from here up are rejected. */
const BYTE_LIMIT = 256 - (256 % UID_ALPHABET.length);

export function newUniqueIdentifier(random: (size: number) => Uint8Array = publicRandomBytes): string {
  let out = "";
  while (out.length < UID_LENGTH) {
    // A few spare bytes per draw: on average 3% are rejected, so one draw nearly always suffices.
    for (const byte of random(UID_LENGTH - out.length + 8)) {
      if (byte >= BYTE_LIMIT) continue;
      out += UID_ALPHABET[byte % UID_ALPHABET.length];
      if (out.length === UID_LENGTH) break;
    }
  }
  return out;
}
