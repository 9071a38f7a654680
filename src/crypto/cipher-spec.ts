/**
 * (Cryptographic Algorithm, Block Cipher Mode, Padding Method, key size) → the OpenSSL cipher.
 *
 * - AES (FIPS 197) in ECB, CBC, CFB, OFB, CTR (SP 800-38A), GCM (SP 800-38D), XTS (SP 800-38E,
 *   IEEE 1619; the key is two AES keys), NIST Key Wrap (RFC 3394, SP 800-38F KW) and AES Key Wrap
 *   with Padding (RFC 5649, SP 800-38F KWP). KMIP's "CFB" is taken as CFB128 (SP 800-38A §6.3
 *   with s = 128; OpenSSL's aes-*-cfb), the form of the SP 800-38A F.3.13 vectors.
 * - Triple DES (SP 800-67) in ECB, CBC, CFB (CFB64) and OFB, with a two-key (16-byte) or
 *   three-key (24-byte) key; OpenSSL 3 keeps TDEA in its default provider (single DES is legacy).
 * - ChaCha20-Poly1305 (RFC 8439 §2.8), Block Cipher Mode AEAD or none: 12-byte nonce.
 * - ChaCha20 alone, no Block Cipher Mode: see chacha20Iv for its IV/Counter/Nonce.
 * Padding: None, or PKCS5 for ECB and CBC (PKCS #7 padding, RFC 5652 §6.3, which is what
 * OpenSSL applies; PKCS #5 is its 8-byte-block special case). Other Padding Methods are
 * Unsupported Cryptographic Parameters.
 */
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as M,
  PaddingMethod as P,
} from "../kmip/generated/enums.js";
import { badParameters, cryptographicFailure, invalidTagLength, unsupported } from "./errors.js";

export interface SymmetricParameters {
  /** Cryptographic Algorithm of the operation (or of the key). */
  readonly algorithm: number;
  readonly mode?: number | undefined;
  readonly padding?: number | undefined;
  /** Tag Length in bytes (1.4 §3.6). */
  readonly tagLength?: number | undefined;
  /** IV Length in bits (1.4 §3.6). */
  readonly ivLength?: number | undefined;
}

export interface SymmetricSpec {
  /** OpenSSL cipher name. */
  readonly cipher: string;
  readonly mode: number;
  /** IV/Counter/Nonce length in bytes; 0 when the mode takes none. */
  readonly ivBytes: number;
  /** GCM takes any IV length (SP 800-38D §5.2.1.1); this bounds it. */
  readonly ivRange?: readonly [number, number];
  /** The IV lengths a mode takes when it takes several, not a range (ChaCha20: 8, 12, 16). */
  readonly ivSizes?: readonly number[];
  /** The IV as OpenSSL takes it, from the client's IV/Counter/Nonce (ChaCha20). */
  readonly opensslIv?: (iv: Uint8Array) => Uint8Array;
  /** An IV the mode fixes itself (the key wrap ICVs), never taken from the request. */
  readonly fixedIv?: Uint8Array;
  /** PKCS#7 padding on. */
  readonly padding: boolean;
  /** Tag length in bytes for AEAD modes; 0 otherwise. */
  readonly tagBytes: number;
  /** OpenSSL processes the whole message at once (XTS data unit, key wrap): streams buffer it. */
  readonly wholeMessage: boolean;
}

/** SP 800-38D §5.2.1.2: 128, 120, 112, 104, 96 bits, and 64 or 32 for some applications. */
export const TAG_LENGTHS: readonly number[] = [4, 8, 12, 13, 14, 15, 16];
/** RFC 3394 §2.2.3.1 default IV; RFC 5649 §3 Alternative Initial Value prefix. */
const KW_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);
const KWP_IV = Uint8Array.of(0xa6, 0x59, 0x59, 0xa6);

const AES_MODES: Readonly<Record<number, string>> = {
  [M.ECB]: "ecb",
  [M.CBC]: "cbc",
  [M.CFB]: "cfb",
  [M.OFB]: "ofb",
  [M.CTR]: "ctr",
  [M.GCM]: "gcm",
};
const DES3_MODES: Readonly<Record<number, string>> = {
  [M.ECB]: "ecb",
  [M.CBC]: "cbc",
  [M.CFB]: "cfb",
  [M.OFB]: "ofb",
};

/** The cipher for `p` with a key of `keyBytes`. */
export function symmetricSpec(keyBytes: number, p: SymmetricParameters): SymmetricSpec {
  if (p.algorithm === A.AES) return aesSpec(keyBytes, p);
  if (p.algorithm === A.DES3) return des3Spec(keyBytes, p);
  if (p.algorithm === A.ChaCha20Poly1305) return chachaSpec(keyBytes, p);
  if (p.algorithm === A.ChaCha20) return chacha20Spec(keyBytes, p);
  throw unsupported("this Cryptographic Algorithm does not encrypt on this server");
}

function requireMode(p: SymmetricParameters): number {
  if (p.mode === undefined) throw badParameters("a Block Cipher Mode is required");
  return p.mode;
}

/** PKCS5 only where the mode has blocks to pad (SP 800-38A App. A). */
function wantsPadding(p: SymmetricParameters, blockMode: boolean): boolean {
  if (p.padding === undefined || p.padding === P.None) return false;
  if (p.padding !== P.PKCS5) throw unsupported("only the None and PKCS5 Padding Methods are supported");
  if (!blockMode) throw badParameters("PKCS5 padding applies to ECB and CBC only");
  return true;
}

function keySize(keyBytes: number, allowed: readonly number[]): number {
  if (!allowed.includes(keyBytes)) throw cryptographicFailure("the key length does not fit the algorithm");
  return keyBytes;
}

function aesSpec(keyBytes: number, p: SymmetricParameters): SymmetricSpec {
  const mode = requireMode(p);
  if (mode === M.XTS) {
    const bits = keySize(keyBytes, [32, 64]) * 4;
    return plain(`aes-${bits}-xts`, mode, 16, wantsPadding(p, false), true);
  }
  if (mode === M.NISTKeyWrap || mode === M.AESKeyWrapPadding) return wrapSpec(keyBytes, mode, p);
  const name = AES_MODES[mode];
  if (name === undefined) throw unsupported("this Block Cipher Mode is not supported for AES");
  const cipher = `aes-${keySize(keyBytes, [16, 24, 32]) * 8}-${name}`;
  if (mode === M.GCM) {
    return Object.assign({}, plain(cipher, mode, 12, wantsPadding(p, false)), {
      ivRange: [1, 128],
      tagBytes: tagBytes(p),
    });
  }
  const blockMode = mode === M.ECB || mode === M.CBC;
  return plain(cipher, mode, mode === M.ECB ? 0 : 16, wantsPadding(p, blockMode));
}

function wrapSpec(keyBytes: number, mode: number, p: SymmetricParameters): SymmetricSpec {
  wantsPadding(p, false);
  const bits = keySize(keyBytes, [16, 24, 32]) * 8;
  const padded = mode === M.AESKeyWrapPadding;
  const cipher = `id-aes${bits}-wrap${padded ? "-pad" : ""}`;
  return Object.assign({}, plain(cipher, mode, 0, false, true), { fixedIv: padded ? KWP_IV : KW_IV });
}

function des3Spec(keyBytes: number, p: SymmetricParameters): SymmetricSpec {
  const mode = requireMode(p);
  const name = DES3_MODES[mode];
  if (name === undefined) throw unsupported("this Block Cipher Mode is not supported for Triple DES");
  const variant = keySize(keyBytes, [16, 24]) === 24 ? "des-ede3" : "des-ede";
  const blockMode = mode === M.ECB || mode === M.CBC;
  return plain(`${variant}-${name}`, mode, mode === M.ECB ? 0 : 8, wantsPadding(p, blockMode));
}

function chachaSpec(keyBytes: number, p: SymmetricParameters): SymmetricSpec {
  if (p.mode !== undefined && p.mode !== M.AEAD) throw badParameters("ChaCha20-Poly1305 takes the AEAD mode");
  keySize(keyBytes, [32]);
  return Object.assign({}, plain("chacha20-poly1305", M.AEAD, 12, wantsPadding(p, false)), {
    tagBytes: tagBytes(p),
  });
}

function chacha20Spec(keyBytes: number, p: SymmetricParameters): SymmetricSpec {
  if (p.mode !== undefined) throw badParameters("ChaCha20 is a stream cipher and takes no Block Cipher Mode");
  keySize(keyBytes, [32]);
  return Object.assign({}, plain("chacha20", 0, 12, wantsPadding(p, false)), {
    ivSizes: [8, 12, 16],
    opensslIv: chacha20Iv,
  });
}

/**
 * ChaCha20's IV/Counter/Nonce → OpenSSL's 16-byte IV, which is state words 12–15 (RFC 8439
 * §2.3): a little-endian block counter in word 12 that OpenSSL carries into word 13, then the
 * nonce. KMIP names ChaCha by Bernstein's paper ([CHACHA], 1.4 and 2.1 §1.3), whose nonce is 64
 * bits after a 64-bit block counter; RFC 8439 §2.4 has a 96-bit nonce after a 32-bit counter.
 * - 8 bytes: Bernstein's nonce, counter 0 (the OASIS cases CS-BC-M-CHACHA20-1…3 are the
 *   keystreams of draft-agl-tls-chacha20poly1305 §7 with this layout);
 * - 12 bytes: RFC 8439's nonce, counter 0;
 * - 16 bytes: the counter (little-endian) and nonce as given, so a client can start mid-stream.
 */
export function chacha20Iv(iv: Uint8Array): Uint8Array {
  if (iv.length === 16) return iv;
  const out = new Uint8Array(16);
  out.set(iv, 16 - iv.length);
  return out;
}

function plain(
  cipher: string,
  mode: number,
  ivBytes: number,
  padding: boolean,
  wholeMessage = false,
): SymmetricSpec {
  return { cipher, mode, ivBytes, padding, tagBytes: 0, wholeMessage };
}

/** Tag Length: 16 when absent; an unsupported value is General Failure (CS-BC-M-GCM-1). */
function tagBytes(p: SymmetricParameters): number {
  const length = p.tagLength ?? 16;
  if (!TAG_LENGTHS.includes(length)) {
    throw invalidTagLength(`Tag Length ${length} is not one of ${TAG_LENGTHS.join(", ")} bytes`);
  }
  return length;
}
