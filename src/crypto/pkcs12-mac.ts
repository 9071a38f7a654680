/**
 * The password integrity mode of PKCS#12 (RFC 7292 §4 MacData, §5.1, Appendix B): an HMAC over
 * the AuthenticatedSafe octets, keyed by the PKCS#12 KDF with ID 3 and as many bytes as the hash
 * gives. Written with SHA-256 (OpenSSL 3's default); read with SHA-1, SHA-256, SHA-384, SHA-512.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { derInteger, derNull, derOctetString, derOid, derSequence, TAG } from "./der.js";
import { cryptographicFailure, formatNotSupported, invalidField } from "./errors.js";
import { childrenOf, contentOf, HASH_BY_OID, type Node, OID, oidOf, smallInteger } from "./pkcs12-asn1.js";
import { bmpPassword, KDF_ID, kdfHashBytes, pkcs12Kdf } from "./pkcs12-kdf.js";
import { PKCS12_ITERATIONS, PKCS12_ITERATIONS_MAX } from "./pkcs12-pbe.js";

function macOf(hash: string, password: Uint8Array, salt: Uint8Array, iterations: number, data: Uint8Array) {
  const bytes = kdfHashBytes(hash);
  const key = pkcs12Kdf(hash, bmpPassword(password), salt, KDF_ID.MAC, iterations, bytes);
  return createHmac(hash, key).update(data).digest();
}

/** MacData (DER) for `authSafe`, the content octets of the PFX's authSafe. */
export function macData(password: Uint8Array, authSafe: Uint8Array): Uint8Array {
  const salt = randomBytes(16);
  const mac = macOf("sha256", password, salt, PKCS12_ITERATIONS, authSafe);
  const digestInfo = derSequence(derSequence(derOid(OID.sha256), derNull()), derOctetString(mac));
  return derSequence(digestInfo, derOctetString(salt), derInteger(BigInt(PKCS12_ITERATIONS)));
}

/** Checks MacData against `authSafe`; Cryptographic Failure when it does not match. */
export function verifyMacData(node: Node, password: Uint8Array, authSafe: Uint8Array): void {
  const [digestInfo, saltNode, countNode] = childrenOf(node, TAG.SEQUENCE, "MacData");
  const [algorithm, digestNode] = childrenOf(digestInfo, TAG.SEQUENCE, "MAC DigestInfo");
  const hash = HASH_BY_OID[oidOf(childrenOf(algorithm, TAG.SEQUENCE, "MAC algorithm")[0], "MAC hash")];
  if (hash === undefined) throw formatNotSupported("PKCS#12: the MAC hash is not supported");
  const expected = contentOf(digestNode, TAG.OCTET_STRING, "MAC digest");
  const salt = contentOf(saltNode, TAG.OCTET_STRING, "MAC salt");
  const iterations = countNode === undefined ? 1 : smallInteger(countNode, "MAC iterations");
  if (iterations < 1 || iterations > PKCS12_ITERATIONS_MAX)
    throw invalidField(`PKCS#12: iteration counts must be from 1 to ${PKCS12_ITERATIONS_MAX}`);
  const actual = macOf(hash, password, salt, iterations, authSafe);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw cryptographicFailure("PKCS#12: the integrity check failed (wrong password or damaged data)");
}
