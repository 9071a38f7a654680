/** Key generation: sizes per algorithm, Triple DES parity, key pairs of every supported kind, refusals. */
import { createPrivateKey, createPublicKey } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  generateKeyPair,
  generateSymmetricKey,
  setOddParity,
  symmetricKeySize,
} from "../../src/crypto/keys.js";
import {
  CryptographicAlgorithm as A,
  RecommendedCurve as C,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { hex, openssl, reasonOf, reasonOfAsync } from "./helpers.js";

const popcount = (b: number): number => b.toString(2).replaceAll("0", "").length;

describe("symmetric keys", () => {
  it("have the sizes of their Cryptographic Length", () => {
    const cases: [number, number, number][] = [
      [A.AES, 128, 16],
      [A.AES, 192, 24],
      [A.AES, 256, 32],
      [A.DES3, 112, 16],
      [A.DES3, 128, 16],
      [A.DES3, 168, 24],
      [A.DES3, 192, 24],
      [A.ChaCha20, 256, 32],
      [A.ChaCha20Poly1305, 256, 32],
      [A.HMAC_SHA256, 8, 1],
      [A.HMAC_SHA3_512, 8192, 1024],
      [A.HMAC_SHA1, 160, 20],
    ];
    for (const [algorithm, bits, size] of cases) {
      expect(symmetricKeySize(algorithm, bits)).toBe(size);
      const { key, material } = generateSymmetricKey(algorithm, bits);
      expect(material.length).toBe(size);
      expect(key.symmetricKeySize).toBe(size);
      expect(hex(key.export())).toBe(hex(material));
    }
    expect(hex(generateSymmetricKey(A.AES, 256).material)).not.toBe(
      hex(generateSymmetricKey(A.AES, 256).material),
    );
  });

  it("Triple DES keys have odd parity in every byte (FIPS 46-3)", () => {
    for (let i = 0; i < 20; i++) {
      for (const b of generateSymmetricKey(A.DES3, 168).material) expect(popcount(b) % 2).toBe(1);
    }
  });

  it("setOddParity changes only the low bit, and only when needed", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (data) => {
        const key = Uint8Array.from(data);
        setOddParity(key);
        key.forEach((b, i) => {
          expect(popcount(b) % 2).toBe(1);
          expect(b & 0xfe).toBe(data[i]! & 0xfe);
          if (popcount(data[i]!) % 2 === 1) expect(b).toBe(data[i]);
        });
      }),
    );
  });

  it("refuses other lengths with Invalid Field and other algorithms as Unsupported", () => {
    for (const [algorithm, bits] of [
      [A.AES, 64],
      [A.AES, 255],
      [A.DES3, 64],
      [A.ChaCha20, 128],
      [A.HMAC_SHA256, 0],
      [A.HMAC_SHA256, 12],
      [A.HMAC_SHA256, 8200],
    ] as const) {
      expect(reasonOf(() => generateSymmetricKey(algorithm, bits))).toBe(R.InvalidField);
    }
    expect(reasonOf(() => generateSymmetricKey(A.DES, 64))).toBe(R.UnsupportedCryptographicParameters);
    expect(reasonOf(() => generateSymmetricKey(A.RSA, 2048))).toBe(R.UnsupportedCryptographicParameters);
  });
});

describe("key pairs", () => {
  it.each([1024, 1032, 2048, 3072, 4096])("RSA %i with public exponent 65537", async (bits) => {
    const pair = await generateKeyPair({ algorithm: A.RSA, lengthBits: bits });
    expect(pair.privateKey.asymmetricKeyDetails).toMatchObject({
      modulusLength: bits,
      publicExponent: 65537n,
    });
    expect(pair.publicKey.asymmetricKeyType).toBe("rsa");
    expect(
      createPrivateKey({ key: Buffer.from(pair.privateKeyDer), format: "der", type: "pkcs8" }).type,
    ).toBe("private");
    expect(openssl(["pkey", "-inform", "DER", "-noout", "-text"], pair.privateKeyDer).toString()).toContain(
      `Private-Key: (${bits} bit, 2 primes)`,
    );
  });

  it.each([
    [C.P_224, "secp224r1"],
    [C.P_256, "prime256v1"],
    [C.P_384, "secp384r1"],
    [C.P_521, "secp521r1"],
    [C.SECP256K1, "secp256k1"],
  ] as const)("EC on Recommended Curve %i (%s)", async (curve, name) => {
    const pair = await generateKeyPair({ algorithm: A.EC, curve });
    expect(pair.privateKey.asymmetricKeyDetails?.namedCurve).toBe(name);
    const spki = createPublicKey({ key: Buffer.from(pair.publicKeyDer), format: "der", type: "spki" });
    expect(spki.asymmetricKeyDetails?.namedCurve).toBe(name);
    expect(
      openssl(["pkey", "-pubin", "-inform", "DER", "-noout", "-text"], pair.publicKeyDer).toString(),
    ).toContain(name === "prime256v1" ? "P-256" : name);
  });

  it("ECDSA and ECDH keys by Cryptographic Length take the NIST curve", async () => {
    for (const [algorithm, bits, name] of [
      [A.ECDSA, 256, "prime256v1"],
      [A.ECDH, 384, "secp384r1"],
      [A.EC, 521, "secp521r1"],
    ] as const) {
      const pair = await generateKeyPair({ algorithm, lengthBits: bits });
      expect(pair.publicKey.asymmetricKeyDetails?.namedCurve).toBe(name);
    }
  });

  it("Ed25519 and Ed448", async () => {
    expect((await generateKeyPair({ algorithm: A.Ed25519 })).privateKey.asymmetricKeyType).toBe("ed25519");
    expect(
      (await generateKeyPair({ algorithm: A.Ed25519, lengthBits: 255 })).publicKey.asymmetricKeyType,
    ).toBe("ed25519");
    expect((await generateKeyPair({ algorithm: A.Ed448 })).privateKey.asymmetricKeyType).toBe("ed448");
  });

  it("refuses what it cannot make", async () => {
    const f = R.InvalidField;
    const u = R.UnsupportedCryptographicParameters;
    for (const lengthBits of [512, 1016, 1025, 4104, 8192]) {
      expect(await reasonOfAsync(() => generateKeyPair({ algorithm: A.RSA, lengthBits }))).toBe(f);
    }
    expect(await reasonOfAsync(() => generateKeyPair({ algorithm: A.RSA }))).toBe(f);
    expect(await reasonOfAsync(() => generateKeyPair({ algorithm: A.EC }))).toBe(f);
    expect(
      await reasonOfAsync(() => generateKeyPair({ algorithm: A.EC, curve: C.P_256, lengthBits: 384 })),
    ).toBe(f);
    expect(await reasonOfAsync(() => generateKeyPair({ algorithm: A.Ed25519, lengthBits: 300 }))).toBe(f);
    expect(await reasonOfAsync(() => generateKeyPair({ algorithm: A.EC, curve: C.P_192 }))).toBe(u);
    expect(await reasonOfAsync(() => generateKeyPair({ algorithm: A.EC, lengthBits: 192 }))).toBe(u);
    expect(await reasonOfAsync(() => generateKeyPair({ algorithm: A.DH, lengthBits: 2048 }))).toBe(u);
  });
});
