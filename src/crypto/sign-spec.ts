/**
 * The signature scheme of a Sign or Signature Verify (1.4 §4.31–4.32, 2.1 §6.1.53–6.1.54). 1.4
 * §3.6: "either the Digital Signature Algorithm can be specified or the Cryptographic Algorithm
 * and Hashing Algorithm combination", with Padding Method choosing PSS or PKCS1 v1.5 for RSA.
 *
 * - RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8.2, §8.1) over SHA-1, SHA-2 or SHA-3. PSS: MGF1
 *   with the Mask Generator Hashing Algorithm, else the signature hash (as for OAEP in
 *   rsa-cipher.ts, rather than 1.4 §3.6 / 2.1 §4.16's literal SHA-1 default); an MGF1 hash
 *   other than the signature hash is padded by pss.ts (single-part only); salt length
 *   Salt Length or the hash size (RFC 8017 §9.1; 1.4 §3.6 says "block size" of the hash, which
 *   RFC 4055 §3.1 and every implementation read as its output size), trailer field 1 (0xBC).
 * - ECDSA (FIPS 186-4 §6, X9.62) and DSA (FIPS 186-4 §4), DER-encoded (r, s) (RFC 3279 §2.2.2–3).
 * - Ed25519 and Ed448 (RFC 8032 §5.1, §5.2), pure: the Hashing Algorithm is not used.
 * MD2 and MD5 with RSA are Unsupported Cryptographic Parameters.
 */
import type { KeyObject } from "node:crypto";
import {
  CryptographicAlgorithm as A,
  DigitalSignatureAlgorithm as D,
  HashingAlgorithm as H,
  MaskGenerator,
  PaddingMethod as P,
} from "../kmip/generated/enums.js";
import { badParameters, unsupported } from "./errors.js";
import { type HashInfo, hashForKeyedUse } from "./hashes.js";

export interface SignatureParameters {
  /** Cryptographic Algorithm (of the request's parameters, or of the key). */
  readonly algorithm: number;
  readonly digitalSignatureAlgorithm?: number | undefined;
  readonly hashing?: number | undefined;
  readonly padding?: number | undefined;
  readonly saltLength?: number | undefined;
  readonly maskGenerator?: number | undefined;
  readonly maskGeneratorHashing?: number | undefined;
  readonly trailerField?: number | undefined;
}

export type SignatureScheme =
  | { readonly kind: "rsa-pkcs1"; readonly hash?: HashInfo }
  | {
      readonly kind: "rsa-pss";
      readonly hash: HashInfo;
      readonly saltLength?: number;
      /** The MGF1 hash, when the Mask Generator Hashing Algorithm names another than `hash`. */
      readonly mgfHash?: HashInfo;
    }
  | { readonly kind: "ecdsa" | "dsa"; readonly hash?: HashInfo }
  | { readonly kind: "eddsa" };

/** Digital Signature Algorithm → (scheme, Hashing Algorithm) for the fixed-hash values. */
const BY_DSA: Readonly<Record<number, readonly ["rsa-pkcs1" | "ecdsa" | "dsa", number]>> = {
  [D.SHA_1WithRSAEncryption]: ["rsa-pkcs1", H.SHA_1],
  [D.SHA_224WithRSAEncryption]: ["rsa-pkcs1", H.SHA_224],
  [D.SHA_256WithRSAEncryption]: ["rsa-pkcs1", H.SHA_256],
  [D.SHA_384WithRSAEncryption]: ["rsa-pkcs1", H.SHA_384],
  [D.SHA_512WithRSAEncryption]: ["rsa-pkcs1", H.SHA_512],
  [D.SHA3_256WithRSAEncryption]: ["rsa-pkcs1", H.SHA3_256],
  [D.SHA3_384WithRSAEncryption]: ["rsa-pkcs1", H.SHA3_384],
  [D.SHA3_512WithRSAEncryption]: ["rsa-pkcs1", H.SHA3_512],
  [D.DSAWithSHA_1]: ["dsa", H.SHA_1],
  [D.DSAWithSHA224]: ["dsa", H.SHA_224],
  [D.DSAWithSHA256]: ["dsa", H.SHA_256],
  [D.ECDSAWithSHA_1]: ["ecdsa", H.SHA_1],
  [D.ECDSAWithSHA224]: ["ecdsa", H.SHA_224],
  [D.ECDSAWithSHA256]: ["ecdsa", H.SHA_256],
  [D.ECDSAWithSHA384]: ["ecdsa", H.SHA_384],
  [D.ECDSAWithSHA512]: ["ecdsa", H.SHA_512],
};

/** The scheme of `p`. */
export function signatureScheme(p: SignatureParameters): SignatureScheme {
  if (p.digitalSignatureAlgorithm !== undefined)
    return byDigitalSignatureAlgorithm(p, p.digitalSignatureAlgorithm);
  const hash = p.hashing === undefined ? undefined : hashForKeyedUse(p.hashing);
  if (p.algorithm === A.RSA) return rsaScheme(p, hash);
  if (p.algorithm === A.ECDSA || p.algorithm === A.EC)
    return hash ? { kind: "ecdsa", hash } : { kind: "ecdsa" };
  if (p.algorithm === A.DSA) return hash ? { kind: "dsa", hash } : { kind: "dsa" };
  if (p.algorithm === A.Ed25519 || p.algorithm === A.Ed448) return { kind: "eddsa" };
  throw unsupported("this Cryptographic Algorithm does not sign on this server");
}

function byDigitalSignatureAlgorithm(p: SignatureParameters, dsa: number): SignatureScheme {
  if (dsa === D.RSASSA_PSS)
    return pssScheme(p, p.hashing === undefined ? undefined : hashForKeyedUse(p.hashing));
  const entry = BY_DSA[dsa];
  if (entry === undefined) throw unsupported("this Digital Signature Algorithm is not supported");
  const [kind, hashing] = entry;
  if (p.hashing !== undefined && p.hashing !== hashing) {
    throw badParameters("the Hashing Algorithm contradicts the Digital Signature Algorithm");
  }
  return { kind, hash: hashForKeyedUse(hashing) };
}

function rsaScheme(p: SignatureParameters, hash: HashInfo | undefined): SignatureScheme {
  if (p.padding === P.PSS) return pssScheme(p, hash);
  if (p.padding !== undefined && p.padding !== P.PKCS1V1_5) {
    throw unsupported("RSA signatures use the PSS or PKCS1 v1.5 Padding Method");
  }
  return hash ? { kind: "rsa-pkcs1", hash } : { kind: "rsa-pkcs1" };
}

function pssScheme(p: SignatureParameters, hash: HashInfo | undefined): SignatureScheme {
  if (hash === undefined) throw badParameters("RSASSA-PSS needs a Hashing Algorithm");
  if (p.maskGenerator !== undefined && p.maskGenerator !== MaskGenerator.MGF1) {
    throw unsupported("PSS supports the MGF1 Mask Generator only");
  }
  const mgfHash = p.maskGeneratorHashing === undefined ? hash : hashForKeyedUse(p.maskGeneratorHashing);
  if (p.trailerField !== undefined && p.trailerField !== 1)
    throw unsupported("PSS supports trailer field 1 (0xBC) only");
  if (p.saltLength !== undefined && (!Number.isInteger(p.saltLength) || p.saltLength < 0)) {
    throw badParameters("Salt Length must be a non-negative integer");
  }
  return {
    kind: "rsa-pss",
    hash,
    ...(p.saltLength === undefined ? {} : { saltLength: p.saltLength }),
    ...(mgfHash === hash ? {} : { mgfHash }),
  };
}

const KEY_TYPES: Readonly<Record<SignatureScheme["kind"], readonly string[]>> = {
  "rsa-pkcs1": ["rsa"],
  "rsa-pss": ["rsa", "rsa-pss"],
  ecdsa: ["ec"],
  dsa: ["dsa"],
  eddsa: ["ed25519", "ed448"],
};

/** Bad Cryptographic Parameters when the key cannot carry out `scheme`. */
export function checkSigningKey(scheme: SignatureScheme, key: KeyObject, needPrivate: boolean): void {
  if (!KEY_TYPES[scheme.kind].includes(key.asymmetricKeyType ?? "")) {
    throw badParameters("the key does not fit the signature algorithm");
  }
  if (needPrivate && key.type !== "private") throw badParameters("signing needs the private key");
}
