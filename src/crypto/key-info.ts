/**
 * Cryptographic Algorithm and Cryptographic Length (1.4 §3.4–3.5) read from a key, for Register
 * and Import, where the server sets them from the key material ("MAY be omitted only if this
 * information is available from the Key Value", 1.4 §2.1.3).
 */
import type { KeyObject } from "node:crypto";
import { CryptographicAlgorithm as A } from "../kmip/generated/enums.js";
import { unsupported } from "./errors.js";
import { curveOf } from "./formats-ec.js";

export interface KeyDescription {
  /** Undefined for a symmetric key: its bytes do not say which algorithm they are for. */
  readonly algorithm?: number;
  readonly lengthBits: number;
  /** Recommended Curve of an EC key. */
  readonly curve?: number;
}

/** Ed25519 and Ed448 lengths: the bit sizes of their curves' fields (RFC 7748 §4.1–4.2). */
const EDWARDS_BITS = { ed25519: 255, ed448: 448 } as const;

/** Algorithm, length and curve of `key`. */
export function describeKey(key: KeyObject): KeyDescription {
  if (key.type === "secret") return { lengthBits: (key.symmetricKeySize ?? 0) * 8 };
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === "rsa" || type === "rsa-pss")
    return { algorithm: A.RSA, lengthBits: details.modulusLength ?? 0 };
  if (type === "dsa") return { algorithm: A.DSA, lengthBits: details.modulusLength ?? 0 };
  if (type === "ec") {
    const curve = curveOf(key);
    return { algorithm: A.EC, lengthBits: curve.bits, curve: curve.curve };
  }
  if (type === "ed25519") return { algorithm: A.Ed25519, lengthBits: EDWARDS_BITS.ed25519 };
  if (type === "ed448") return { algorithm: A.Ed448, lengthBits: EDWARDS_BITS.ed448 };
  throw unsupported(`keys of type ${type ?? "(unknown)"} are not supported`);
}
