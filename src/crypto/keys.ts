/**
 * Key generation for Create and Create Key Pair (1.4 §4.1–4.2, 2.1 §6.1.8–6.1.9), from OpenSSL's
 * CSPRNG and key generators.
 *
 * Cryptographic Length (1.4 §3.5) is in bits:
 * - AES: 128, 192, 256 (FIPS 197 §5);
 * - Triple DES: 1.4 §2.1.3 "3DES keys are typically from 112 to 192 bits (depending upon key
 *   length and the presence of parity bits)": 112 or 128 give a two-key (16-byte) key, 168 or
 *   192 a three-key (24-byte) key, every byte with odd parity (FIPS 46-3, SP 800-67 §3.3);
 * - HMAC (SHA-1, SHA-2, SHA-3): any whole number of bytes up to 8192 bits;
 * - ChaCha20 and ChaCha20-Poly1305: 256 (RFC 8439 §2.3);
 * - RSA: a whole number of bytes from 1024 to 4096 bits, public exponent 65537 (SP 800-56B §6.2).
 *   2048 and up are what SP 800-131A Rev. 2 §6 accepts for new keys and what kmipd recommends;
 *   1024 stays for legacy clients (the OASIS cases TC_81 ask for it). The ceiling bounds the
 *   CPU a request may take (4096 bits: about half a second here; 8192: tens of seconds);
 * - EC, ECDSA, ECDH: the Recommended Curve, or the NIST curve of that length (curves.ts);
 * - Ed25519 and Ed448 (RFC 8032): fixed curves, Cryptographic Length 255 or 448 if given.
 */
import {
  createSecretKey,
  type KeyObject,
  generateKeyPair as nodeGenerateKeyPair,
  randomBytes,
} from "node:crypto";
import { CryptographicAlgorithm as A } from "../kmip/generated/enums.js";
import { bytes } from "./bytes.js";
import { curveForLength, curveInfo } from "./curves.js";
import { cryptographicFailure, invalidField, unsupported } from "./errors.js";

const HMAC_ALGORITHMS: readonly number[] = [
  A.HMAC_SHA1,
  A.HMAC_SHA224,
  A.HMAC_SHA256,
  A.HMAC_SHA384,
  A.HMAC_SHA512,
  A.HMAC_SHA3_224,
  A.HMAC_SHA3_256,
  A.HMAC_SHA3_384,
  A.HMAC_SHA3_512,
];
const HMAC_BITS_MAX = 8192;

const FIXED_SIZES: Readonly<Record<number, Readonly<Record<number, number>>>> = {
  [A.AES]: { 128: 16, 192: 24, 256: 32 },
  [A.DES3]: { 112: 16, 128: 16, 168: 24, 192: 24 },
  [A.ChaCha20]: { 256: 32 },
  [A.ChaCha20Poly1305]: { 256: 32 },
};

const RSA_BITS_MIN = 1024;
const RSA_BITS_MAX = 4096;
const RSA_PUBLIC_EXPONENT = 65537;

/** The key size in bytes for a symmetric `algorithm` of `lengthBits`. */
export function symmetricKeySize(algorithm: number, lengthBits: number): number {
  const fixed = FIXED_SIZES[algorithm];
  if (fixed !== undefined) {
    const size = fixed[lengthBits];
    if (size === undefined)
      throw invalidField(`Cryptographic Length ${lengthBits} is not valid for this algorithm`);
    return size;
  }
  if (!HMAC_ALGORITHMS.includes(algorithm))
    throw unsupported("no symmetric keys of this Cryptographic Algorithm");
  if (!Number.isInteger(lengthBits) || lengthBits % 8 !== 0 || lengthBits < 8 || lengthBits > HMAC_BITS_MAX) {
    throw invalidField(`an HMAC key length is a whole number of bytes from 8 to ${HMAC_BITS_MAX} bits`);
  }
  return lengthBits / 8;
}

export interface GeneratedSecret {
  readonly key: KeyObject;
  /** The key bytes (Raw Key Format Type). */
  readonly material: Uint8Array;
}

/** A fresh symmetric key: CSPRNG bytes, with odd parity for Triple DES. */
export function generateSymmetricKey(algorithm: number, lengthBits: number): GeneratedSecret {
  const material = bytes(randomBytes(symmetricKeySize(algorithm, lengthBits)));
  if (algorithm === A.DES3) setOddParity(material);
  return { key: createSecretKey(material), material };
}

/** FIPS 46-3: the low bit of each key byte makes its count of 1 bits odd. */
export function setOddParity(key: Uint8Array): void {
  for (let i = 0; i < key.length; i++) {
    const byte = key[i]!;
    let ones = 0;
    for (let b = byte >> 1; b !== 0; b >>= 1) ones += b & 1;
    key[i] = (byte & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  }
}

export interface KeyPairSpec {
  /** Cryptographic Algorithm: RSA, EC, ECDSA, ECDH, Ed25519 or Ed448. */
  readonly algorithm: number;
  readonly lengthBits?: number | undefined;
  /** Recommended Curve (Cryptographic Domain Parameters), for EC keys. */
  readonly curve?: number | undefined;
}

export interface GeneratedKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The private key as PKCS#8 DER (RFC 5958). */
  readonly privateKeyDer: Uint8Array;
  /** The public key as X.509 SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7). */
  readonly publicKeyDer: Uint8Array;
}

type Request =
  | { type: "rsa"; options: { modulusLength: number; publicExponent: number } }
  | {
      type: "ec" | "ed25519" | "ed448";
      options: { namedCurve?: string };
    };

function validRsaBits(bits: number | undefined): bits is number {
  return (
    bits !== undefined &&
    Number.isInteger(bits) &&
    bits % 8 === 0 &&
    bits >= RSA_BITS_MIN &&
    bits <= RSA_BITS_MAX
  );
}

function keyPairRequest(spec: KeyPairSpec): Request {
  const { algorithm, lengthBits, curve } = spec;
  if (algorithm === A.RSA) {
    if (!validRsaBits(lengthBits)) {
      throw invalidField(
        `RSA Cryptographic Length must be a multiple of 8 from ${RSA_BITS_MIN} to ${RSA_BITS_MAX}`,
      );
    }
    return { type: "rsa", options: { modulusLength: lengthBits, publicExponent: RSA_PUBLIC_EXPONENT } };
  }
  if (algorithm === A.EC || algorithm === A.ECDSA || algorithm === A.ECDH) {
    if (curve === undefined && lengthBits === undefined)
      throw invalidField("an EC key needs a curve or a length");
    const info = curve !== undefined ? curveInfo(curve) : curveForLength(lengthBits!);
    if (lengthBits !== undefined && lengthBits !== info.bits) {
      throw invalidField("Cryptographic Length does not match the Recommended Curve");
    }
    return { type: "ec", options: { namedCurve: info.name } };
  }
  if (algorithm === A.Ed25519 && (lengthBits === undefined || lengthBits === 255 || lengthBits === 256)) {
    return { type: "ed25519", options: {} };
  }
  if (algorithm === A.Ed448 && (lengthBits === undefined || lengthBits === 448 || lengthBits === 456)) {
    return { type: "ed448", options: {} };
  }
  if (algorithm === A.Ed25519 || algorithm === A.Ed448) throw invalidField("unexpected Cryptographic Length");
  throw unsupported("no key pairs of this Cryptographic Algorithm");
}

/** A fresh key pair (off the event loop: RSA 4096 takes a while). */
export async function generateKeyPair(spec: KeyPairSpec): Promise<GeneratedKeyPair> {
  const request = keyPairRequest(spec);
  const pair = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void =>
      err
        ? reject(cryptographicFailure("key pair generation failed", err))
        : resolve({ publicKey, privateKey });
    // The overloads of generateKeyPair are per literal type; this call is typed by `request`.
    (nodeGenerateKeyPair as unknown as (t: string, o: object, cb: typeof done) => void)(
      request.type,
      request.options,
      done,
    );
  });
  return Object.assign({}, pair, {
    privateKeyDer: bytes(pair.privateKey.export({ format: "der", type: "pkcs8" })),
    publicKeyDer: bytes(pair.publicKey.export({ format: "der", type: "spki" })),
  });
}
