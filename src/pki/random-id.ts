import { randomInt } from "node:crypto";
import { PkiError } from "./errors.js";

/**
 * Opaque scope and role ids, the values a client certificate carries as `OU=<scope id>,
 * CN=<role id>` (contract §3). Vault uses 5 base62 characters (about 30 bits). We default to 10
 * (about 60 bits) because an id is the whole of a certificate's identity: with 5 characters,
 * a mount holding tens of thousands of scopes or roles has a real chance that a newly drawn id
 * equals one in use, or one whose certificates are still in the wild after a delete. At 60 bits
 * that chance is negligible, and the id still fits every KMIP client's subject parser. Callers
 * that want Vault's exact look can pass 5.
 *
 * Base62 (digits and both letter cases) is a subset of PrintableString (X.680 §41.4), so the ids
 * encode as PrintableString like Vault's.
 */

export const randomIdLengthDefault = 10;

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `length` characters drawn uniformly from base62 with node's CSPRNG (`randomInt` is unbiased). */
export function randomId(length = randomIdLengthDefault): string {
  // ub-common-name and ub-organizational-unit-name are both 64 (RFC 5280 appendix A.1).
  if (!Number.isInteger(length) || length < 1 || length > 64) {
    throw new PkiError("bad-name", `random id length must be an integer from 1 to 64, got ${length}`);
  }
  let id = "";
  for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}
