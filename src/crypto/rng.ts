/**
 * RNG Retrieve and RNG Seed (1.4 §4.35–4.36, 2.1 §6.1.49–6.1.50).
 *
 * Retrieve returns output of OpenSSL's DRBG (RAND_bytes behind randomBytes: a CTR_DRBG with
 * AES-256, SP 800-90A, seeded from the operating system), at most `RNG_RETRIEVE_BYTES_MAX`
 * bytes per request: the Data Length is the client's to choose and must be bounded.
 *
 * Seed: 1.4 §4.36 "The server MAY elect to ignore the information provided by the client (i.e.
 * not accept the seeding material) and MAY indicate this to the client by returning zero as the
 * value in the Data Length response." Node 20 exposes no RAND_add/RAND_seed, and mixing client
 * bytes into the server's generator is not wanted anyway, so the amount used is always 0.
 */
import { randomBytes } from "node:crypto";
import { bytes } from "./bytes.js";
import { guard, invalidField } from "./errors.js";

/** The default bound on one RNG Retrieve. */
export const RNG_RETRIEVE_BYTES_MAX = 64 * 1024;

/** `length` random bytes; Invalid Field when the length is not in 1 … `max`. */
export function rngRetrieve(length: number, max = RNG_RETRIEVE_BYTES_MAX): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > max) {
    throw invalidField(`Data Length must be from 1 to ${max} bytes`);
  }
  return guard("the random number generator failed", () => bytes(randomBytes(length)));
}

/** RNG Seed: the amount of seed data used, which is none (see above). */
export function rngSeed(_data: Uint8Array): { readonly amountUsed: number } {
  return { amountUsed: 0 };
}
