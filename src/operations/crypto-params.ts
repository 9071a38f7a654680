/**
 * Cryptographic Parameters (KMIP 1.4 §3.6, 2.1 §4.16) of a cryptographic operation, and their
 * translation into what `src/crypto/` takes.
 *
 * Which parameters apply: the request's when it has them; "If omitted then the Cryptographic
 * Parameters associated with the Managed Cryptographic Object with the lowest Attribute Index
 * SHALL be used" (1.4 §4.29–4.34). The request's structure is taken whole, not merged field by
 * field with the key's: a field it leaves out takes the spec's default, not the key's value.
 * The Cryptographic Algorithm is the parameters' (1.2+) or else the key's own.
 *
 * Refused (2.x reasons; 1.x ones via `crypto-reasons.ts`):
 * - a Cryptographic Algorithm that contradicts the key's (an AES key asked for Triple DES; the
 *   EC family EC / ECDSA / ECDH / ECMQV counts as one) → Bad Cryptographic Parameters;
 * - Initial Counter Value, Fixed Field Length, Invocation Field Length, and a Counter Length
 *   other than the whole 128-bit block: OpenSSL's CTR and GCM count over the whole counter block
 *   and take the IV as given → Unsupported Cryptographic Parameters.
 */
import type { CipherRequest, SignatureParameters } from "../crypto/index.js";
import { KmipError } from "../kmip/errors.js";
import { CryptographicAlgorithm as A, ResultReason } from "../kmip/generated/enums.js";
import type { EncryptRequest } from "../kmip/payloads/crypto.js";
import type { StoredObject } from "../storage/objects.js";
import { instancesOf } from "./attribute-instances.js";

export type CryptoParams = NonNullable<EncryptRequest["cryptographicParameters"]>;

const EC_FAMILY: readonly number[] = [A.EC, A.ECDSA, A.ECDH, A.ECMQV];
/** Counter Length of a whole AES block (SP 800-38A §B.1 with m = b = 128). */
const WHOLE_BLOCK_COUNTER_BITS = 128;

function bad(message: string): KmipError {
  return new KmipError(ResultReason.BadCryptographicParameters, message);
}

function unsupported(message: string): KmipError {
  return new KmipError(ResultReason.UnsupportedCryptographicParameters, message);
}

/** Every Cryptographic Parameters instance of the object, by ascending Attribute Index. */
export function keyParameterInstances(obj: StoredObject): CryptoParams[] {
  return instancesOf(obj.attributes, "Cryptographic Parameters")
    .sort((a, b) => a.index - b.index)
    .map((i) => i.attribute.value as CryptoParams);
}

/** The request's parameters, else the key's with the lowest Attribute Index, else none. */
export function parametersFor(requested: CryptoParams | undefined, obj: StoredObject): CryptoParams {
  return requested ?? keyParameterInstances(obj)[0] ?? {};
}

export function sameAlgorithm(a: number, b: number): boolean {
  return a === b || (EC_FAMILY.includes(a) && EC_FAMILY.includes(b));
}

/** The algorithm of the operation: the parameters', which must fit the key's, else the key's. */
export function operationAlgorithm(p: CryptoParams, keyAlgorithm: number | undefined): number {
  const asked = p.cryptographicAlgorithm;
  if (asked !== undefined && keyAlgorithm !== undefined && !sameAlgorithm(asked, keyAlgorithm))
    throw bad("the Cryptographic Algorithm does not match the key's");
  const algorithm = asked ?? keyAlgorithm;
  if (algorithm === undefined) throw bad("no Cryptographic Algorithm for the key or in the parameters");
  return algorithm;
}

function checkCounterFields(p: CryptoParams): void {
  if (p.initialCounterValue !== undefined) throw unsupported("Initial Counter Value is not supported");
  if (p.fixedFieldLength !== undefined || p.invocationFieldLength !== undefined)
    throw unsupported("Fixed and Invocation Field Lengths are not supported; give the whole IV");
  if (p.counterLength !== undefined && p.counterLength !== WHOLE_BLOCK_COUNTER_BITS)
    throw unsupported("the counter is the whole 128-bit block");
}

/** Encrypt / Decrypt / key wrap parameters for `src/crypto/` (the key is added by the caller). */
export function cipherParameters(
  p: CryptoParams,
  keyAlgorithm: number | undefined,
): Omit<CipherRequest, "key"> {
  checkCounterFields(p);
  return {
    algorithm: operationAlgorithm(p, keyAlgorithm),
    mode: p.blockCipherMode,
    padding: p.paddingMethod,
    tagLength: p.tagLength,
    ivLength: p.ivLength,
    randomIv: p.randomIV,
    hashing: p.hashingAlgorithm,
    maskGenerator: p.maskGenerator,
    maskGeneratorHashing: p.maskGeneratorHashingAlgorithm,
    pSource: p.pSource,
  };
}

/** Sign / Signature Verify parameters for `src/crypto/`. */
export function signatureParameters(p: CryptoParams, keyAlgorithm: number | undefined): SignatureParameters {
  return {
    algorithm: operationAlgorithm(p, keyAlgorithm),
    digitalSignatureAlgorithm: p.digitalSignatureAlgorithm,
    hashing: p.hashingAlgorithm,
    padding: p.paddingMethod,
    saltLength: p.saltLength,
    maskGenerator: p.maskGenerator,
    maskGeneratorHashing: p.maskGeneratorHashingAlgorithm,
    trailerField: p.trailerField,
  };
}

/**
 * The MAC algorithm: the parameters' Cryptographic Algorithm (an HMAC one, over any symmetric key
 * whose mask allows MAC), else the key's own. No key-algorithm check: an HMAC over an AES key's
 * bytes is what a client asks for when it names HMAC-SHA256 with that key.
 */
export function macAlgorithm(p: CryptoParams, keyAlgorithm: number | undefined): number {
  const algorithm = p.cryptographicAlgorithm ?? keyAlgorithm;
  if (algorithm === undefined) throw bad("no Cryptographic Algorithm for the MAC");
  return algorithm;
}
