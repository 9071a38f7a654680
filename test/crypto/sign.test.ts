/** Sign and Signature Verify: RFC 8032 known answers, round trips per scheme and hash, Digested Data, refusals. */
import { createHash, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromFormat } from "../../src/crypto/formats.js";
import { sign, verify } from "../../src/crypto/sign.js";
import { createSignStream, createVerifyStream } from "../../src/crypto/sign-stream.js";
import {
  CryptographicAlgorithm as A,
  DigitalSignatureAlgorithm as D,
  KeyFormatType as F,
  HashingAlgorithm as H,
  ObjectType as O,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { dsa2048, ecP256, ecP384, ecP521, ed448, ed25519, type Pair, rsa2048 } from "./fixtures.js";
import { hex, reasonOf, unhex } from "./helpers.js";
import { RFC8032 } from "./vectors/ed25519.js";

const SHA2_3 = [
  [H.SHA_1, "sha1"],
  [H.SHA_224, "sha224"],
  [H.SHA_256, "sha256"],
  [H.SHA_384, "sha384"],
  [H.SHA_512, "sha512"],
  [H.SHA3_224, "sha3-224"],
  [H.SHA3_256, "sha3-256"],
  [H.SHA3_384, "sha3-384"],
  [H.SHA3_512, "sha3-512"],
] as const;

describe("Ed25519 (RFC 8032 §7.1)", () => {
  for (const v of RFC8032) {
    it(`${v.name}`, () => {
      const privateKey = fromFormat(unhex(v.secret), F.Raw, O.PrivateKey, A.Ed25519);
      const publicKey = fromFormat(unhex(v.public), F.Raw, O.PublicKey, A.Ed25519);
      const signature = sign({ algorithm: A.Ed25519, key: privateKey, data: unhex(v.message) });
      expect(hex(signature)).toBe(v.signature);
      expect(verify({ algorithm: A.Ed25519, key: publicKey, data: unhex(v.message), signature })).toBe(true);
      expect(verify({ algorithm: A.Ed25519, key: publicKey, data: unhex(`${v.message}00`), signature })).toBe(
        false,
      );
    });
  }
});

interface Case {
  readonly name: string;
  readonly pair: () => Pair;
  readonly params: {
    algorithm: number;
    hashing?: number;
    padding?: number;
    digitalSignatureAlgorithm?: number;
  };
}

const CASES: readonly Case[] = [
  ...SHA2_3.flatMap(([hashing, md]): Case[] => [
    {
      name: `RSA PKCS1 v1.5 ${md}`,
      pair: rsa2048,
      params: { algorithm: A.RSA, hashing, padding: P.PKCS1V1_5 },
    },
    { name: `RSA PSS ${md}`, pair: rsa2048, params: { algorithm: A.RSA, hashing, padding: P.PSS } },
    { name: `ECDSA P-256 ${md}`, pair: ecP256, params: { algorithm: A.ECDSA, hashing } },
  ]),
  { name: "ECDSA P-384 SHA-384", pair: ecP384, params: { algorithm: A.EC, hashing: H.SHA_384 } },
  { name: "ECDSA P-521 SHA-512", pair: ecP521, params: { algorithm: A.EC, hashing: H.SHA_512 } },
  { name: "DSA SHA-256", pair: dsa2048, params: { algorithm: A.DSA, hashing: H.SHA_256 } },
  { name: "Ed25519", pair: ed25519, params: { algorithm: A.Ed25519 } },
  { name: "Ed448", pair: ed448, params: { algorithm: A.Ed448 } },
  {
    name: "SHA-256 with RSA (DSA enum)",
    pair: rsa2048,
    params: { algorithm: A.RSA, digitalSignatureAlgorithm: D.SHA_256WithRSAEncryption },
  },
  {
    name: "SHA3-512 with RSA (DSA enum)",
    pair: rsa2048,
    params: { algorithm: A.RSA, digitalSignatureAlgorithm: D.SHA3_512WithRSAEncryption },
  },
  {
    name: "RSASSA-PSS (DSA enum) SHA-384",
    pair: rsa2048,
    params: { algorithm: A.RSA, digitalSignatureAlgorithm: D.RSASSA_PSS, hashing: H.SHA_384 },
  },
  {
    name: "ECDSA with SHA-512 (DSA enum)",
    pair: ecP256,
    params: { algorithm: A.EC, digitalSignatureAlgorithm: D.ECDSAWithSHA512 },
  },
  {
    name: "DSA with SHA-224 (DSA enum)",
    pair: dsa2048,
    params: { algorithm: A.DSA, digitalSignatureAlgorithm: D.DSAWithSHA224 },
  },
];

describe("round trips", () => {
  for (const c of CASES) {
    it(`${c.name}: verify(sign(x)) and not for x' ≠ x`, () => {
      const { privateKey, publicKey } = c.pair();
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
          const signature = sign({ ...c.params, key: privateKey, data });
          expect(verify({ ...c.params, key: publicKey, data, signature })).toBe(true);
          expect(verify({ ...c.params, key: privateKey, data, signature })).toBe(true);
          const other = Uint8Array.from([...data, 1]);
          expect(verify({ ...c.params, key: publicKey, data: other, signature })).toBe(false);
        }),
        { numRuns: 8 },
      );
    });
  }

  it("the Digital Signature Algorithm and (RSA, hash, PKCS1 v1.5) give the same signature", () => {
    const key = rsa2048().privateKey;
    const data = randomBytes(50);
    const a = sign({ algorithm: A.RSA, digitalSignatureAlgorithm: D.SHA_384WithRSAEncryption, key, data });
    const b = sign({ algorithm: A.RSA, hashing: H.SHA_384, key, data });
    expect(hex(a)).toBe(hex(b));
  });

  it("PSS honours Salt Length", () => {
    const { privateKey, publicKey } = rsa2048();
    const params = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, saltLength: 0 };
    const data = randomBytes(10);
    const s1 = sign({ ...params, key: privateKey, data });
    expect(hex(sign({ ...params, key: privateKey, data }))).toBe(hex(s1)); // salt 0: deterministic
    expect(verify({ ...params, key: publicKey, data, signature: s1 })).toBe(true);
    expect(verify({ ...params, saltLength: 32, key: publicKey, data, signature: s1 })).toBe(false);
  });

  it("a malformed signature is invalid, not an error", () => {
    for (const c of CASES) {
      const key = c.pair().publicKey;
      for (const signature of [new Uint8Array(0), randomBytes(7), randomBytes(256)]) {
        expect(verify({ ...c.params, key, data: new Uint8Array(1), signature })).toBe(false);
      }
    }
  });
});

describe("Digested Data", () => {
  const { privateKey, publicKey } = rsa2048();

  for (const [hashing, md] of SHA2_3) {
    it(`RSA PKCS1 v1.5 over a ${md} digest equals the signature over the data`, () => {
      const data = randomBytes(40);
      const digest = createHash(md).update(data).digest();
      const params = { algorithm: A.RSA, hashing, padding: P.PKCS1V1_5 };
      const signature = sign({ ...params, key: privateKey, digest });
      expect(hex(signature)).toBe(hex(sign({ ...params, key: privateKey, data })));
      expect(verify({ ...params, key: publicKey, digest, signature })).toBe(true);
      expect(verify({ ...params, key: publicKey, data, signature })).toBe(true);
      expect(verify({ ...params, key: publicKey, digest: randomBytes(digest.length), signature })).toBe(
        false,
      );
    });
  }

  it("without a Hashing Algorithm the bytes are signed as given (OASIS TC-RSA-SIGN-DIGESTEDDATA-1)", () => {
    const digest = unhex("01020304050607080910111213141516");
    const signature = sign({ algorithm: A.RSA, key: privateKey, digest });
    expect(verify({ algorithm: A.RSA, key: publicKey, digest, signature })).toBe(true);
    // The same signature does not verify as PSS over Data (the case's third request: Invalid).
    const pss = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_1 };
    expect(verify({ ...pss, key: publicKey, data: digest, signature })).toBe(false);
    expect(verify({ algorithm: A.RSA, key: publicKey, digest, signature: randomBytes(256) })).toBe(false);
  });

  it("a digest of the wrong length is Invalid Field", () => {
    expect(
      reasonOf(() =>
        sign({ algorithm: A.RSA, hashing: H.SHA_256, key: privateKey, digest: randomBytes(20) }),
      ),
    ).toBe(R.InvalidField);
  });

  it("the synchronous sign/verify refuse ECDSA, DSA and EdDSA over a digest (Unsupported) (Node 20 has no EVP_PKEY_sign)", () => {
    const digest = randomBytes(32);
    const u = R.UnsupportedCryptographicParameters;
    expect(
      reasonOf(() => sign({ algorithm: A.ECDSA, hashing: H.SHA_256, key: ecP256().privateKey, digest })),
    ).toBe(u);
    expect(
      reasonOf(() => verify({ algorithm: A.ECDSA, key: ecP256().publicKey, digest, signature: digest })),
    ).toBe(u);
    expect(
      reasonOf(() => sign({ algorithm: A.DSA, hashing: H.SHA_256, key: dsa2048().privateKey, digest })),
    ).toBe(u);
    expect(reasonOf(() => sign({ algorithm: A.Ed25519, key: ed25519().privateKey, digest }))).toBe(u);
  });

  it("a digest too long for the key is Cryptographic Failure", () => {
    expect(reasonOf(() => sign({ algorithm: A.RSA, key: privateKey, digest: randomBytes(250) }))).toBe(
      R.CryptographicFailure,
    );
  });
});

describe("streams", () => {
  const split = (data: Uint8Array, at: number): Uint8Array[] => [data.subarray(0, at), data.subarray(at)];

  for (const c of CASES) {
    it(`${c.name}: a signature in parts verifies in one part, and the other way round`, () => {
      const { privateKey, publicKey } = c.pair();
      const data = randomBytes(100);
      const s = createSignStream({ ...c.params, key: privateKey });
      for (const part of split(data, 37)) s.update(part);
      const signature = s.final();
      expect(verify({ ...c.params, key: publicKey, data, signature })).toBe(true);
      const v = createVerifyStream({ ...c.params, key: publicKey });
      for (const part of split(data, 61)) v.update(part);
      expect(v.final(sign({ ...c.params, key: privateKey, data }))).toBe(true);
    });
  }

  it("deterministic schemes give the single-part bytes (PKCS1 v1.5, Ed25519)", () => {
    for (const c of [CASES[0]!, CASES.find((x) => x.name === "Ed25519")!]) {
      const key = c.pair().privateKey;
      const data = randomBytes(64);
      const s = createSignStream({ ...c.params, key });
      s.update(data.subarray(0, 5));
      s.update(data.subarray(5));
      expect(hex(s.final())).toBe(hex(sign({ ...c.params, key, data })));
    }
  });

  it("a bad signature at the end is false; a finished stream is Item Not Found", () => {
    const v = createVerifyStream({ algorithm: A.ECDSA, hashing: H.SHA_256, key: ecP256().publicKey });
    v.update(new Uint8Array(3));
    expect(v.final(randomBytes(70))).toBe(false);
    expect(reasonOf(() => v.update(new Uint8Array(1)))).toBe(R.ItemNotFound);
  });

  it("EdDSA parts are buffered up to the bound (Server Limit Exceeded past it)", () => {
    const s = createSignStream({ algorithm: A.Ed25519, key: ed25519().privateKey }, { bufferLimitBytes: 10 });
    s.update(new Uint8Array(10));
    expect(reasonOf(() => s.update(new Uint8Array(1)))).toBe(R.ServerLimitExceeded);
  });
});

describe("refusals", () => {
  const key = rsa2048().privateKey;
  const data = new Uint8Array(4);

  it("Data and Digested Data together is Invalid Field; neither is Invalid Message", () => {
    expect(reasonOf(() => sign({ algorithm: A.RSA, hashing: H.SHA_256, key, data, digest: data }))).toBe(
      R.InvalidField,
    );
    expect(reasonOf(() => sign({ algorithm: A.RSA, hashing: H.SHA_256, key }))).toBe(R.InvalidMessage);
  });

  it("parameters that contradict each other or the key are Bad Cryptographic Parameters", () => {
    const bad = R.BadCryptographicParameters;
    expect(reasonOf(() => sign({ algorithm: A.RSA, key, data }))).toBe(bad);
    expect(reasonOf(() => sign({ algorithm: A.RSA, padding: P.PSS, key, data }))).toBe(bad);
    expect(
      reasonOf(() =>
        sign({
          algorithm: A.RSA,
          digitalSignatureAlgorithm: D.SHA_256WithRSAEncryption,
          hashing: H.SHA_1,
          key,
          data,
        }),
      ),
    ).toBe(bad);
    expect(reasonOf(() => sign({ algorithm: A.ECDSA, hashing: H.SHA_256, key, data }))).toBe(bad);
    expect(
      reasonOf(() => sign({ algorithm: A.RSA, hashing: H.SHA_256, key: rsa2048().publicKey, data })),
    ).toBe(bad);
    expect(
      reasonOf(() =>
        sign({ algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, saltLength: -1, key, data }),
      ),
    ).toBe(bad);
  });

  it("what this server lacks is Unsupported Cryptographic Parameters", () => {
    const u = R.UnsupportedCryptographicParameters;
    expect(
      reasonOf(() =>
        sign({ algorithm: A.RSA, digitalSignatureAlgorithm: D.MD5WithRSAEncryption, key, data }),
      ),
    ).toBe(u);
    expect(reasonOf(() => sign({ algorithm: A.RSA, hashing: H.MD5, key, data }))).toBe(u);
    expect(reasonOf(() => sign({ algorithm: A.RSA, padding: P.OAEP, hashing: H.SHA_256, key, data }))).toBe(
      u,
    );
    const pss = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, key, data };
    expect(reasonOf(() => sign({ ...pss, maskGeneratorHashing: H.MD5 }))).toBe(u);
    expect(reasonOf(() => sign({ ...pss, maskGenerator: 2 }))).toBe(u);
    expect(reasonOf(() => sign({ ...pss, trailerField: 2 }))).toBe(u);
    expect(reasonOf(() => sign({ algorithm: A.AES, key, data }))).toBe(u);
  });
});
