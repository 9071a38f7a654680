/**
 * Which key pair a Create Key Pair makes (KMIP 1.4 §4.2 Table 168; 2.1 §6.1.9 Table 191), and
 * the Key Blocks it stores.
 *
 * - Cryptographic Algorithm: RSA, EC (and the 1.x ECDSA / ECDH names of it), Ed25519 and Ed448
 *   (KMIP 2.0+: the values do not exist before). 1.x REQUIRES it (Table 168); a 1.x request
 *   without it is Missing Data, as for Create (`policy` `createAlgorithmAndLength`). 2.x: "KMIP
 *   servers SHALL supply values for these attributes if the client omits them" (2.1 §4 Table 28):
 *   RSA.
 * - RSA: Cryptographic Length a multiple of 8 from 1024 to 4096 (2048 when absent; 2048 and up
 *   recommended), public exponent 65537 (src/crypto/keys.ts).
 * - EC: the Recommended Curve of the Cryptographic Domain Parameters (P-256, P-384, P-521 …), or
 *   the NIST curve of the Cryptographic Length ("For ECDSA … Cryptographic Length corresponds to
 *   the bit length of parameter Q"); P-256 when neither is given. The curve is recorded on both
 *   keys as Cryptographic Domain Parameters.
 * - Stored Key Format Types: RSA as PKCS#1 (private and public, as the OASIS AKLC profile test
 *   cases show in their Digests), EC as ECPrivateKey (SEC 1) and X.509, Ed25519/Ed448 as PKCS#8
 *   and X.509. Get converts to the other formats (`get-crypto.ts`).
 */
import {
  describeKey,
  type GeneratedKeyPair,
  generateKeyPair,
  type KeyMaterial,
  toFormat,
} from "../crypto/index.js";
import {
  CryptographicAlgorithm as A,
  KeyFormatType as F,
  ObjectType,
  RecommendedCurve,
  ResultReason,
} from "../kmip/generated/enums.js";
import { enumByName, enumValueInVersion } from "../kmip/tables.js";
import type { KmipVersion } from "../kmip/version.js";
import { invalidValue, missingData } from "../policy/index.js";
import type { KeyBlockValue } from "./crypto-key.js";
import { type PairTemplates, pairValue } from "./crypto-pair-attributes.js";

export interface PairKind {
  readonly algorithm: number;
  readonly lengthBits?: number | undefined;
  readonly curve?: number | undefined;
}

const EC: readonly number[] = [A.EC, A.ECDSA, A.ECDH];
const PAIR_ALGORITHMS: readonly number[] = [A.RSA, ...EC, A.Ed25519, A.Ed448];
const DEFAULT_RSA_BITS = 2048;
const DEFAULT_CURVE: number = RecommendedCurve.P_256;
const ALGORITHM_ENUM = enumByName("Cryptographic Algorithm");

function inVersion(algorithm: number, version: KmipVersion): boolean {
  return ALGORITHM_ENUM === undefined || enumValueInVersion(ALGORITHM_ENUM, algorithm, version);
}

/** The algorithm, length and curve of the pair the templates ask for. */
export function pairKind(templates: PairTemplates, version: KmipVersion): PairKind {
  const asked = pairValue(templates, "Cryptographic Algorithm") as number | undefined;
  if (asked === undefined && version < 20)
    throw missingData("Create Key Pair requires a Cryptographic Algorithm");
  const algorithm = asked ?? A.RSA;
  if (!PAIR_ALGORITHMS.includes(algorithm) || !inVersion(algorithm, version))
    throw invalidValue(version, "the server does not generate key pairs of this Cryptographic Algorithm");
  const lengthBits = pairValue(templates, "Cryptographic Length") as number | undefined;
  const domain = pairValue(templates, "Cryptographic Domain Parameters") as
    | { recommendedCurve?: number }
    | undefined;
  if (algorithm === A.RSA) return { algorithm, lengthBits: lengthBits ?? DEFAULT_RSA_BITS };
  if (!EC.includes(algorithm)) return { algorithm, lengthBits };
  const curve = domain?.recommendedCurve ?? (lengthBits === undefined ? DEFAULT_CURVE : undefined);
  return { algorithm, lengthBits, curve };
}

/** Generates the pair; a length or curve the generator refuses is the version's invalid-value reason. */
export async function generatePair(kind: PairKind, version: KmipVersion): Promise<GeneratedKeyPair> {
  try {
    return await generateKeyPair(kind);
  } catch (e) {
    const reason = (e as { reason?: number }).reason;
    if (reason === undefined || reason === ResultReason.CryptographicFailure) throw e;
    throw invalidValue(version, `cannot generate this key pair: ${(e as Error).message}`);
  }
}

/** The Key Format Types a pair of `algorithm` is stored in: [private, public]. */
export function storedFormats(algorithm: number): readonly [number, number] {
  if (algorithm === A.RSA) return [F.PKCS_1, F.PKCS_1];
  if (EC.includes(algorithm)) return [F.ECPrivateKey, F.X_509];
  return [F.PKCS_8, F.X_509];
}

export interface PairBlocks {
  readonly privateKey: KeyBlockValue;
  readonly publicKey: KeyBlockValue;
  /** Cryptographic Length as the keys have it (modulus bits, curve order bits, 255 / 448). */
  readonly lengthBits: number;
  /** Recommended Curve of an EC pair. */
  readonly curve: number | undefined;
}

function block(material: KeyMaterial, format: number, algorithm: number, lengthBits: number): KeyBlockValue {
  return {
    keyFormatType: format,
    keyValue: { keyMaterial: material as Uint8Array },
    cryptographicAlgorithm: algorithm,
    cryptographicLength: lengthBits,
  };
}

/** The two Key Blocks to store for a generated pair. */
export function pairBlocks(pair: GeneratedKeyPair, algorithm: number): PairBlocks {
  const described = describeKey(pair.privateKey);
  const [privateFormat, publicFormat] = storedFormats(algorithm);
  const privateMaterial = toFormat(pair.privateKey, ObjectType.PrivateKey, privateFormat);
  const publicMaterial = toFormat(pair.publicKey, ObjectType.PublicKey, publicFormat);
  return {
    privateKey: block(privateMaterial, privateFormat, algorithm, described.lengthBits),
    publicKey: block(publicMaterial, publicFormat, algorithm, described.lengthBits),
    lengthBits: described.lengthBits,
    curve: described.curve,
  };
}
