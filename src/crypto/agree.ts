/**
 * Key agreement for Derive Key's Asymmetric Key Derivation Method (1.4 §9.1.3.2.21 value 8; 2.1
 * §11 Derivation Method: "derives a key using asymmetric key agreement between a private and
 * public key"): the shared secret Z of one party's private key and the other's public key, from
 * OpenSSL through node:crypto `diffieHellman`.
 *
 * - ECDH: Z is the x-coordinate of the shared point, as SP 800-56A Rev. 3 §5.7.1.2 and SEC 1
 *   §3.3.1 define it (curve size in bytes, left-padded); both keys must be on the same curve.
 * - Finite-field DH (SP 800-56A §5.7.1.1): both keys in the same group.
 * KMIP names no key-derivation function for this method, so the derived object is Z's leftmost
 * Cryptographic Length bits (derive.ts); a longer request is Cryptographic Failure, as for the
 * other methods (1.4 §4.6 "exceeds the output of the derivation method").
 */
import { diffieHellman, type KeyObject } from "node:crypto";
import { CryptographicAlgorithm as A } from "../kmip/generated/enums.js";
import { bytes } from "./bytes.js";
import { badParameters, guard, invalidField } from "./errors.js";

/** Cryptographic Algorithms that name this agreement for each key type. */
const AGREEMENT_ALGORITHMS: Readonly<Record<string, readonly number[]>> = {
  ec: [A.ECDH, A.EC],
  dh: [A.DH],
};

/** The shared secret Z of `privateKey` and the peer's `publicKey`. */
export function agreeSecret(privateKey: KeyObject, publicKey: KeyObject, algorithm?: number): Uint8Array {
  const type = privateKey.asymmetricKeyType ?? "";
  const allowed = AGREEMENT_ALGORITHMS[type];
  if (privateKey.type !== "private" || allowed === undefined)
    throw invalidField("key agreement needs an EC or DH private key");
  if (publicKey.type !== "public" || publicKey.asymmetricKeyType !== type)
    throw invalidField("key agreement needs the peer's public key of the same type");
  if (!sameDomain(privateKey, publicKey))
    throw invalidField("the two keys of a key agreement must be on the same curve or group");
  if (algorithm !== undefined && !allowed.includes(algorithm))
    throw badParameters("the Cryptographic Algorithm does not fit a key agreement with these keys");
  return guard("key agreement failed", () => bytes(diffieHellman({ privateKey, publicKey })));
}

/** Same named curve (EC), or same modulus and generator (DH; compared by OpenSSL itself). */
function sameDomain(a: KeyObject, b: KeyObject): boolean {
  if (a.asymmetricKeyType === "ec")
    return a.asymmetricKeyDetails?.namedCurve === b.asymmetricKeyDetails?.namedCurve;
  return true;
}
