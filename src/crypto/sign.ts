/**
 * Sign and Signature Verify (1.4 §4.31–4.32, 2.1 §6.1.51–6.1.52) over Data, or over Digested
 * Data (a digest the client computed).
 *
 * Digested Data: Node 20 signs only through EVP_DigestSign, which hashes its input, so an RSA
 * signature of a precomputed digest is made around OpenSSL's RSA primitive:
 * - RSASSA-PKCS1-v1_5: the signature is the type-1 padded DigestInfo (RFC 8017 §8.2.1, §9.2),
 *   i.e. `privateEncrypt(RSA_PKCS1_PADDING, DigestInfo(digest))`. Without a Hashing Algorithm the
 *   bytes are signed as given (no DigestInfo), as the OASIS case TC-RSA-SIGN-DIGESTEDDATA-1 does.
 * - RSASSA-PSS: EMSA-PSS (RFC 8017 §9.1) in pss-emsa.ts, raw RSA in pss.ts. The same path signs
 *   Data when the MGF1 hash differs from the signature hash, which Node cannot express.
 * - ECDSA and DSA: node:crypto has no EVP_PKEY_sign, so `signAsync` / `verifyAsync` hand the
 *   digest to the openssl command (ecdsa-digest.ts); the synchronous `sign` / `verify` cannot
 *   spawn it and refuse them (Unsupported Cryptographic Parameters).
 * The digest must be as long as the named hash's output (Invalid Field otherwise). EdDSA over a
 * digest is Unsupported Cryptographic Parameters: KMIP names no pre-hashed (Ed25519ph) form.
 *
 * A signature that does not verify is `false`, not an error.
 */
import {
  constants,
  createHash,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
  privateEncrypt,
  publicDecrypt,
  timingSafeEqual,
} from "node:crypto";
import { buf, bytes } from "./bytes.js";
import { ecdsaSignDigest, ecdsaVerifyDigest } from "./ecdsa-digest.js";
import { badParameters, cryptographicFailure, invalidField, missingField, unsupported } from "./errors.js";
import { digestInfo, type HashInfo } from "./hashes.js";
import { type PssOptions, pssSignDigest, pssVerifyDigest } from "./pss.js";
import {
  checkSigningKey,
  type SignatureParameters,
  type SignatureScheme,
  signatureScheme,
} from "./sign-spec.js";

export interface SignRequest extends SignatureParameters {
  readonly key: KeyObject;
  /** Data to sign (it is hashed here). */
  readonly data?: Uint8Array | undefined;
  /** Digested Data: the hash of the data, computed by the client. */
  readonly digest?: Uint8Array | undefined;
}

export interface VerifyRequest extends SignRequest {
  readonly signature: Uint8Array;
}

export interface NodeSignOptions {
  key: KeyObject;
  padding?: number;
  saltLength?: number;
  dsaEncoding?: "der";
}

/** The node:crypto digest name (null for EdDSA) and key options of `scheme`. */
export function nodeSignOptions(
  scheme: SignatureScheme,
  key: KeyObject,
  forVerify: boolean,
): { digest: string | null; options: NodeSignOptions } {
  if (scheme.kind === "eddsa") return { digest: null, options: { key } };
  if (scheme.hash === undefined) throw badParameters("signing data needs a Hashing Algorithm");
  const digest = scheme.hash.name;
  if (scheme.kind === "rsa-pkcs1") return { digest, options: { key, padding: constants.RSA_PKCS1_PADDING } };
  if (scheme.kind === "rsa-pss") {
    // Single-part requests with another MGF1 hash go to pss.ts; a stream hashes in OpenSSL.
    if (scheme.mgfHash !== undefined)
      throw unsupported("multi-part PSS with an MGF1 hash other than the signature hash is not supported");
    const auto = forVerify ? constants.RSA_PSS_SALTLEN_AUTO : scheme.hash.bytes;
    const saltLength = scheme.saltLength ?? auto;
    return { digest, options: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength } };
  }
  return { digest, options: { key, dsaEncoding: "der" } };
}

function prepare(req: SignRequest, needPrivate: boolean): SignatureScheme {
  const scheme = signatureScheme(req);
  checkSigningKey(scheme, req.key, needPrivate);
  if (req.data !== undefined && req.digest !== undefined)
    throw invalidField("give Data or Digested Data, not both");
  if (req.data === undefined && req.digest === undefined)
    throw missingField("Data or Digested Data is required");
  return scheme;
}

/** The signature of `req.data` or `req.digest` with the private key. */
export function sign(req: SignRequest): Uint8Array {
  const scheme = prepare(req, true);
  if (req.digest !== undefined) return signDigest(scheme, req.key, req.digest);
  if (scheme.kind === "rsa-pss" && scheme.mgfHash !== undefined)
    return pssSignDigest(req.key, pssOptions(scheme), hashOf(scheme.hash, req.data!));
  const { digest, options } = nodeSignOptions(scheme, req.key, false);
  try {
    return bytes(nodeSign(digest, buf(req.data!), options));
  } catch (e) {
    throw cryptographicFailure("signing failed", e);
  }
}

/** Whether `req.signature` is valid for `req.data` or `req.digest` under the (public or private) key. */
export function verify(req: VerifyRequest): boolean {
  const scheme = prepare(req, false);
  if (req.digest !== undefined) return verifyDigest(scheme, req.key, req.digest, req.signature);
  if (scheme.kind === "rsa-pss" && scheme.mgfHash !== undefined) {
    const mHash = hashOf(scheme.hash, req.data!);
    return pssVerifyDigest(req.key, pssOptions(scheme), mHash, req.signature);
  }
  const { digest, options } = nodeSignOptions(scheme, req.key, true);
  try {
    return nodeVerify(digest, buf(req.data!), options, buf(req.signature));
  } catch (e) {
    throw cryptographicFailure("signature verification failed", e);
  }
}

/** `sign`, also for ECDSA and DSA over Digested Data (through the openssl command). */
export async function signAsync(req: SignRequest): Promise<Uint8Array> {
  if (req.digest === undefined) return sign(req);
  const scheme = prepare(req, true);
  if (scheme.kind !== "ecdsa" && scheme.kind !== "dsa") return signDigest(scheme, req.key, req.digest);
  checkDigestLength(scheme.hash, req.digest);
  return ecdsaSignDigest(req.key, req.digest);
}

/** `verify`, also for ECDSA and DSA over Digested Data (through the openssl command). */
export async function verifyAsync(req: VerifyRequest): Promise<boolean> {
  if (req.digest === undefined) return verify(req);
  const scheme = prepare(req, false);
  if (scheme.kind !== "ecdsa" && scheme.kind !== "dsa")
    return verifyDigest(scheme, req.key, req.digest, req.signature);
  checkDigestLength(scheme.hash, req.digest);
  return ecdsaVerifyDigest(req.key, req.digest, req.signature);
}

type PssScheme = Extract<SignatureScheme, { kind: "rsa-pss" }>;

/** EMSA-PSS's hashes and salt length: Salt Length, else hLen (sign-spec.ts). */
function pssOptions(scheme: PssScheme): PssOptions {
  const { hash } = scheme;
  return { hash, mgfHash: scheme.mgfHash ?? hash, saltLength: scheme.saltLength ?? hash.bytes };
}

function hashOf(hash: HashInfo, data: Uint8Array): Uint8Array {
  return bytes(createHash(hash.name).update(data).digest());
}

/** Invalid Field unless the digest is the hash's output length (RFC 8017 §9.1.1 step 2). */
function checkDigestLength(hash: HashInfo | undefined, digest: Uint8Array): void {
  if (hash !== undefined && digest.length !== hash.bytes)
    throw invalidField(`a ${hash.name} digest is ${hash.bytes} bytes`);
}

/** EMSA-PKCS1-v1_5's T (RFC 8017 §9.2 step 2), or the raw bytes when no hash is named. */
function encodedDigest(hash: HashInfo | undefined, digest: Uint8Array): Uint8Array {
  return hash === undefined ? digest : digestInfo(hash, digest);
}

function digestUnsupported(scheme: SignatureScheme) {
  if (scheme.kind === "eddsa")
    return unsupported("EdDSA signs the Data itself: KMIP has no pre-hashed EdDSA");
  return unsupported("ECDSA and DSA over Digested Data go through signAsync / verifyAsync");
}

function signDigest(scheme: SignatureScheme, key: KeyObject, digest: Uint8Array): Uint8Array {
  if (scheme.kind !== "rsa-pkcs1" && scheme.kind !== "rsa-pss") throw digestUnsupported(scheme);
  checkDigestLength(scheme.hash, digest);
  if (scheme.kind === "rsa-pss") return pssSignDigest(key, pssOptions(scheme), digest);
  const t = encodedDigest(scheme.hash, digest);
  try {
    return bytes(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, buf(t)));
  } catch (e) {
    throw cryptographicFailure("signing failed (is the digest too long for the key?)", e);
  }
}

function verifyDigest(
  scheme: SignatureScheme,
  key: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (scheme.kind !== "rsa-pkcs1" && scheme.kind !== "rsa-pss") throw digestUnsupported(scheme);
  checkDigestLength(scheme.hash, digest);
  if (scheme.kind === "rsa-pss") return pssVerifyDigest(key, pssOptions(scheme), digest, signature);
  const t = encodedDigest(scheme.hash, digest);
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, buf(signature));
  } catch {
    return false; // not a PKCS1 v1.5 signature block under this key
  }
  return recovered.length === t.length && timingSafeEqual(recovered, buf(t));
}
