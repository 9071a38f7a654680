/** Encrypt/Decrypt round trips for every supported combination, and every refusal with its reason. */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "../../src/crypto/cipher.js";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as M,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { COMBOS, dataFor, keyFor } from "./combos.js";
import { ecP256 } from "./fixtures.js";
import { hex, reasonOf } from "./helpers.js";

describe("round trips", () => {
  for (const c of COMBOS) {
    it(`${c.name}: decrypt(encrypt(x)) = x`, () => {
      const key = keyFor(c);
      fc.assert(
        fc.property(dataFor(c), fc.uint8Array({ minLength: 0, maxLength: 40 }), (data, aadBytes) => {
          const aad = c.aead ? aadBytes : undefined;
          const params = { algorithm: c.algorithm, mode: c.mode, padding: c.padding, key, aad };
          const out = encrypt({ ...params, randomIv: c.ivBytes > 0, data });
          expect(out.iv?.length ?? 0).toBe(c.ivBytes);
          expect(out.tag?.length ?? 0).toBe(c.aead ? 16 : 0);
          expect(hex(decrypt({ ...params, iv: out.iv, tag: out.tag, data: out.data }))).toBe(hex(data));
        }),
        { numRuns: 30 },
      );
    });
  }

  it("a key may be a secret KeyObject", async () => {
    const { createSecretKey } = await import("node:crypto");
    const key = createSecretKey(randomBytes(32));
    const out = encrypt({ algorithm: A.AES, mode: M.GCM, key, randomIv: true, data: Buffer.from("x") });
    expect(
      Buffer.from(
        decrypt({ algorithm: A.AES, mode: M.GCM, key, iv: out.iv, tag: out.tag, data: out.data }),
      ).toString(),
    ).toBe("x");
  });

  it("GCM honours IV Length and Tag Length", () => {
    const key = randomBytes(16);
    const out = encrypt({
      algorithm: A.AES,
      mode: M.GCM,
      key,
      randomIv: true,
      ivLength: 128,
      tagLength: 8,
      data: Buffer.from("abc"),
    });
    expect(out.iv!.length).toBe(16);
    expect(out.tag!.length).toBe(8);
    const plain = decrypt({
      algorithm: A.AES,
      mode: M.GCM,
      key,
      iv: out.iv,
      tag: out.tag,
      tagLength: 8,
      data: out.data,
    });
    expect(Buffer.from(plain).toString()).toBe("abc");
  });

  it("a given IV is used even when Random IV is set, and not returned", () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const out = encrypt({
      algorithm: A.AES,
      mode: M.CBC,
      padding: P.PKCS5,
      key,
      iv,
      randomIv: true,
      data: Buffer.from("abc"),
    });
    expect(out.iv).toBeUndefined();
    expect(
      Buffer.from(
        decrypt({ algorithm: A.AES, mode: M.CBC, padding: P.PKCS5, key, iv, data: out.data }),
      ).toString(),
    ).toBe("abc");
  });

  it("ECB ignores an IV", () => {
    const key = randomBytes(16);
    const out = encrypt({
      algorithm: A.AES,
      mode: M.ECB,
      key,
      iv: randomBytes(16),
      data: new Uint8Array(16),
    });
    expect(out.data.length).toBe(16);
  });
});

describe("refusals", () => {
  const key16 = new Uint8Array(randomBytes(16));
  const aes = (extra: object) => ({ algorithm: A.AES, key: key16, data: new Uint8Array(16), ...extra });

  it("a missing IV is Invalid Message (OASIS CS-BC-M-11/12/13)", () => {
    expect(reasonOf(() => decrypt(aes({ mode: M.CBC, padding: P.PKCS5 })))).toBe(R.InvalidMessage);
    expect(reasonOf(() => encrypt(aes({ mode: M.CBC })))).toBe(R.InvalidMessage);
    expect(reasonOf(() => encrypt(aes({ mode: M.GCM })))).toBe(R.InvalidMessage);
    expect(reasonOf(() => decrypt(aes({ mode: M.CTR, randomIv: true })))).toBe(R.InvalidMessage);
  });

  it("an IV of the wrong length is Invalid Field", () => {
    expect(reasonOf(() => encrypt(aes({ mode: M.CBC, iv: new Uint8Array(8) })))).toBe(R.InvalidField);
    expect(reasonOf(() => encrypt(aes({ mode: M.CTR, iv: new Uint8Array(12) })))).toBe(R.InvalidField);
    expect(reasonOf(() => encrypt(aes({ mode: M.GCM, iv: new Uint8Array(0) })))).toBe(R.InvalidField);
    expect(reasonOf(() => encrypt(aes({ mode: M.GCM, iv: new Uint8Array(129) })))).toBe(R.InvalidField);
    expect(reasonOf(() => encrypt(aes({ mode: M.GCM, ivLength: 96, iv: new Uint8Array(16) })))).toBe(
      R.InvalidField,
    );
    expect(reasonOf(() => encrypt(aes({ mode: M.GCM, ivLength: 100, randomIv: true })))).toBe(R.InvalidField);
    expect(reasonOf(() => encrypt(aes({ mode: M.CBC, ivLength: 64, randomIv: true })))).toBe(R.InvalidField);
    const chacha = { algorithm: A.ChaCha20Poly1305, key: randomBytes(32), data: new Uint8Array(1) };
    expect(reasonOf(() => encrypt({ ...chacha, iv: new Uint8Array(8) }))).toBe(R.InvalidField);
  });

  it("data that is not a whole number of blocks with padding None is Cryptographic Failure", () => {
    expect(reasonOf(() => encrypt(aes({ mode: M.ECB, data: new Uint8Array(15) })))).toBe(
      R.CryptographicFailure,
    );
    expect(
      reasonOf(() => decrypt(aes({ mode: M.CBC, iv: new Uint8Array(16), data: new Uint8Array(17) }))),
    ).toBe(R.CryptographicFailure);
  });

  it("bad PKCS5 padding is Cryptographic Failure", () => {
    const block = encrypt(aes({ mode: M.ECB, data: new Uint8Array(16) })).data; // last plaintext byte 0x00
    expect(reasonOf(() => decrypt(aes({ mode: M.ECB, padding: P.PKCS5, data: block })))).toBe(
      R.CryptographicFailure,
    );
  });

  it("a wrong tag, IV or ciphertext is Cryptographic Failure (OASIS CS-BC-M-GCM-1)", () => {
    const iv = new Uint8Array(12);
    const out = encrypt(aes({ mode: M.GCM, iv }));
    const flip = (b: Uint8Array) => Uint8Array.from(b, (x, i) => (i === 0 ? x ^ 0xff : x));
    expect(reasonOf(() => decrypt(aes({ mode: M.GCM, iv, tag: flip(out.tag!), data: out.data })))).toBe(
      R.CryptographicFailure,
    );
    expect(reasonOf(() => decrypt(aes({ mode: M.GCM, iv: flip(iv), tag: out.tag, data: out.data })))).toBe(
      R.CryptographicFailure,
    );
    expect(reasonOf(() => decrypt(aes({ mode: M.GCM, iv, tag: out.tag, data: flip(out.data) })))).toBe(
      R.CryptographicFailure,
    );
    expect(
      reasonOf(() => decrypt(aes({ mode: M.GCM, iv, tag: out.tag, aad: new Uint8Array(1), data: out.data }))),
    ).toBe(R.CryptographicFailure);
  });

  it("a Tag Length outside SP 800-38D's list is General Failure (OASIS CS-BC-M-GCM-1)", () => {
    for (const tagLength of [1, 5, 17, 32]) {
      expect(reasonOf(() => encrypt(aes({ mode: M.GCM, iv: new Uint8Array(12), tagLength })))).toBe(
        R.GeneralFailure,
      );
    }
  });

  it("a tag that does not have the Tag Length is Cryptographic Failure", () => {
    const iv = new Uint8Array(12);
    const out = encrypt(aes({ mode: M.GCM, iv }));
    const short = out.tag!.subarray(0, 12);
    expect(reasonOf(() => decrypt(aes({ mode: M.GCM, iv, tagLength: 16, tag: short, data: out.data })))).toBe(
      R.CryptographicFailure,
    );
    expect(
      reasonOf(() => decrypt(aes({ mode: M.GCM, iv, tag: out.tag!.subarray(0, 5), data: out.data }))),
    ).toBe(R.CryptographicFailure);
  });

  it("an authenticated decryption without its tag is Invalid Message", () => {
    expect(reasonOf(() => decrypt(aes({ mode: M.GCM, iv: new Uint8Array(12) })))).toBe(R.InvalidMessage);
  });

  it("Additional Data or a tag with a mode that does not authenticate is Bad Cryptographic Parameters", () => {
    const iv = new Uint8Array(16);
    expect(reasonOf(() => encrypt(aes({ mode: M.CBC, iv, aad: new Uint8Array(1) })))).toBe(
      R.BadCryptographicParameters,
    );
    expect(reasonOf(() => decrypt(aes({ mode: M.CBC, iv, tag: new Uint8Array(16) })))).toBe(
      R.BadCryptographicParameters,
    );
  });

  it("parameters that do not fit together are Bad Cryptographic Parameters", () => {
    expect(reasonOf(() => encrypt(aes({})))).toBe(R.BadCryptographicParameters);
    expect(reasonOf(() => encrypt(aes({ mode: M.CTR, padding: P.PKCS5, iv: new Uint8Array(16) })))).toBe(
      R.BadCryptographicParameters,
    );
    const chacha = {
      algorithm: A.ChaCha20Poly1305,
      key: randomBytes(32),
      iv: new Uint8Array(12),
      data: new Uint8Array(1),
    };
    expect(reasonOf(() => encrypt({ ...chacha, mode: M.GCM }))).toBe(R.BadCryptographicParameters);
    expect(reasonOf(() => encrypt(aes({ mode: M.ECB, key: ecP256().privateKey })))).toBe(
      R.BadCryptographicParameters,
    );
  });

  it("what the spec defines but this server lacks is Unsupported Cryptographic Parameters", () => {
    expect(reasonOf(() => encrypt(aes({ mode: M.CCM, iv: new Uint8Array(12) })))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => encrypt(aes({ mode: M.CMAC })))).toBe(R.UnsupportedCryptographicParameters);
    expect(reasonOf(() => encrypt(aes({ mode: M.ECB, padding: P.ANSIX9_23 })))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => encrypt(aes({ mode: M.ECB, algorithm: A.DES, key: randomBytes(8) })))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => encrypt(aes({ mode: M.ECB, algorithm: A.Blowfish })))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => encrypt(aes({ mode: M.GCM, algorithm: A.DES3, key: randomBytes(24) })))).toBe(
      R.UnsupportedCryptographicParameters,
    );
  });

  it("a key of the wrong size is Cryptographic Failure", () => {
    expect(reasonOf(() => encrypt(aes({ mode: M.ECB, key: randomBytes(20) })))).toBe(R.CryptographicFailure);
    expect(reasonOf(() => encrypt(aes({ mode: M.XTS, key: randomBytes(48), iv: new Uint8Array(16) })))).toBe(
      R.CryptographicFailure,
    );
    expect(reasonOf(() => encrypt(aes({ mode: M.ECB, key: new Uint8Array(0) })))).toBe(
      R.CryptographicFailure,
    );
  });

  it("XTS refuses equal key halves (IEEE 1619 vector 1) and data shorter than a block", () => {
    const iv = new Uint8Array(16);
    expect(reasonOf(() => encrypt(aes({ mode: M.XTS, key: new Uint8Array(32), iv })))).toBe(
      R.CryptographicFailure,
    );
    const key = randomBytes(32);
    expect(reasonOf(() => encrypt(aes({ mode: M.XTS, key, iv, data: new Uint8Array(15) })))).toBe(
      R.CryptographicFailure,
    );
  });
});
