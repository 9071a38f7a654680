/** Derive Key: PBKDF2 and HKDF known answers, the HASH, HMAC and ENCRYPT methods, and refusals. */
import { createHash, createHmac, createSecretKey, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encrypt } from "../../src/crypto/cipher.js";
import { DERIVED_BYTES_MAX, deriveKey, PBKDF2_ITERATIONS_MAX } from "../../src/crypto/derive.js";
import {
  CryptographicAlgorithm as A,
  DerivationMethod as DM,
  HashingAlgorithm as H,
  BlockCipherMode as M,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { ecP256 } from "./fixtures.js";
import { hex, reasonOfAsync, unhex } from "./helpers.js";
import { PBKDF2, RFC5869 } from "./vectors/kdf.js";

describe("PBKDF2 (RFC 6070, RFC 7914)", () => {
  for (const v of PBKDF2) {
    it(v.source, async () => {
      const out = await deriveKey({
        method: DM.PBKDF2,
        data: unhex(v.password),
        salt: unhex(v.salt),
        iterationCount: v.iterations,
        parameters: v.hashing === H.SHA_1 ? undefined : { hashing: v.hashing },
        lengthBits: (v.derived.length / 2) * 8,
      });
      expect(hex(out)).toBe(v.derived);
    });
  }

  it("takes the password from the derivation key when there is no Derivation Data (a Secret Data object)", async () => {
    const v = PBKDF2[0]!;
    const out = await deriveKey({
      method: DM.PBKDF2,
      key: unhex(v.password),
      salt: unhex(v.salt),
      iterationCount: 1,
      lengthBits: 128,
    });
    expect(hex(out)).toBe(v.derived.slice(0, 32));
  });

  it("takes the PRF from an HMAC Cryptographic Algorithm", async () => {
    const v = PBKDF2[5]!;
    const out = await deriveKey({
      method: DM.PBKDF2,
      data: unhex(v.password),
      salt: unhex(v.salt),
      iterationCount: v.iterations,
      parameters: { algorithm: A.HMAC_SHA256 },
      lengthBits: 512,
    });
    expect(hex(out)).toBe(v.derived);
  });
});

describe("HKDF (RFC 5869 Appendix A)", () => {
  for (const v of RFC5869) {
    it(v.source, async () => {
      const out = await deriveKey({
        method: DM.HKDF,
        key: unhex(v.ikm),
        salt: v.salt === "" ? undefined : unhex(v.salt),
        data: v.info === "" ? undefined : unhex(v.info),
        parameters: { hashing: v.hashing },
        lengthBits: (v.okm.length / 2) * 8,
      });
      expect(hex(out)).toBe(v.okm);
    });
  }

  it("uses SHA-256 when no Hashing Algorithm is named (2.1 §7.12)", async () => {
    const v = RFC5869[0]!;
    const out = await deriveKey({
      method: DM.HKDF,
      key: unhex(v.ikm),
      salt: unhex(v.salt),
      data: unhex(v.info),
      lengthBits: 336,
    });
    expect(hex(out)).toBe(v.okm);
  });

  it("stays within 255 hash lengths (RFC 5869 §2.3): the server's bound refuses more first", async () => {
    const hkdf = { method: DM.HKDF, key: randomBytes(16), parameters: { hashing: H.SHA_1 } };
    expect((await deriveKey({ ...hkdf, lengthBits: DERIVED_BYTES_MAX * 8 })).length).toBe(DERIVED_BYTES_MAX);
    expect(await reasonOfAsync(() => deriveKey({ ...hkdf, lengthBits: 255 * 20 * 8 }))).toBe(R.InvalidField);
  });
});

describe("HASH, HMAC and ENCRYPT (1.4 §4.6)", () => {
  const key = unhex("00112233445566778899aabbccddeeff");

  it("HASH hashes the derivation key and keeps the first Cryptographic Length bits", async () => {
    const out = await deriveKey({
      method: DM.HASH,
      key: createSecretKey(key),
      parameters: { hashing: H.SHA_256 },
      lengthBits: 128,
    });
    expect(hex(out)).toBe(createHash("sha256").update(key).digest("hex").slice(0, 32));
  });

  it("HASH hashes the Derivation Data when there is no key", async () => {
    const data = randomBytes(20);
    const out = await deriveKey({
      method: DM.HASH,
      data,
      parameters: { hashing: H.SHA3_512 },
      lengthBits: 512,
    });
    expect(hex(out)).toBe(createHash("sha3-512").update(data).digest("hex"));
  });

  it("HMAC takes the hash from the Hashing Algorithm for a non-HMAC key", async () => {
    const data = unhex("0102");
    const out = await deriveKey({
      method: DM.HMAC,
      key,
      keyAlgorithm: A.AES,
      data,
      parameters: { hashing: H.SHA_256 },
      lengthBits: 128,
    });
    expect(hex(out)).toBe(createHmac("sha256", key).update(data).digest("hex").slice(0, 32));
  });

  it("HMAC takes the hash from an HMAC key's algorithm, ignoring the parameters", async () => {
    const data = randomBytes(8);
    const out = await deriveKey({
      method: DM.HMAC,
      key,
      keyAlgorithm: A.HMAC_SHA384,
      data,
      parameters: { hashing: H.SHA_1 },
      lengthBits: 384,
    });
    expect(hex(out)).toBe(createHmac("sha384", key).update(data).digest("hex"));
  });

  it("ENCRYPT encrypts the Derivation Data, with a zero IV when none is given", async () => {
    const data = randomBytes(32);
    const out = await deriveKey({
      method: DM.ENCRYPT,
      key,
      keyAlgorithm: A.AES,
      data,
      parameters: { mode: M.CBC },
      lengthBits: 256,
    });
    const expected = encrypt({ algorithm: A.AES, mode: M.CBC, key, iv: new Uint8Array(16), data }).data;
    expect(hex(out)).toBe(hex(expected));
    const ecb = await deriveKey({
      method: DM.ENCRYPT,
      key,
      data,
      parameters: { algorithm: A.AES, mode: M.ECB },
      lengthBits: 128,
    });
    expect(hex(ecb)).toBe(hex(encrypt({ algorithm: A.AES, mode: M.ECB, key, data }).data.subarray(0, 16)));
  });

  it("ENCRYPT uses a given IV", async () => {
    const data = randomBytes(16);
    const iv = randomBytes(16);
    const out = await deriveKey({
      method: DM.ENCRYPT,
      key,
      keyAlgorithm: A.AES,
      data,
      iv,
      parameters: { mode: M.CTR },
      lengthBits: 128,
    });
    expect(hex(out)).toBe(hex(encrypt({ algorithm: A.AES, mode: M.CTR, key, iv, data }).data));
  });
});

describe("refusals", () => {
  const key = randomBytes(16);
  const reason = (req: Parameters<typeof deriveKey>[0]) => reasonOfAsync(() => deriveKey(req));

  it("a length beyond the method's output is Cryptographic Failure (1.4 §11.7)", async () => {
    expect(await reason({ method: DM.HASH, key, parameters: { hashing: H.SHA_256 }, lengthBits: 264 })).toBe(
      R.CryptographicFailure,
    );
    expect(
      await reason({ method: DM.HMAC, key, data: key, parameters: { hashing: H.SHA_1 }, lengthBits: 168 }),
    ).toBe(R.CryptographicFailure);
    const enc = {
      method: DM.ENCRYPT,
      key,
      keyAlgorithm: A.AES,
      data: randomBytes(16),
      parameters: { mode: M.ECB },
    };
    expect(await reason({ ...enc, lengthBits: 136 })).toBe(R.CryptographicFailure);
  });

  it("missing or invalid Derivation Parameters are Invalid Field (1.4 §11.7)", async () => {
    const f = R.InvalidField;
    expect(await reason({ method: DM.PBKDF2, data: key, iterationCount: 1, lengthBits: 128 })).toBe(f);
    expect(await reason({ method: DM.PBKDF2, data: key, salt: key, lengthBits: 128 })).toBe(f);
    expect(
      await reason({ method: DM.PBKDF2, data: key, salt: key, iterationCount: 0, lengthBits: 128 }),
    ).toBe(f);
    expect(
      await reason({
        method: DM.PBKDF2,
        data: key,
        salt: key,
        iterationCount: PBKDF2_ITERATIONS_MAX + 1,
        lengthBits: 128,
      }),
    ).toBe(f);
    expect(await reason({ method: DM.PBKDF2, salt: key, iterationCount: 1, lengthBits: 128 })).toBe(f);
    expect(await reason({ method: DM.HASH, key, lengthBits: 128 })).toBe(f);
    expect(
      await reason({ method: DM.HASH, key, data: key, parameters: { hashing: H.SHA_256 }, lengthBits: 128 }),
    ).toBe(f);
    expect(await reason({ method: DM.HASH, parameters: { hashing: H.SHA_256 }, lengthBits: 128 })).toBe(f);
    expect(await reason({ method: DM.HMAC, key, keyAlgorithm: A.AES, data: key, lengthBits: 128 })).toBe(f);
    expect(await reason({ method: DM.HMAC, key, parameters: { hashing: H.SHA_256 }, lengthBits: 128 })).toBe(
      f,
    );
    expect(
      await reason({ method: DM.ENCRYPT, key, data: key, parameters: { mode: M.ECB }, lengthBits: 128 }),
    ).toBe(f);
    expect(await reason({ method: DM.HKDF, lengthBits: 128 })).toBe(f);
    expect(
      await reason({
        method: DM.HASH,
        key: ecP256().privateKey,
        parameters: { hashing: H.SHA_256 },
        lengthBits: 128,
      }),
    ).toBe(f);
  });

  it("a Cryptographic Length that is not a positive whole number of bytes is Invalid Field", async () => {
    for (const lengthBits of [0, 7, -8, 4096 * 8 + 8]) {
      expect(await reason({ method: DM.HASH, key, parameters: { hashing: H.SHA_256 }, lengthBits })).toBe(
        R.InvalidField,
      );
    }
  });

  it("the NIST SP 800-108 KDFs and AWS SigV4 are Unsupported Cryptographic Parameters", async () => {
    for (const method of [DM.NIST800_108_C, DM.NIST800_108_F, DM.NIST800_108_DPI, DM.AWSSignatureVersion4]) {
      expect(await reason({ method, key, data: key, lengthBits: 128 })).toBe(
        R.UnsupportedCryptographicParameters,
      );
    }
    expect(await reason({ method: DM.HASH, key, parameters: { hashing: H.MD5 }, lengthBits: 128 })).toBe(
      R.UnsupportedCryptographicParameters,
    );
  });
});
