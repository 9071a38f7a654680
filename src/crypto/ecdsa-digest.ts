/**
 * ECDSA and DSA over Digested Data (1.4 §4.31–4.32 "Digested Data", 2.1 §6.1.55–6.1.56): the
 * client hashed the data, the server signs or verifies that hash as is (FIPS 186-4 §6.4 / §4.6
 * from step 2 on: the leftmost bits of the hash, as many as the group order has).
 *
 * Node 20's node:crypto signs only through EVP_DigestSign, which hashes its input again, and has
 * no EVP_PKEY_sign. OpenSSL's own `pkeyutl` does exactly the pre-hashed operation: without
 * `-rawin` its input is taken as the digest. So the openssl command signs and verifies here
 * (ecdsa-digest-run.ts: pipes only, bounded in time, output and children at once).
 *
 * - The signature is the DER ECDSA-Sig-Value / Dss-Sig-Value (RFC 3279 §2.2.2–3), as a Sign over
 *   Data with dsaEncoding "der" gives.
 * - The key goes as DER (PKCS#8 private, SPKI public; a private key verifies through its public
 *   half), and the exported copy is zeroed once the child has ended.
 * - A digest is 1 to 64 bytes (EVP_MAX_MD_SIZE: pkeyutl refuses longer input as "too long to
 *   be a hash"); the length a named Hashing Algorithm fixes is checked by the caller (sign.ts).
 * - A signature that does not verify, or that is not a DER signature at all, is `false`.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { bytes } from "./bytes.js";
import { type OpensslOptions, type OpensslResult, runOpenssl } from "./ecdsa-digest-run.js";
import { badParameters, cryptographicFailure, invalidField } from "./errors.js";

/** The longest digest (EVP_MAX_MD_SIZE, SHA-512 and SHA3-512). */
export const DIGEST_BYTES_MAX = 64;
/** Longer signature data cannot be a DER (r, s) of the curves and DSA groups OpenSSL takes. */
export const SIGNATURE_BYTES_MAX = 1024;

/** Key on fd 3 made a real pipe (fd 5), digest on stdin; the signature on stdout. */
const SIGN_SCRIPT = 'exec 6<&0 && cat <&3 | "$@" -inkey /dev/fd/5 5<&0 0<&6 3<&- 4<&- 6<&-';
/** Also the signature: fd 4 made a real pipe (fd 7) by an outer `cat`. */
const VERIFY_SCRIPT =
  'exec 6<&0 && cat <&4 | { cat <&3 | "$@" -inkey /dev/fd/5 -sigfile /dev/fd/7 5<&0 7<&8 0<&6 3<&- 4<&- 6<&- 8<&-; } 8<&0';
const SIGN_ARGS = ["pkeyutl", "-sign", "-keyform", "DER"] as const;
const VERIFY_ARGS = ["pkeyutl", "-verify", "-pubin", "-keyform", "DER"] as const;
const VERIFIED = "Signature Verified Successfully";
const NOT_VERIFIED = "Signature Verification Failure";

const SIGNING_TYPES: readonly string[] = ["ec", "dsa"];

function checkKey(key: KeyObject, needPrivate: boolean): void {
  if (!SIGNING_TYPES.includes(key.asymmetricKeyType ?? ""))
    throw badParameters("Digested Data is signed here with ECDSA or DSA keys only");
  if (needPrivate && key.type !== "private") throw badParameters("signing needs the private key");
}

function checkDigest(digest: Uint8Array): void {
  if (digest.length === 0 || digest.length > DIGEST_BYTES_MAX)
    throw invalidField(`Digested Data is 1 to ${DIGEST_BYTES_MAX} bytes`);
}

/** The DER signature of `digest` with the EC or DSA private `key`. */
export async function ecdsaSignDigest(
  key: KeyObject,
  digest: Uint8Array,
  options: OpensslOptions = {},
): Promise<Uint8Array> {
  checkKey(key, true);
  checkDigest(digest);
  const der = key.export({ type: "pkcs8", format: "der" });
  let result: OpensslResult;
  try {
    result = await runOpenssl(SIGN_SCRIPT, SIGN_ARGS, { stdin: digest, fd3: der }, options);
  } finally {
    der.fill(0);
  }
  if (result.code !== 0 || result.stdout.length === 0)
    throw cryptographicFailure("signing the digest failed", new Error(result.stderr));
  return bytes(result.stdout);
}

/** Whether `signature` is a valid DER signature of `digest` under `key` (public or private). */
export async function ecdsaVerifyDigest(
  key: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
  options: OpensslOptions = {},
): Promise<boolean> {
  checkKey(key, false);
  checkDigest(digest);
  if (signature.length === 0 || signature.length > SIGNATURE_BYTES_MAX) return false;
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  const spki = publicKey.export({ type: "spki", format: "der" });
  const inputs = { stdin: digest, fd3: spki, fd4: signature };
  const result = await runOpenssl(VERIFY_SCRIPT, VERIFY_ARGS, inputs, options);
  const text = result.stdout.toString("latin1");
  if (result.code === 0 && text.includes(VERIFIED)) return true;
  if (result.code !== 0 && text.includes(NOT_VERIFIED)) return false;
  throw cryptographicFailure("verifying the digest's signature failed", new Error(result.stderr));
}
