/**
 * Password-based encryption inside PKCS#12 (RFC 7292 §4.2.2 shrouded key bags, §4.1 encrypted
 * SafeContents):
 * - written: PBES2 (RFC 8018 §6.2) with PBKDF2-HMAC-SHA256 and AES-256-CBC, the password's UTF-8
 *   bytes as PBKDF2's P (as OpenSSL does);
 * - read: PBES2 with PBKDF2 (HMAC-SHA1/256/384/512) and AES-128/192/256-CBC, and
 *   pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 Appendix C, key and IV from the PKCS#12 KDF),
 *   the scheme most existing files use. Others (RC2, RC4) are Key Format Type Not Supported.
 * Iteration counts a file gives are bounded (`PKCS12_ITERATIONS_MAX`): the work runs on the event
 * loop.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { derInteger, derNull, derOctetString, derOid, derSequence, TAG } from "./der.js";
import { cryptographicFailure, formatNotSupported, invalidField } from "./errors.js";
import { childrenOf, contentOf, type Node, OID, oidOf, smallInteger } from "./pkcs12-asn1.js";
import { bmpPassword, KDF_ID, pkcs12Kdf } from "./pkcs12-kdf.js";

/** Iterations written (OpenSSL 3's default) and the most a file read may ask for. */
export const PKCS12_ITERATIONS = 2048;
export const PKCS12_ITERATIONS_MAX = 100_000;

const AES_BY_OID: Readonly<Record<string, { cipher: string; keyBytes: number }>> = {
  [OID.aes128CBC]: { cipher: "aes-128-cbc", keyBytes: 16 },
  [OID.aes192CBC]: { cipher: "aes-192-cbc", keyBytes: 24 },
  [OID.aes256CBC]: { cipher: "aes-256-cbc", keyBytes: 32 },
};

const PRF_BY_OID: Readonly<Record<string, string>> = {
  [OID.hmacWithSHA1]: "sha1",
  [OID.hmacWithSHA256]: "sha256",
  [OID.hmacWithSHA384]: "sha384",
  [OID.hmacWithSHA512]: "sha512",
};

export interface Encrypted {
  /** The AlgorithmIdentifier (DER) that says how to decrypt. */
  readonly algorithm: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** `plaintext` under PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) with fresh salt and IV. */
export function pbes2Encrypt(password: Uint8Array, plaintext: Uint8Array): Encrypted {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(password, salt, PKCS12_ITERATIONS, 32, "sha256");
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const prf = derSequence(derOid(OID.hmacWithSHA256), derNull());
  const kdfParams = derSequence(derOctetString(salt), derInteger(BigInt(PKCS12_ITERATIONS)), prf);
  const kdf = derSequence(derOid(OID.pbkdf2), kdfParams);
  const scheme = derSequence(derOid(OID.aes256CBC), derOctetString(iv));
  return { algorithm: derSequence(derOid(OID.pbes2), derSequence(kdf, scheme)), ciphertext };
}

/** The plaintext of `ciphertext` encrypted as the AlgorithmIdentifier `algorithm` says. */
export function pbeDecrypt(algorithm: Node, password: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const [oid, params] = childrenOf(algorithm, TAG.SEQUENCE, "encryption AlgorithmIdentifier");
  const scheme = oidOf(oid, "encryption algorithm");
  if (scheme === OID.pbes2) return pbes2Decrypt(params, password, ciphertext);
  if (scheme === OID.pbeWithSHAAnd3KeyTripleDESCBC) return tripleDesDecrypt(params, password, ciphertext);
  throw formatNotSupported(`PKCS#12: the encryption scheme ${scheme} is not supported`);
}

function iterationsOf(node: Node | undefined): number {
  const n = smallInteger(node, "iteration count");
  if (n < 1 || n > PKCS12_ITERATIONS_MAX)
    throw invalidField(`PKCS#12: iteration counts must be from 1 to ${PKCS12_ITERATIONS_MAX}`);
  return n;
}

/** RFC 8018 §6.2.2 with PBKDF2-params (Appendix A.2) and an AES-CBC encryption scheme (B.2.5). */
function pbes2Decrypt(params: Node | undefined, password: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const [kdf, scheme] = childrenOf(params, TAG.SEQUENCE, "PBES2-params");
  const [kdfOid, kdfParams] = childrenOf(kdf, TAG.SEQUENCE, "PBES2 keyDerivationFunc");
  if (oidOf(kdfOid, "key derivation function") !== OID.pbkdf2)
    throw formatNotSupported("PKCS#12: only PBKDF2 is supported as the PBES2 key derivation");
  const [cipherOid, ivNode] = childrenOf(scheme, TAG.SEQUENCE, "PBES2 encryptionScheme");
  const aes = AES_BY_OID[oidOf(cipherOid, "encryption scheme")];
  if (aes === undefined) throw formatNotSupported("PKCS#12: only AES-CBC is supported under PBES2");
  const iv = contentOf(ivNode, TAG.OCTET_STRING, "PBES2 IV");
  const [saltNode, countNode, ...rest] = childrenOf(kdfParams, TAG.SEQUENCE, "PBKDF2-params");
  const salt = contentOf(saltNode, TAG.OCTET_STRING, "PBKDF2 salt");
  const prfNode = rest.find((n) => n.tag === TAG.SEQUENCE);
  const prf =
    prfNode === undefined ? "sha1" : PRF_BY_OID[oidOf(childrenOf(prfNode, TAG.SEQUENCE, "prf")[0], "prf")];
  if (prf === undefined) throw formatNotSupported("PKCS#12: the PBKDF2 PRF is not supported");
  const key = pbkdf2Sync(password, salt, iterationsOf(countNode), aes.keyBytes, prf);
  return decipher(aes.cipher, key, iv, ciphertext);
}

/** RFC 7292 Appendix C: pkcs-12PbeParams, 24-byte key (ID 1) and 8-byte IV (ID 2) with SHA-1. */
function tripleDesDecrypt(
  params: Node | undefined,
  password: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  const [saltNode, countNode] = childrenOf(params, TAG.SEQUENCE, "pkcs-12PbeParams");
  const salt = contentOf(saltNode, TAG.OCTET_STRING, "PBE salt");
  const iterations = iterationsOf(countNode);
  const bmp = bmpPassword(password);
  const key = pkcs12Kdf("sha1", bmp, salt, KDF_ID.KEY, iterations, 24);
  const iv = pkcs12Kdf("sha1", bmp, salt, KDF_ID.IV, iterations, 8);
  return decipher("des-ede3-cbc", key, iv, ciphertext);
}

/** A wrong password shows as bad padding: Cryptographic Failure, OpenSSL's error as the cause. */
function decipher(name: string, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  try {
    const d = createDecipheriv(name, key, iv);
    return Buffer.concat([d.update(ciphertext), d.final()]);
  } catch (e) {
    throw cryptographicFailure("PKCS#12: the content does not decrypt with this password", e);
  }
}
