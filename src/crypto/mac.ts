/**
 * MAC and MAC Verify (1.4 §4.33–4.34, 2.1 §6.1.32–6.1.33): HMAC (FIPS 198-1, RFC 2104) with
 * SHA-1, SHA-2 or SHA-3, named by the Cryptographic Algorithm (HMAC-SHA256 …) of the request's
 * Cryptographic Parameters or of the key. MAC Verify compares in constant time.
 *
 * CMAC (SP 800-38B; Block Cipher Mode CMAC with AES or Triple DES) is Unsupported Cryptographic
 * Parameters: OpenSSL 3 has it as an EVP_MAC, but Node 20 exposes only HMAC (createHmac), and
 * building it from AES-ECB here would be a home-made primitive.
 */
import { createHmac, type Hmac, type KeyObject, timingSafeEqual } from "node:crypto";
import { CryptographicAlgorithm as A, HashingAlgorithm as H } from "../kmip/generated/enums.js";
import { buf, bytes } from "./bytes.js";
import { secretKey } from "./cipher-core.js";
import { guard, streamEnded, unsupported } from "./errors.js";
import { type HashInfo, hashForKeyedUse } from "./hashes.js";

/** HMAC Cryptographic Algorithm → its Hashing Algorithm. */
const HMAC_HASH: Readonly<Record<number, number>> = {
  [A.HMAC_SHA1]: H.SHA_1,
  [A.HMAC_SHA224]: H.SHA_224,
  [A.HMAC_SHA256]: H.SHA_256,
  [A.HMAC_SHA384]: H.SHA_384,
  [A.HMAC_SHA512]: H.SHA_512,
  [A.HMAC_SHA3_224]: H.SHA3_224,
  [A.HMAC_SHA3_256]: H.SHA3_256,
  [A.HMAC_SHA3_384]: H.SHA3_384,
  [A.HMAC_SHA3_512]: H.SHA3_512,
};

export interface MacParameters {
  /** Cryptographic Algorithm of the MAC: HMAC-SHA1 … HMAC-SHA3-512. */
  readonly algorithm: number;
  readonly key: KeyObject | Uint8Array;
}

/** The hash of an HMAC Cryptographic Algorithm, or undefined when `algorithm` is no HMAC. */
export function hmacHash(algorithm: number): HashInfo | undefined {
  const hashing = HMAC_HASH[algorithm];
  return hashing === undefined ? undefined : hashForKeyedUse(hashing);
}

/** The HMAC Cryptographic Algorithm over Hashing Algorithm `hashing`. */
export function hmacAlgorithmFor(hashing: number): number {
  const entry = Object.entries(HMAC_HASH).find(([, h]) => h === hashing);
  if (entry === undefined) throw unsupported("no HMAC with this Hashing Algorithm");
  return Number(entry[0]);
}

function openHmac(p: MacParameters): Hmac {
  const hash = hmacHash(p.algorithm);
  if (hash === undefined) {
    throw unsupported("only HMAC is supported for MAC (CMAC is not reachable from Node.js 20)");
  }
  return guard("the MAC could not be set up", () => createHmac(hash.name, secretKey(p.key)));
}

/** The MAC of `data`. */
export function mac(p: MacParameters & { readonly data: Uint8Array }): Uint8Array {
  const h = openHmac(p);
  return bytes(h.update(buf(p.data)).digest());
}

/** Whether `macData` is the MAC of `data` (constant-time comparison). */
export function macVerify(
  p: MacParameters & { readonly data: Uint8Array; readonly macData: Uint8Array },
): boolean {
  return sameMac(mac(p), p.macData);
}

function sameMac(computed: Uint8Array, given: Uint8Array): boolean {
  return computed.length === given.length && timingSafeEqual(buf(computed), buf(given));
}

export interface MacStream {
  update(chunk: Uint8Array): void;
  final(): Uint8Array;
}

export interface MacVerifyStream {
  update(chunk: Uint8Array): void;
  final(macData: Uint8Array): boolean;
}

/** Starts a multi-part MAC (1.4 §4.33 with Correlation Value). */
export function createMacStream(p: MacParameters): MacStream {
  const h = openHmac(p);
  let done = false;
  return {
    update(chunk) {
      if (done) throw streamEnded();
      h.update(buf(chunk));
    },
    final() {
      if (done) throw streamEnded();
      done = true;
      return bytes(h.digest());
    },
  };
}

/** Starts a multi-part MAC Verify; the MAC Data comes with the last part. */
export function createMacVerifyStream(p: MacParameters): MacVerifyStream {
  const inner = createMacStream(p);
  return {
    update: (chunk) => inner.update(chunk),
    final: (macData) => sameMac(inner.final(), macData),
  };
}
