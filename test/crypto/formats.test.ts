/**
 * Key Format Type conversions: every supported pairing round-trips, DER output parses with
 * node:crypto and with the openssl CLI, Transparent structures are completed and checked, and
 * every unsupported pairing is Key Format Type Not Supported.
 */
import { createPrivateKey, ECDH, generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { curveInfo } from "../../src/crypto/curves.js";
import {
  fromFormat,
  type KeyMaterial,
  type TransparentECPrivateKey,
  type TransparentECPublicKey,
  type TransparentRSAPrivateKey,
  toFormat,
} from "../../src/crypto/formats.js";
import { describeKey } from "../../src/crypto/key-info.js";
import {
  CryptographicAlgorithm as A,
  RecommendedCurve as C,
  KeyFormatType as F,
  ObjectType as O,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { dsa2048, ecP256, ed448, ed25519, rsa2048 } from "./fixtures.js";
import { hex, openssl, reasonOf, unhex } from "./helpers.js";
import { RFC8032 } from "./vectors/ed25519.js";

const der = (m: KeyMaterial): Uint8Array => {
  if (!(m instanceof Uint8Array)) throw new Error("expected a Byte String");
  return m;
};
const pkcs8 = (key: KeyObject): string => hex(der(toFormat(key, O.PrivateKey, F.PKCS_8)));
const spki = (key: KeyObject): string => hex(der(toFormat(key, O.PublicKey, F.X_509)));

describe("symmetric keys and secret data", () => {
  const bytes = unhex("000102030405060708090a0b0c0d0e0f");

  it("Raw, Opaque and Transparent Symmetric Key carry the same bytes", () => {
    for (const format of [F.Raw, F.Opaque]) {
      const key = fromFormat(bytes, format, O.SymmetricKey);
      expect(hex(der(toFormat(key, O.SymmetricKey, format)))).toBe(hex(bytes));
      expect(toFormat(key, O.SymmetricKey, F.TransparentSymmetricKey)).toEqual({ key: bytes });
    }
    const t = fromFormat({ key: bytes }, F.TransparentSymmetricKey, O.SymmetricKey);
    expect(hex(der(toFormat(t, O.SymmetricKey, F.Raw)))).toBe(hex(bytes));
    expect(hex(der(toFormat(fromFormat(bytes, F.Opaque, O.SecretData), O.SecretData, F.Raw)))).toBe(
      hex(bytes),
    );
  });

  it("refuses empty material and formats of other objects", () => {
    expect(reasonOf(() => fromFormat(new Uint8Array(0), F.Raw, O.SymmetricKey))).toBe(R.InvalidField);
    const key = fromFormat(bytes, F.Raw, O.SecretData);
    expect(reasonOf(() => toFormat(key, O.SecretData, F.TransparentSymmetricKey))).toBe(
      R.KeyFormatTypeNotSupported,
    );
    expect(reasonOf(() => toFormat(key, O.SymmetricKey, F.PKCS_8))).toBe(R.KeyFormatTypeNotSupported);
    expect(reasonOf(() => fromFormat(bytes, F.PKCS_1, O.SymmetricKey))).toBe(R.KeyFormatTypeNotSupported);
    expect(reasonOf(() => fromFormat(bytes, F.TransparentSymmetricKey, O.SymmetricKey))).toBe(R.InvalidField);
  });
});

describe("RSA", () => {
  const { privateKey, publicKey } = rsa2048();

  it("private: PKCS#1 ⇄ PKCS#8 ⇄ Transparent RSA Private Key", () => {
    const p1 = der(toFormat(privateKey, O.PrivateKey, F.PKCS_1));
    const fromP1 = fromFormat(p1, F.PKCS_1, O.PrivateKey);
    expect(pkcs8(fromP1)).toBe(pkcs8(privateKey));
    const t = toFormat(
      privateKey,
      O.PrivateKey,
      F.TransparentRSAPrivateKey,
    ) as Required<TransparentRSAPrivateKey>;
    expect(t.modulus).toBe(t.p * t.q);
    expect(t.publicExponent).toBe(65537n);
    const fromT = fromFormat(t, F.TransparentRSAPrivateKey, O.PrivateKey);
    expect(pkcs8(fromT)).toBe(pkcs8(privateKey));
    expect(hex(der(toFormat(fromT, O.PrivateKey, F.PKCS_1)))).toBe(hex(p1));
    expect(openssl(["rsa", "-inform", "DER", "-check", "-noout"], p1).toString()).toContain("RSA key ok");
  });

  it("completes the CRT form from P and Q with either exponent (1.4 §2.1.7.4)", () => {
    const t = toFormat(
      privateKey,
      O.PrivateKey,
      F.TransparentRSAPrivateKey,
    ) as Required<TransparentRSAPrivateKey>;
    const withE = { modulus: t.modulus, publicExponent: t.publicExponent, p: t.p, q: t.q };
    const withD = { modulus: t.modulus, privateExponent: t.privateExponent, p: t.p, q: t.q };
    for (const partial of [withE, withD]) {
      const key = fromFormat(partial, F.TransparentRSAPrivateKey, O.PrivateKey);
      expect(toFormat(key, O.PrivateKey, F.TransparentRSAPrivateKey)).toEqual(t);
    }
  });

  it("checks what it is given: Invalid Field for inconsistent components", () => {
    const t = toFormat(
      privateKey,
      O.PrivateKey,
      F.TransparentRSAPrivateKey,
    ) as Required<TransparentRSAPrivateKey>;
    const bad = (m: TransparentRSAPrivateKey) =>
      reasonOf(() => fromFormat(m, F.TransparentRSAPrivateKey, O.PrivateKey));
    expect(bad({ ...t, privateExponent: t.privateExponent + 2n })).toBe(R.InvalidField);
    expect(bad({ ...t, primeExponentP: t.primeExponentP + 1n })).toBe(R.InvalidField);
    expect(bad({ ...t, crtCoefficient: t.crtCoefficient + 1n })).toBe(R.InvalidField);
    expect(bad({ ...t, modulus: t.modulus + 2n })).toBe(R.InvalidField);
    expect(bad({ modulus: t.modulus, p: t.p, q: t.q })).toBe(R.InvalidField);
    expect(bad({ modulus: t.modulus, privateExponent: t.privateExponent })).toBe(R.KeyFormatTypeNotSupported);
  });

  it("public: PKCS#1 ⇄ X.509 ⇄ Transparent RSA Public Key", () => {
    const p1 = der(toFormat(publicKey, O.PublicKey, F.PKCS_1));
    expect(spki(fromFormat(p1, F.PKCS_1, O.PublicKey))).toBe(spki(publicKey));
    const t = toFormat(publicKey, O.PublicKey, F.TransparentRSAPublicKey);
    expect(t).toEqual({
      modulus: (toFormat(privateKey, O.PrivateKey, F.TransparentRSAPrivateKey) as { modulus: bigint })
        .modulus,
      publicExponent: 65537n,
    });
    expect(spki(fromFormat(t, F.TransparentRSAPublicKey, O.PublicKey))).toBe(spki(publicKey));
    const x509 = der(toFormat(publicKey, O.PublicKey, F.X_509));
    expect(spki(fromFormat(x509, F.X_509, O.PublicKey))).toBe(hex(x509));
    expect(
      openssl(["rsa", "-pubin", "-inform", "DER", "-RSAPublicKey_in", "-noout", "-text"], p1).toString(),
    ).toContain("Public-Key: (2048 bit)");
    expect(openssl(["pkey", "-pubin", "-inform", "DER", "-noout", "-text"], x509).toString()).toContain(
      "Public-Key: (2048 bit)",
    );
    expect(
      reasonOf(() => fromFormat({ modulus: 0n, publicExponent: 3n }, F.TransparentRSAPublicKey, O.PublicKey)),
    ).toBe(R.InvalidField);
  });

  it("RSA keys have no EC or Raw form", () => {
    expect(reasonOf(() => toFormat(privateKey, O.PrivateKey, F.ECPrivateKey))).toBe(
      R.KeyFormatTypeNotSupported,
    );
    expect(reasonOf(() => toFormat(privateKey, O.PrivateKey, F.TransparentECPrivateKey))).toBe(
      R.KeyFormatTypeNotSupported,
    );
    expect(reasonOf(() => toFormat(privateKey, O.PrivateKey, F.Raw))).toBe(R.KeyFormatTypeNotSupported);
    expect(reasonOf(() => toFormat(privateKey, O.PrivateKey, F.Opaque))).toBe(R.KeyFormatTypeNotSupported);
    expect(reasonOf(() => toFormat(publicKey, O.PublicKey, F.PKCS_8))).toBe(R.KeyFormatTypeNotSupported);
  });
});

describe("EC", () => {
  for (const [curve, name] of [
    [C.P_224, "secp224r1"],
    [C.P_256, "prime256v1"],
    [C.P_384, "secp384r1"],
    [C.P_521, "secp521r1"],
    [C.SECP256K1, "secp256k1"],
  ] as const) {
    it(`${name}: EC Private Key (SEC 1) ⇄ PKCS#8 ⇄ Transparent EC Private Key; X.509 ⇄ Transparent EC Public Key`, () => {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: name });
      const sec1 = der(toFormat(privateKey, O.PrivateKey, F.ECPrivateKey));
      expect(pkcs8(fromFormat(sec1, F.ECPrivateKey, O.PrivateKey))).toBe(pkcs8(privateKey));
      expect(() => openssl(["ec", "-inform", "DER", "-check", "-noout"], sec1)).not.toThrow();

      const t = toFormat(privateKey, O.PrivateKey, F.TransparentECPrivateKey) as TransparentECPrivateKey;
      expect(t.recommendedCurve).toBe(curve);
      const fromT = fromFormat(t, F.TransparentECPrivateKey, O.PrivateKey);
      expect(pkcs8(fromT)).toBe(pkcs8(privateKey));
      for (const format of [
        F.TransparentECDSAPrivateKey,
        F.TransparentECDHPrivateKey,
        F.TransparentECMQVPrivateKey,
      ]) {
        expect(toFormat(privateKey, O.PrivateKey, format)).toEqual(t);
        expect(pkcs8(fromFormat(t, format, O.PrivateKey))).toBe(pkcs8(privateKey));
      }

      const q = toFormat(publicKey, O.PublicKey, F.TransparentECPublicKey) as TransparentECPublicKey;
      const size = curveInfo(curve).bytes;
      expect(q.qString.length).toBe(1 + 2 * size);
      expect(q.qString[0]).toBe(4);
      expect(spki(fromFormat(q, F.TransparentECPublicKey, O.PublicKey))).toBe(spki(publicKey));
      const compressed = ECDH.convertKey(
        Buffer.from(q.qString),
        name,
        undefined,
        undefined,
        "compressed",
      ) as Buffer;
      const fromCompressed = fromFormat(
        { recommendedCurve: curve, qString: compressed },
        F.TransparentECDSAPublicKey,
        O.PublicKey,
      );
      expect(spki(fromCompressed)).toBe(spki(publicKey));
      expect(describeKey(privateKey)).toEqual({ algorithm: A.EC, lengthBits: curveInfo(curve).bits, curve });
    });
  }

  it("refuses D outside [1, n−1] and Q off the curve with Invalid Field", () => {
    const n = curveInfo(C.P_256).order;
    for (const d of [0n, n, n + 1n]) {
      expect(
        reasonOf(() => fromFormat({ recommendedCurve: C.P_256, d }, F.TransparentECPrivateKey, O.PrivateKey)),
      ).toBe(R.InvalidField);
    }
    const q = (toFormat(ecP256().publicKey, O.PublicKey, F.TransparentECPublicKey) as TransparentECPublicKey)
      .qString;
    const off = Uint8Array.from(q, (b, i) => (i === q.length - 1 ? b ^ 1 : b));
    expect(
      reasonOf(() =>
        fromFormat({ recommendedCurve: C.P_256, qString: off }, F.TransparentECPublicKey, O.PublicKey),
      ),
    ).toBe(R.InvalidField);
    expect(
      reasonOf(() =>
        fromFormat({ recommendedCurve: C.P_192, d: 1n }, F.TransparentECPrivateKey, O.PrivateKey),
      ),
    ).toBe(R.UnsupportedCryptographicParameters);
  });

  it("EC keys have no PKCS#1 or Raw form", () => {
    const { privateKey, publicKey } = ecP256();
    expect(reasonOf(() => toFormat(privateKey, O.PrivateKey, F.PKCS_1))).toBe(R.KeyFormatTypeNotSupported);
    expect(reasonOf(() => toFormat(publicKey, O.PublicKey, F.Raw))).toBe(R.KeyFormatTypeNotSupported);
    expect(reasonOf(() => toFormat(publicKey, O.PublicKey, F.TransparentRSAPublicKey))).toBe(
      R.KeyFormatTypeNotSupported,
    );
  });
});

describe("Ed25519 and Ed448", () => {
  it("Raw is the RFC 8032 secret and public key", () => {
    const v = RFC8032[0];
    const key = fromFormat(unhex(v.secret), F.Raw, O.PrivateKey, A.Ed25519);
    expect(hex(der(toFormat(key, O.PrivateKey, F.Raw)))).toBe(v.secret);
    const pub = fromFormat(unhex(v.public), F.Raw, O.PublicKey, A.Ed25519);
    expect(hex(der(toFormat(pub, O.PublicKey, F.Raw)))).toBe(v.public);
    expect(spki(pub)).toBe(spki(fromFormat(der(toFormat(pub, O.PublicKey, F.X_509)), F.X_509, O.PublicKey)));
  });

  it("round-trips Raw ⇄ PKCS#8 / X.509 for both curves", () => {
    for (const [pair, algorithm, size] of [
      [ed25519(), A.Ed25519, 32],
      [ed448(), A.Ed448, 57],
    ] as const) {
      const raw = der(toFormat(pair.privateKey, O.PrivateKey, F.Raw));
      expect(raw.length).toBe(size);
      expect(pkcs8(fromFormat(raw, F.Raw, O.PrivateKey, algorithm))).toBe(pkcs8(pair.privateKey));
      const pub = der(toFormat(pair.publicKey, O.PublicKey, F.Raw));
      expect(spki(fromFormat(pub, F.Raw, O.PublicKey, algorithm))).toBe(spki(pair.publicKey));
      expect(reasonOf(() => fromFormat(raw.subarray(1), F.Raw, O.PrivateKey, algorithm))).toBe(
        R.InvalidField,
      );
    }
    expect(describeKey(ed25519().publicKey)).toEqual({ algorithm: A.Ed25519, lengthBits: 255 });
  });

  it("Raw without the algorithm is Key Format Type Not Supported", () => {
    expect(reasonOf(() => fromFormat(new Uint8Array(32), F.Raw, O.PrivateKey))).toBe(
      R.KeyFormatTypeNotSupported,
    );
    expect(reasonOf(() => fromFormat(new Uint8Array(32), F.Raw, O.PublicKey, A.RSA))).toBe(
      R.KeyFormatTypeNotSupported,
    );
  });
});

describe("other keys and malformed material", () => {
  it("DSA keys travel as PKCS#8 and X.509", () => {
    const { privateKey, publicKey } = dsa2048();
    expect(pkcs8(fromFormat(unhex(pkcs8(privateKey)), F.PKCS_8, O.PrivateKey))).toBe(pkcs8(privateKey));
    expect(spki(fromFormat(unhex(spki(publicKey)), F.X_509, O.PublicKey))).toBe(spki(publicKey));
    expect(describeKey(privateKey)).toEqual({ algorithm: A.DSA, lengthBits: 2048 });
    expect(reasonOf(() => toFormat(privateKey, O.PrivateKey, F.PKCS_1))).toBe(R.KeyFormatTypeNotSupported);
  });

  it("material that does not parse, or of the wrong shape, is Invalid Field", () => {
    const garbage = unhex("3003020101");
    for (const [format, objectType] of [
      [F.PKCS_1, O.PrivateKey],
      [F.PKCS_8, O.PrivateKey],
      [F.ECPrivateKey, O.PrivateKey],
      [F.PKCS_1, O.PublicKey],
      [F.X_509, O.PublicKey],
    ] as const) {
      expect(reasonOf(() => fromFormat(garbage, format, objectType))).toBe(R.InvalidField);
    }
    expect(reasonOf(() => fromFormat({ key: garbage }, F.PKCS_8, O.PrivateKey))).toBe(R.InvalidField);
    expect(reasonOf(() => fromFormat(garbage, F.TransparentRSAPrivateKey, O.PrivateKey))).toBe(
      R.InvalidField,
    );
    expect(reasonOf(() => fromFormat({ key: garbage }, F.TransparentECPublicKey, O.PublicKey))).toBe(
      R.InvalidField,
    );
  });

  it("a key of another kind than the Object Type is Invalid Field; objects without keys have no format", () => {
    const { privateKey } = rsa2048();
    expect(reasonOf(() => toFormat(privateKey, O.PublicKey, F.X_509))).toBe(R.InvalidField);
    expect(reasonOf(() => toFormat(privateKey, O.Certificate, F.X_509))).toBe(R.KeyFormatTypeNotSupported);
    expect(reasonOf(() => fromFormat(new Uint8Array(4), F.Raw, O.OpaqueObject))).toBe(
      R.KeyFormatTypeNotSupported,
    );
  });

  it("a PKCS#8 key parses with node:crypto as it came", () => {
    const p8 = unhex(pkcs8(rsa2048().privateKey));
    expect(createPrivateKey({ key: Buffer.from(p8), format: "der", type: "pkcs8" }).asymmetricKeyType).toBe(
      "rsa",
    );
  });
});
