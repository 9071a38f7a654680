/**
 * RSASSA-PSS over Digested Data (RFC 8017 §8.1, §9.1; KMIP 1.4 §4.31–4.32, 2.1 §6.1.51–6.1.52):
 * what kmipd signs over a digest, node:crypto and `openssl pkeyutl` verify over the message or
 * the digest, and what they sign, kmipd verifies over the digest. Also: odd modulus sizes (EM
 * shorter than the modulus, masked top bits), an MGF1 hash other than the signature hash,
 * tampering, and the refusals.
 */
import {
  constants,
  createHash,
  generateKeyPairSync,
  sign as nodeSign,
  verify as nodeVerify,
  randomBytes,
} from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashForKeyedUse } from "../../src/crypto/hashes.js";
import { emsaPssEncode, emsaPssVerify } from "../../src/crypto/pss-emsa.js";
import { sign, verify } from "../../src/crypto/sign.js";
import {
  CryptographicAlgorithm as A,
  DigitalSignatureAlgorithm as D,
  HashingAlgorithm as H,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { ecP256, type Pair, rsa2048 } from "./fixtures.js";
import { openssl, opensslStatus, reasonOf, tempFile } from "./helpers.js";

const PSS = constants.RSA_PKCS1_PSS_PADDING;
const HASHES = [
  [H.SHA_256, "sha256"],
  [H.SHA_384, "sha384"],
  [H.SHA_512, "sha512"],
] as const;
const SALTS = [0, 20, 32] as const;

const digestOf = (md: string, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash(md).update(data).digest());

function flip(data: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(data);
  out[at] = (out[at] ?? 0) ^ 0x01;
  return out;
}

describe("PSS over a digest against node:crypto", () => {
  const { privateKey, publicKey } = rsa2048();
  for (const [hashing, md] of HASHES) {
    for (const saltLength of SALTS) {
      it(`${md}, salt ${saltLength}: ours verifies in Node over the message, Node's verifies here`, () => {
        const message = randomBytes(77);
        const digest = digestOf(md, message);
        const params = { algorithm: A.RSA, padding: P.PSS, hashing, saltLength };
        const ours = sign({ ...params, key: privateKey, digest });
        expect(ours.length).toBe(256);
        expect(nodeVerify(md, message, { key: publicKey, padding: PSS, saltLength }, ours)).toBe(true);
        const theirs = nodeSign(md, message, { key: privateKey, padding: PSS, saltLength });
        expect(verify({ ...params, key: publicKey, digest, signature: theirs })).toBe(true);
        expect(verify({ ...params, key: publicKey, digest, signature: ours })).toBe(true);
        // Another salt length does not verify (the salt length is a parameter, §9.1.2).
        const other = saltLength === 0 ? 20 : 0;
        expect(verify({ ...params, saltLength: other, key: publicKey, digest, signature: ours })).toBe(false);
      });
    }
  }

  it("without Salt Length the salt is hLen, both ways (RSASSA-PSS by Digital Signature Algorithm)", () => {
    const message = randomBytes(10);
    const digest = digestOf("sha384", message);
    const params = { algorithm: A.RSA, digitalSignatureAlgorithm: D.RSASSA_PSS, hashing: H.SHA_384 };
    const ours = sign({ ...params, key: privateKey, digest });
    expect(nodeVerify("sha384", message, { key: publicKey, padding: PSS, saltLength: 48 }, ours)).toBe(true);
    const theirs = nodeSign("sha384", message, { key: privateKey, padding: PSS, saltLength: 48 });
    expect(verify({ ...params, key: publicKey, digest, signature: theirs })).toBe(true);
  });

  it("salt 0 is deterministic; a random salt is not", () => {
    const digest = randomBytes(32);
    const params = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, key: privateKey, digest };
    expect(Buffer.from(sign({ ...params, saltLength: 0 }))).toEqual(
      Buffer.from(sign({ ...params, saltLength: 0 })),
    );
    expect(Buffer.from(sign({ ...params, saltLength: 32 }))).not.toEqual(
      Buffer.from(sign({ ...params, saltLength: 32 })),
    );
  });

  it("a tampered signature, a tampered digest or another key fails", () => {
    const digest = randomBytes(32);
    const params = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, saltLength: 32 };
    const signature = sign({ ...params, key: privateKey, digest });
    const ok = (d: Uint8Array, s: Uint8Array, key = publicKey) =>
      verify({ ...params, key, digest: d, signature: s });
    expect(ok(digest, signature)).toBe(true);
    expect(ok(digest, signature, privateKey)).toBe(true); // a private key verifies too
    for (const at of [0, 100, 255]) expect(ok(digest, flip(signature, at))).toBe(false);
    for (const at of [0, 31]) expect(ok(flip(digest, at), signature)).toBe(false);
    expect(ok(digest, signature.subarray(1))).toBe(false);
    expect(ok(digest, new Uint8Array(256).fill(0xff))).toBe(false); // ≥ n: OpenSSL refuses, invalid
    expect(ok(digest, new Uint8Array(0))).toBe(false);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(ok(digest, signature, other)).toBe(false);
  });
});

describe("PSS over a digest against openssl pkeyutl", () => {
  const pair = rsa2048();
  const priv = tempFile("key.pem", pair.privateKey.export({ format: "pem", type: "pkcs8" }) as string);
  const pub = tempFile("pub.pem", pair.publicKey.export({ format: "pem", type: "spki" }) as string);
  const pssOpts = (md: string, salt: number, mgf = md) => [
    "-pkeyopt",
    `digest:${md}`,
    "-pkeyopt",
    "rsa_padding_mode:pss",
    "-pkeyopt",
    `rsa_pss_saltlen:${salt}`,
    "-pkeyopt",
    `rsa_mgf1_md:${mgf}`,
  ];

  it("openssl's SHA-256 salt-32 signature over a raw digest verifies here, and ours there", () => {
    const digest = randomBytes(32);
    const params = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, saltLength: 32 };
    const theirs = openssl(["pkeyutl", "-sign", "-inkey", priv, ...pssOpts("sha256", 32)], digest);
    expect(verify({ ...params, key: pair.publicKey, digest, signature: theirs })).toBe(true);
    expect(verify({ ...params, key: pair.publicKey, digest: flip(digest, 3), signature: theirs })).toBe(
      false,
    );
    const ours = sign({ ...params, key: pair.privateKey, digest });
    const verifyArgs = ["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-sigfile", tempFile("sig", ours)];
    expect(opensslStatus([...verifyArgs, ...pssOpts("sha256", 32)], digest)).toBe(0);
    expect(opensslStatus([...verifyArgs, ...pssOpts("sha256", 32)], flip(digest, 0))).not.toBe(0);
  });

  it("an MGF1 hash other than the signature hash (SHA-512 with MGF1-SHA-1), both ways", () => {
    const digest = randomBytes(64);
    const params = {
      algorithm: A.RSA,
      padding: P.PSS,
      hashing: H.SHA_512,
      maskGeneratorHashing: H.SHA_1,
      saltLength: 20,
    };
    const ours = sign({ ...params, key: pair.privateKey, digest });
    const verifyArgs = ["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-sigfile", tempFile("sig", ours)];
    expect(opensslStatus([...verifyArgs, ...pssOpts("sha512", 20, "sha1")], digest)).toBe(0);
    expect(opensslStatus([...verifyArgs, ...pssOpts("sha512", 20, "sha512")], digest)).not.toBe(0);
    const theirs = openssl(["pkeyutl", "-sign", "-inkey", priv, ...pssOpts("sha512", 20, "sha1")], digest);
    expect(verify({ ...params, key: pair.publicKey, digest, signature: theirs })).toBe(true);
    const sameMgf = { ...params, maskGeneratorHashing: H.SHA_512 };
    expect(verify({ ...sameMgf, key: pair.publicKey, digest, signature: theirs })).toBe(false);
  });

  it("Data with another MGF1 hash is signed through the same path (openssl dgst agrees)", () => {
    const data = randomBytes(300);
    const params = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, maskGeneratorHashing: H.SHA_384 };
    const ours = sign({ ...params, key: pair.privateKey, data });
    expect(verify({ ...params, key: pair.publicKey, data, signature: ours })).toBe(true);
    expect(
      verify({ ...params, key: pair.publicKey, digest: digestOf("sha256", data), signature: ours }),
    ).toBe(true);
    const sigopts = ["rsa_padding_mode:pss", "rsa_pss_saltlen:32", "rsa_mgf1_md:sha384"].flatMap((o) => [
      "-sigopt",
      o,
    ]);
    const dgst = ["dgst", "-sha256", "-verify", pub, "-signature", tempFile("sig", ours), ...sigopts];
    expect(opensslStatus(dgst, data)).toBe(0);
    expect(opensslStatus(dgst, flip(data, 9))).not.toBe(0);
  });
});

describe("odd modulus sizes (RFC 8017 §9.1: emBits = modBits − 1)", () => {
  for (const modulusLength of [1025, 1031, 2047]) {
    it(`${modulusLength}-bit key: both ways with node:crypto`, () => {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength });
      const message = randomBytes(33);
      const digest = digestOf("sha256", message);
      const params = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256, saltLength: 32 };
      for (let i = 0; i < 4; i++) {
        const ours = sign({ ...params, key: privateKey, digest });
        expect(ours.length).toBe(Math.ceil(modulusLength / 8));
        expect(nodeVerify("sha256", message, { key: publicKey, padding: PSS, saltLength: 32 }, ours)).toBe(
          true,
        );
        const theirs = nodeSign("sha256", message, { key: privateKey, padding: PSS, saltLength: 32 });
        expect(verify({ ...params, key: publicKey, digest, signature: theirs })).toBe(true);
      }
    });
  }
});

describe("EMSA-PSS encoding (RFC 8017 §9.1.1–9.1.2)", () => {
  const sha256 = hashForKeyedUse(H.SHA_256);
  const o = { hash: sha256, mgfHash: sha256, saltLength: 8 };

  it("has the layout maskedDB ‖ H ‖ 0xbc with the unused top bits cleared", () => {
    const mHash = randomBytes(32);
    const em = emsaPssEncode(mHash, 1023, o, new Uint8Array(8).fill(7));
    expect(em.length).toBe(128);
    expect(em[127]).toBe(0xbc);
    expect((em[0] ?? 0) & 0x80).toBe(0);
    expect(emsaPssVerify(mHash, em, 1023, o)).toBe(true);
    const topSet = new Uint8Array(em);
    topSet[0] = (topSet[0] ?? 0) | 0x80;
    expect(emsaPssVerify(mHash, topSet, 1023, o)).toBe(false);
    const badTrailer = new Uint8Array(em);
    badTrailer[127] = 0xbd;
    expect(emsaPssVerify(mHash, badTrailer, 1023, o)).toBe(false);
    expect(emsaPssVerify(mHash, em, 1023, { ...o, saltLength: 9 })).toBe(false);
  });
});

describe("PSS Digested Data refusals", () => {
  const { privateKey, publicKey } = rsa2048();
  const params = { algorithm: A.RSA, padding: P.PSS, hashing: H.SHA_256 };

  it("a digest of the wrong length is Invalid Field, for Sign and Signature Verify", () => {
    for (const n of [0, 20, 31, 33, 64]) {
      const digest = randomBytes(n);
      expect(reasonOf(() => sign({ ...params, key: privateKey, digest }))).toBe(R.InvalidField);
      const signature = randomBytes(256);
      expect(reasonOf(() => verify({ ...params, key: publicKey, digest, signature }))).toBe(R.InvalidField);
    }
  });

  it("a salt too long for the key is Cryptographic Failure (RFC 8017 §9.1.1 step 3)", () => {
    const digest = randomBytes(32);
    expect(reasonOf(() => sign({ ...params, saltLength: 256 - 32 - 1, key: privateKey, digest }))).toBe(
      R.CryptographicFailure,
    );
    const fits = sign({ ...params, saltLength: 256 - 32 - 2, key: privateKey, digest });
    expect(verify({ ...params, saltLength: 256 - 32 - 2, key: publicKey, digest, signature: fits })).toBe(
      true,
    );
    expect(verify({ ...params, saltLength: 256 - 32 - 1, key: publicKey, digest, signature: fits })).toBe(
      false,
    );
  });

  it("ECDSA over a digest stays Unsupported Cryptographic Parameters", () => {
    const ec: Pair = ecP256();
    const digest = randomBytes(32);
    const ecdsa = { algorithm: A.ECDSA, hashing: H.SHA_256 };
    expect(reasonOf(() => sign({ ...ecdsa, key: ec.privateKey, digest }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => verify({ ...ecdsa, key: ec.publicKey, digest, signature: digest }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
  });
});
