/**
 * ChaCha20 without Poly1305 (src/crypto/cipher-spec.ts chacha20Iv): known answers for each
 * IV/Counter/Nonce form, with their sources.
 * - 8-byte nonce (Bernstein's layout, counter 0): draft-agl-tls-chacha20poly1305-04 §7 test
 *   vectors 1–5, the same keystreams the OASIS cases CS-BC-M-CHACHA20-1…3 (KMIP 2.0/2.1) use;
 * - 12-byte nonce (RFC 8439 layout, counter 0): RFC 8439 App. A.1 test vectors #1 and #5;
 * - 16 bytes (counter ‖ nonce): RFC 8439 App. A.1 #2 and #3 (counter 1) and the §2.4.2 example.
 * Keystream vectors encrypt zeros, so the ciphertext is the keystream.
 */
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "../../src/crypto/cipher.js";
import { chacha20Iv } from "../../src/crypto/cipher-spec.js";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as M,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { hex, reasonOf, unhex } from "./helpers.js";

const ZERO_KEY = new Uint8Array(32);
const KEY_1 = unhex(`${"00".repeat(31)}01`);
const KEY_SEQ = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

interface Kat {
  readonly source: string;
  readonly key: Uint8Array;
  readonly iv: string;
  readonly plaintext?: Uint8Array;
  readonly ciphertext: string;
}

const KATS: readonly Kat[] = [
  {
    source: "draft-agl §7 TV1 (OASIS CS-BC-M-CHACHA20-1)",
    key: ZERO_KEY,
    iv: "0000000000000000",
    ciphertext:
      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
  },
  {
    source: "draft-agl §7 TV2 (OASIS CS-BC-M-CHACHA20-2)",
    key: KEY_1,
    iv: "0000000000000000",
    ciphertext:
      "4540f05a9f1fb296d7736e7b208e3c96eb4fe1834688d2604f450952ed432d41bbe2a0b6ea7566d2a5d1e7e20d42af2c53d792b1c43fea817e9ad275ae546963",
  },
  {
    source: "draft-agl §7 TV3 (OASIS CS-BC-M-CHACHA20-3)",
    key: ZERO_KEY,
    iv: "0000000000000001",
    ciphertext:
      "de9cba7bf3d69ef5e786dc63973f653a0b49e015adbff7134fcb7df137821031e85a050278a7084527214f73efc7fa5b5277062eb7a0433e445f41e3",
  },
  {
    source: "draft-agl §7 TV4",
    key: ZERO_KEY,
    iv: "0100000000000000",
    ciphertext:
      "ef3fdfd6c61578fbf5cf35bd3dd33b8009631634d21e42ac33960bd138e50d32111e4caf237ee53ca8ad6426194a88545ddc497a0b466e7d6bbdb0041b2f586b",
  },
  {
    source: "draft-agl §7 TV5 (four blocks: the 64-bit counter runs 0…3)",
    key: KEY_SEQ,
    iv: "0001020304050607",
    ciphertext:
      "f798a189f195e66982105ffb640bb7757f579da31602fc93ec01ac56f85ac3c134a4547b733b46413042c9440049176905d3be59ea1c53f15916155c2be8241a38008b9a26bc35941e2444177c8ade6689de95264986d95889fb60e84629c9bd9a5acb1cc118be563eb9b3a4a472f82e09a7e778492b562ef7130e88dfe031c79db9d4f7c7a899151b9a475032b63fc385245fe054e3dd5a97a5f576fe064025d3ce042c566ab2c507b138db853e3d6959660996546cc9c4a6eafdc777c040d70eaf46f76dad3979e5c5360c3317166a1c894c94a371876a94df7628fe4eaaf2ccb27d5aaae0ad7ad0f9d4b6ad3b54098746d4524d38407a6deb3ab78fab78c9",
  },
  {
    source: "RFC 8439 App. A.1 #1 (12-byte nonce, counter 0)",
    key: ZERO_KEY,
    iv: "000000000000000000000000",
    ciphertext:
      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
  },
  {
    source: "RFC 8439 App. A.1 #5 (12-byte nonce, counter 0)",
    key: ZERO_KEY,
    iv: "000000000000000000000002",
    ciphertext:
      "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c78a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d",
  },
  {
    source: "RFC 8439 App. A.1 #2 (16 bytes: counter 1, zero nonce)",
    key: ZERO_KEY,
    iv: "01000000000000000000000000000000",
    ciphertext:
      "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f",
  },
  {
    source: "RFC 8439 App. A.1 #3 (16 bytes: counter 1, zero nonce)",
    key: KEY_1,
    iv: "01000000000000000000000000000000",
    ciphertext:
      "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0",
  },
  {
    source: "RFC 8439 §2.4.2 (16 bytes: counter 1, nonce 000000000000004a00000000)",
    key: KEY_SEQ,
    iv: "01000000000000000000004a00000000",
    plaintext: new TextEncoder().encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    ),
    ciphertext:
      "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d",
  },
];

describe("ChaCha20 known answers", () => {
  for (const kat of KATS) {
    it(kat.source, () => {
      const plaintext = kat.plaintext ?? new Uint8Array(kat.ciphertext.length / 2);
      const params = { algorithm: A.ChaCha20, key: kat.key, iv: unhex(kat.iv) };
      expect(hex(encrypt({ ...params, data: plaintext }).data)).toBe(kat.ciphertext);
      expect(hex(decrypt({ ...params, data: unhex(kat.ciphertext) }))).toBe(hex(plaintext));
    });
  }
});

describe("ChaCha20 IV/Counter/Nonce and parameters", () => {
  const base = { algorithm: A.ChaCha20, key: ZERO_KEY, data: new Uint8Array(10) };

  it("maps 8 and 12 bytes after a zero counter, and keeps 16 bytes as given", () => {
    expect(hex(chacha20Iv(unhex("0102030405060708")))).toBe(`${"00".repeat(8)}0102030405060708`);
    expect(hex(chacha20Iv(unhex("0102030405060708090a0b0c")))).toBe("000000000102030405060708090a0b0c");
    expect(hex(chacha20Iv(unhex("ff".repeat(16))))).toBe("ff".repeat(16));
  });

  it("Random IV gives a 12-byte nonce that decrypts", () => {
    const out = encrypt({ ...base, randomIv: true });
    expect(out.iv?.length).toBe(12);
    expect(hex(decrypt({ ...base, iv: out.iv, data: out.data }))).toBe(hex(base.data));
  });

  it("another IV length, or an IV Length that disagrees, is Invalid Field", () => {
    for (const n of [0, 4, 11, 13, 17]) {
      expect(reasonOf(() => encrypt({ ...base, iv: new Uint8Array(n) }))).toBe(R.InvalidField);
    }
    expect(reasonOf(() => encrypt({ ...base, ivLength: 64, iv: new Uint8Array(12) }))).toBe(R.InvalidField);
    expect(reasonOf(() => encrypt({ ...base, ivLength: 72, iv: new Uint8Array(9) }))).toBe(R.InvalidField);
  });

  it("no IV is Invalid Message (missing-iv, as the block modes)", () => {
    expect(reasonOf(() => encrypt(base))).toBe(R.InvalidMessage);
  });

  it("a Block Cipher Mode or PKCS5 padding is refused; a 128-bit key fails", () => {
    const iv = new Uint8Array(12);
    expect(reasonOf(() => encrypt({ ...base, iv, mode: M.CTR }))).toBe(R.BadCryptographicParameters);
    expect(reasonOf(() => encrypt({ ...base, iv, padding: P.PKCS5 }))).toBe(R.BadCryptographicParameters);
    expect(reasonOf(() => encrypt({ ...base, iv, key: new Uint8Array(16) }))).toBe(R.CryptographicFailure);
  });
});
