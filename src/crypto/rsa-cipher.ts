/**
 * RSA encryption (RFC 8017 §7): RSAES-OAEP (§7.1) and RSAES-PKCS1-v1_5 (§7.2).
 *
 * OAEP takes its hash from Hashing Algorithm (SHA-1 when absent, RFC 8017 App. A.2.1), its label
 * from P Source (empty when absent, 1.4 §3.6) and MGF1 as Mask Generator. An absent Mask
 * Generator Hashing Algorithm means "the OAEP hash" rather than 1.4 §3.6's literal SHA-1
 * default, as PyKMIP and other servers read it. When both hashes are the same, OpenSSL pads; Node
 * 20 gives OpenSSL no separate MGF1 hash, so a different one (the OASIS cases CS-AC-M-OAEP-7…10
 * pair SHA-384 with MGF1-SHA-256) is padded by oaep.ts around OpenSSL's raw RSA.
 *
 * PKCS#1 v1.5 decryption: Node 20 refuses RSA_PKCS1_PADDING in privateDecrypt unless its
 * OpenSSL has implicit rejection (3.2+; CVE-2023-46809, the Marvin attack). With Node 20's
 * OpenSSL 3.0 it is Unsupported Cryptographic Parameters; encryption works.
 */
import { constants, type KeyObject, privateDecrypt, publicEncrypt } from "node:crypto";
import { HashingAlgorithm as H, MaskGenerator, PaddingMethod as P } from "../kmip/generated/enums.js";
import { buf, bytes } from "./bytes.js";
import { badParameters, cryptographicFailure, unsupported } from "./errors.js";
import { hashForKeyedUse } from "./hashes.js";
import { type OaepHashes, oaepDecrypt, oaepEncrypt } from "./oaep.js";

export interface RsaCipherParameters {
  readonly padding?: number | undefined;
  readonly hashing?: number | undefined;
  readonly maskGenerator?: number | undefined;
  readonly maskGeneratorHashing?: number | undefined;
  /** P Source: the OAEP label L. */
  readonly pSource?: Uint8Array | undefined;
}

interface NodeRsaOptions {
  padding: number;
  oaepHash?: string;
  oaepLabel?: Buffer;
}

/** How one RSA request is padded: by OpenSSL, or by oaep.ts when the MGF1 hash differs. */
type RsaScheme = { readonly openssl: NodeRsaOptions } | { readonly oaep: OaepHashes };

/** The padding for `p`. */
export function rsaScheme(p: RsaCipherParameters): RsaScheme {
  if (p.padding === P.PKCS1V1_5) return { openssl: { padding: constants.RSA_PKCS1_PADDING } };
  if (p.padding === undefined)
    throw badParameters("RSA encryption needs a Padding Method (OAEP or PKCS1 v1.5)");
  if (p.padding !== P.OAEP)
    throw unsupported("RSA encryption supports the OAEP and PKCS1 v1.5 Padding Methods");
  if (p.maskGenerator !== undefined && p.maskGenerator !== MaskGenerator.MGF1) {
    throw unsupported("OAEP supports the MGF1 Mask Generator only");
  }
  const hash = hashForKeyedUse(p.hashing ?? H.SHA_1);
  const mgfHash = hashForKeyedUse(p.maskGeneratorHashing ?? p.hashing ?? H.SHA_1);
  if (mgfHash.name !== hash.name) return { oaep: { hash, mgfHash, label: p.pSource ?? new Uint8Array(0) } };
  const options: NodeRsaOptions = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash.name };
  if (p.pSource !== undefined && p.pSource.length > 0) options.oaepLabel = buf(p.pSource);
  return { openssl: options };
}

function rsaKey(key: KeyObject | Uint8Array, needPrivate: boolean): KeyObject {
  if (key instanceof Uint8Array || key.asymmetricKeyType !== "rsa")
    throw badParameters("the key is not an RSA key");
  if (needPrivate && key.type !== "private") throw badParameters("decryption needs the private key");
  return key;
}

/** RSAES encryption of `data` with the public (or private) key. */
export function rsaEncrypt(
  key: KeyObject | Uint8Array,
  p: RsaCipherParameters,
  data: Uint8Array,
): Uint8Array {
  const scheme = rsaScheme(p);
  const k = rsaKey(key, false);
  if ("oaep" in scheme) return oaepEncrypt(k, scheme.oaep, data);
  try {
    return bytes(publicEncrypt({ key: k, ...scheme.openssl }, buf(data)));
  } catch (e) {
    throw cryptographicFailure("RSA encryption failed (is the data too long for the key?)", e);
  }
}

/** RSAES decryption of `data` with the private key. */
export function rsaDecrypt(
  key: KeyObject | Uint8Array,
  p: RsaCipherParameters,
  data: Uint8Array,
): Uint8Array {
  const scheme = rsaScheme(p);
  const k = rsaKey(key, true);
  if ("oaep" in scheme) return oaepDecrypt(k, scheme.oaep, data);
  const options = scheme.openssl;
  try {
    return bytes(privateDecrypt({ key: k, ...options }, buf(data)));
  } catch (e) {
    if (
      (e as { code?: unknown }).code === "ERR_INVALID_ARG_VALUE" &&
      options.padding === constants.RSA_PKCS1_PADDING
    ) {
      throw unsupported("PKCS1 v1.5 decryption is disabled in this Node.js build (CVE-2023-46809)");
    }
    throw cryptographicFailure("RSA decryption failed", e);
  }
}
