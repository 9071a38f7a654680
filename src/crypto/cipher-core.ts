/**
 * Opening an OpenSSL cipher for a KMIP Encrypt or Decrypt (1.4 §4.29–4.30, 2.1 §6.1.16, §6.1.10):
 * the key, the IV/Counter/Nonce (given, or generated when Random IV is set, 1.4 §3.6), and the
 * Authenticated Encryption Additional Data and Tag (2.1 §7.3–7.4).
 *
 * IV rules: a mode with an IV needs one — given, or generated on Encrypt when Random IV is true;
 * otherwise Invalid Message (CS-BC-M-11/12/13: "missing-iv"). A given IV must have the mode's
 * length (GCM: 1 to 128 bytes, and IV Length when that is set) — else Invalid Field. ECB and the
 * key wraps ignore a given IV.
 */
import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  type Decipher,
  type KeyObject,
} from "node:crypto";
import { buf, bytes } from "./bytes.js";
import { type SymmetricParameters, type SymmetricSpec, symmetricSpec, TAG_LENGTHS } from "./cipher-spec.js";
import { badParameters, cryptographicFailure, guard, invalidField, missingField } from "./errors.js";
import { publicRandomBytes } from "./random-pool.js";

export type Direction = "encrypt" | "decrypt";

export interface SymmetricRequest extends SymmetricParameters {
  readonly key: KeyObject | Uint8Array;
  /** IV/Counter/Nonce (1.4 §4.29). */
  readonly iv?: Uint8Array | undefined;
  /** Random IV (1.4 §3.6): the server generates the IV and returns it. */
  readonly randomIv?: boolean | undefined;
  /** Authenticated Encryption Additional Data. */
  readonly aad?: Uint8Array | undefined;
  /** Authenticated Encryption Tag (Decrypt). */
  readonly tag?: Uint8Array | undefined;
}

export interface OpenedCipher {
  readonly cipher: Cipher | Decipher;
  readonly spec: SymmetricSpec;
  /** The IV the server generated (returned to the client, 1.4 Table 230). */
  readonly generatedIv?: Uint8Array;
}

/** The secret KeyObject of `key`. */
export function secretKey(key: KeyObject | Uint8Array): KeyObject {
  if (key instanceof Uint8Array) {
    if (key.length === 0) throw cryptographicFailure("the key is empty");
    return createSecretKey(buf(key));
  }
  if (key.type !== "secret") throw badParameters("this algorithm needs a symmetric key");
  return key;
}

/** The OpenSSL cipher for `req`, with IV, AAD and tag set. */
export function openSymmetric(direction: Direction, req: SymmetricRequest): OpenedCipher {
  const key = secretKey(req.key);
  const spec = symmetricSpec(key.symmetricKeySize ?? 0, req);
  const { iv, generated } = resolveIv(direction, spec, req);
  checkAeadInputs(direction, spec, req);
  const cipher = guard("the cipher could not be set up", () => create(direction, spec, key, iv, req));
  return generated === undefined ? { cipher, spec } : { cipher, spec, generatedIv: generated };
}

/** The AEAD cipher interfaces share these two calls; node's typings split them per cipher name. */
type Aead = (Cipher | Decipher) & {
  setAAD(data: Buffer): unknown;
  setAuthTag?(tag: Buffer): unknown;
};
type Open = (name: string, key: KeyObject, iv: Buffer | null, options?: { authTagLength: number }) => Aead;

function create(
  direction: Direction,
  spec: SymmetricSpec,
  key: KeyObject,
  iv: Uint8Array | null,
  req: SymmetricRequest,
): Cipher | Decipher {
  const ivBuf = iv === null ? null : buf(spec.opensslIv?.(iv) ?? iv);
  const open = (direction === "encrypt" ? createCipheriv : createDecipheriv) as unknown as Open;
  if (spec.tagBytes === 0) {
    const cipher = open(spec.cipher, key, ivBuf);
    cipher.setAutoPadding(spec.padding);
    return cipher;
  }
  const authTagLength = direction === "decrypt" ? decryptTagLength(spec, req) : spec.tagBytes;
  const cipher = open(spec.cipher, key, ivBuf, { authTagLength });
  if (req.aad !== undefined) cipher.setAAD(buf(req.aad));
  if (direction === "decrypt") cipher.setAuthTag?.(buf(req.tag!));
  return cipher;
}

/** Tag Length when given, else the tag's own length; a tag of another length fails authentication. */
function decryptTagLength(spec: SymmetricSpec, req: SymmetricRequest): number {
  const tag = req.tag!;
  const expected = req.tagLength !== undefined ? spec.tagBytes : tag.length;
  if (tag.length !== expected || !TAG_LENGTHS.includes(expected)) {
    throw cryptographicFailure("the Authenticated Encryption Tag has the wrong length");
  }
  return expected;
}

function checkAeadInputs(direction: Direction, spec: SymmetricSpec, req: SymmetricRequest): void {
  if (spec.tagBytes === 0) {
    if (req.aad !== undefined) throw badParameters("Additional Data needs an authenticated mode");
    if (req.tag !== undefined) throw badParameters("a Tag needs an authenticated mode");
    return;
  }
  if (direction === "decrypt" && req.tag === undefined) {
    throw missingField("the Authenticated Encryption Tag is required");
  }
}

function resolveIv(
  direction: Direction,
  spec: SymmetricSpec,
  req: SymmetricRequest,
): { iv: Uint8Array | null; generated?: Uint8Array } {
  if (spec.fixedIv !== undefined) return { iv: spec.fixedIv };
  if (spec.ivBytes === 0) return { iv: null };
  const length = expectedIvBytes(spec, req.ivLength);
  if (req.iv !== undefined) {
    checkIvLength(spec, req.iv.length, req.ivLength === undefined ? undefined : length);
    return { iv: req.iv };
  }
  if (direction === "encrypt" && req.randomIv === true) {
    const generated = bytes(publicRandomBytes(length));
    return { iv: generated, generated };
  }
  throw missingField("an IV/Counter/Nonce is required for this mode");
}

/** IV Length (bits) when given, else the mode's usual IV size (96 bits for GCM, SP 800-38D §5.2.1.1). */
function expectedIvBytes(spec: SymmetricSpec, ivLengthBits: number | undefined): number {
  if (ivLengthBits === undefined) return spec.ivBytes;
  if (ivLengthBits % 8 !== 0 || !ivLengthAllowed(spec, ivLengthBits / 8)) {
    throw invalidField(`IV Length ${ivLengthBits} is not valid for this mode`);
  }
  return ivLengthBits / 8;
}

/** Whether the mode takes an IV of `n` bytes: one of its sizes, or within its range. */
function ivLengthAllowed(spec: SymmetricSpec, n: number): boolean {
  if (spec.ivSizes !== undefined) return spec.ivSizes.includes(n);
  const [min, max] = spec.ivRange ?? [spec.ivBytes, spec.ivBytes];
  return n >= min && n <= max;
}

function checkIvLength(spec: SymmetricSpec, given: number, exact: number | undefined): void {
  const ok = exact !== undefined ? given === exact : ivLengthAllowed(spec, given);
  if (!ok) throw invalidField(`the IV/Counter/Nonce has the wrong length for this mode (${given} bytes)`);
}
