/** Every symmetric combination Encrypt supports, with what its data must look like. */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as M,
  PaddingMethod as P,
} from "../../src/kmip/generated/enums.js";

export interface Combo {
  readonly name: string;
  readonly algorithm: number;
  readonly mode?: number;
  readonly padding?: number;
  readonly keyBytes: number;
  readonly ivBytes: number;
  /** Data must be a whole number of this many bytes (padding None). */
  readonly block?: number;
  readonly minBytes?: number;
  readonly aead?: boolean;
}

const AES_KEYS = [16, 24, 32];
export const COMBOS: readonly Combo[] = [
  ...AES_KEYS.flatMap((k): Combo[] => [
    {
      name: `AES-${k * 8}-ECB-PKCS5`,
      algorithm: A.AES,
      mode: M.ECB,
      padding: P.PKCS5,
      keyBytes: k,
      ivBytes: 0,
    },
    {
      name: `AES-${k * 8}-ECB-None`,
      algorithm: A.AES,
      mode: M.ECB,
      padding: P.None,
      keyBytes: k,
      ivBytes: 0,
      block: 16,
    },
    {
      name: `AES-${k * 8}-CBC-PKCS5`,
      algorithm: A.AES,
      mode: M.CBC,
      padding: P.PKCS5,
      keyBytes: k,
      ivBytes: 16,
    },
    { name: `AES-${k * 8}-CBC-None`, algorithm: A.AES, mode: M.CBC, keyBytes: k, ivBytes: 16, block: 16 },
    { name: `AES-${k * 8}-CFB`, algorithm: A.AES, mode: M.CFB, keyBytes: k, ivBytes: 16 },
    { name: `AES-${k * 8}-OFB`, algorithm: A.AES, mode: M.OFB, keyBytes: k, ivBytes: 16 },
    { name: `AES-${k * 8}-CTR`, algorithm: A.AES, mode: M.CTR, keyBytes: k, ivBytes: 16 },
    { name: `AES-${k * 8}-GCM`, algorithm: A.AES, mode: M.GCM, keyBytes: k, ivBytes: 12, aead: true },
  ]),
  { name: "AES-128-XTS", algorithm: A.AES, mode: M.XTS, keyBytes: 32, ivBytes: 16, minBytes: 16 },
  { name: "AES-256-XTS", algorithm: A.AES, mode: M.XTS, keyBytes: 64, ivBytes: 16, minBytes: 16 },
  ...[16, 24].flatMap((k): Combo[] => [
    {
      name: `3DES-${k}-ECB-PKCS5`,
      algorithm: A.DES3,
      mode: M.ECB,
      padding: P.PKCS5,
      keyBytes: k,
      ivBytes: 0,
    },
    {
      name: `3DES-${k}-CBC-PKCS5`,
      algorithm: A.DES3,
      mode: M.CBC,
      padding: P.PKCS5,
      keyBytes: k,
      ivBytes: 8,
    },
    { name: `3DES-${k}-CBC-None`, algorithm: A.DES3, mode: M.CBC, keyBytes: k, ivBytes: 8, block: 8 },
    { name: `3DES-${k}-CFB`, algorithm: A.DES3, mode: M.CFB, keyBytes: k, ivBytes: 8 },
    { name: `3DES-${k}-OFB`, algorithm: A.DES3, mode: M.OFB, keyBytes: k, ivBytes: 8 },
  ]),
  {
    name: "ChaCha20-Poly1305",
    algorithm: A.ChaCha20Poly1305,
    mode: M.AEAD,
    keyBytes: 32,
    ivBytes: 12,
    aead: true,
  },
  // ChaCha20 alone: a 12-byte nonce when generated (chacha20.test.ts covers 8 and 16 bytes).
  { name: "ChaCha20", algorithm: A.ChaCha20, keyBytes: 32, ivBytes: 12 },
];

/** Random data that the combination accepts. */
export function dataFor(c: Combo): fc.Arbitrary<Uint8Array> {
  const min = c.minBytes ?? 0;
  if (c.block === undefined) return fc.uint8Array({ minLength: min, maxLength: 200 });
  return fc
    .integer({ min: 0, max: 12 })
    .chain((n) => fc.uint8Array({ minLength: n * c.block!, maxLength: n * c.block! }));
}

/** A key whose halves differ (XTS refuses equal halves). */
export function keyFor(c: Combo): Uint8Array {
  return new Uint8Array(randomBytes(c.keyBytes));
}
