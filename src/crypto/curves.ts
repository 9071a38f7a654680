/**
 * Recommended Curve (1.4 §9.1.3.2.5, 2.1 §11.44) → the OpenSSL curve. The NIST prime curves of
 * FIPS 186-4 App. D (P-224 … P-521) and secp256k1 (SEC 2 §2.4.1, which the OASIS test case
 * TC-ECDSA-SIGN-DIGESTEDDATA-1 uses). Binary curves and P-192 are not offered.
 */
import { RecommendedCurve as C } from "../kmip/generated/enums.js";
import { unsupported } from "./errors.js";

export interface CurveInfo {
  readonly curve: number;
  /** The name OpenSSL and `KeyObject.asymmetricKeyDetails.namedCurve` use. */
  readonly name: string;
  /** namedCurve OID (RFC 5480 §2.1.1.1, SEC 2 App. A.2). */
  readonly oid: string;
  /** Order size in bits: the Cryptographic Length of a key on this curve. */
  readonly bits: number;
  /** Size of D and of each coordinate of Q, in bytes (SEC 1 §2.3.5, §2.3.7). */
  readonly bytes: number;
  /** The order n of the base point: a private key D lies in [1, n-1] (SEC 1 §3.2.1). */
  readonly order: bigint;
}

/** Orders from FIPS 186-4 App. D.1.2 and SEC 2 §2.4.1 (as `openssl ecparam -param_enc explicit` prints them). */
const CURVES: readonly CurveInfo[] = [
  {
    curve: C.P_224,
    name: "secp224r1",
    oid: "1.3.132.0.33",
    bits: 224,
    bytes: 28,
    order: BigInt("0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3d"),
  },
  {
    curve: C.P_256,
    name: "prime256v1",
    oid: "1.2.840.10045.3.1.7",
    bits: 256,
    bytes: 32,
    order: BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
  },
  {
    curve: C.P_384,
    name: "secp384r1",
    oid: "1.3.132.0.34",
    bits: 384,
    bytes: 48,
    order: BigInt(
      "0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    ),
  },
  {
    curve: C.P_521,
    name: "secp521r1",
    oid: "1.3.132.0.35",
    bits: 521,
    bytes: 66,
    order: BigInt(
      "0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    ),
  },
  {
    curve: C.SECP256K1,
    name: "secp256k1",
    oid: "1.3.132.0.10",
    bits: 256,
    bytes: 32,
    order: BigInt("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
  },
];

/** Every Recommended Curve the server supports. */
export const SUPPORTED_CURVES: readonly number[] = CURVES.map((c) => c.curve);

/** The curve for a Recommended Curve value. */
export function curveInfo(curve: number): CurveInfo {
  const info = CURVES.find((c) => c.curve === curve);
  if (info === undefined) throw unsupported(`Recommended Curve 0x${curve.toString(16)} is not supported`);
  return info;
}

/** The NIST curve of a Cryptographic Length, for Create Key Pair requests that give only a length. */
export function curveForLength(bits: number): CurveInfo {
  const info = CURVES.find((c) => c.bits === bits && c.curve !== C.SECP256K1);
  if (info === undefined) throw unsupported(`no supported curve has Cryptographic Length ${bits}`);
  return info;
}

/** The curve of an OpenSSL curve name (from `asymmetricKeyDetails.namedCurve`). */
export function curveByName(name: string | undefined): CurveInfo {
  const info = CURVES.find((c) => c.name === name);
  if (info === undefined) throw unsupported(`curve ${name ?? "(unnamed)"} is not supported`);
  return info;
}
