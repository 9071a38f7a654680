/**
 * Signatures cross-checked with the openssl CLI, where known answers are impractical (RSA and EC
 * keys of RFC test vectors are too long to embed faithfully): what kmipd signs, `openssl dgst
 * -verify` / `openssl pkeyutl -verify` accept, and what openssl signs, kmipd verifies. The
 * deterministic schemes (RSASSA-PKCS1-v1_5, Ed25519) must give identical bytes.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, verify } from "../../src/crypto/sign.js";
import {
  CryptographicAlgorithm as A,
  HashingAlgorithm as H,
  PaddingMethod as P,
} from "../../src/kmip/generated/enums.js";
import { ecP256, ecP384, ecP521, ed25519, type Pair, rsa2048 } from "./fixtures.js";
import { hex, openssl, opensslStatus, tempFile } from "./helpers.js";

function pems(pair: Pair): { priv: string; pub: string } {
  return {
    priv: tempFile("key.pem", pair.privateKey.export({ format: "pem", type: "pkcs8" }) as string),
    pub: tempFile("pub.pem", pair.publicKey.export({ format: "pem", type: "spki" }) as string),
  };
}

const rsa = pems(rsa2048());

describe("RSASSA-PKCS1-v1_5 against openssl dgst", () => {
  for (const [hashing, md] of [
    [H.SHA_224, "sha224"],
    [H.SHA_256, "sha256"],
    [H.SHA_384, "sha384"],
    [H.SHA_512, "sha512"],
    [H.SHA3_256, "sha3-256"],
    [H.SHA3_512, "sha3-512"],
  ] as const) {
    it(`${md}: identical signatures, each verified by the other`, () => {
      const data = randomBytes(100);
      const ours = sign({ algorithm: A.RSA, hashing, key: rsa2048().privateKey, data });
      const theirs = openssl(["dgst", `-${md}`, "-sign", rsa.priv], data);
      expect(hex(ours)).toBe(hex(theirs));
      const sig = tempFile("sig", ours);
      expect(opensslStatus(["dgst", `-${md}`, "-verify", rsa.pub, "-signature", sig], data)).toBe(0);
    });
  }

  it("a raw Digested Data signature equals openssl pkeyutl -sign without a digest", () => {
    const digest = randomBytes(16);
    const ours = sign({ algorithm: A.RSA, key: rsa2048().privateKey, digest });
    expect(hex(ours)).toBe(
      hex(openssl(["pkeyutl", "-sign", "-inkey", rsa.priv, "-pkeyopt", "rsa_padding_mode:pkcs1"], digest)),
    );
  });

  it("a SHA-256 Digested Data signature equals openssl pkeyutl -sign with digest:sha256", () => {
    const digest = randomBytes(32);
    const ours = sign({ algorithm: A.RSA, hashing: H.SHA_256, key: rsa2048().privateKey, digest });
    expect(hex(ours)).toBe(
      hex(openssl(["pkeyutl", "-sign", "-inkey", rsa.priv, "-pkeyopt", "digest:sha256"], digest)),
    );
  });
});

describe("RSASSA-PSS against openssl dgst", () => {
  for (const [hashing, md, salt] of [
    [H.SHA_256, "sha256", 32],
    [H.SHA_384, "sha384", 48],
    [H.SHA3_256, "sha3-256", 32],
  ] as const) {
    it(`${md}: kmipd signs with salt = hash length, openssl verifies; openssl signs, kmipd verifies`, () => {
      const data = randomBytes(64);
      const params = { algorithm: A.RSA, padding: P.PSS, hashing };
      const ours = tempFile("sig", sign({ ...params, key: rsa2048().privateKey, data }));
      const pss = ["-sigopt", "rsa_padding_mode:pss", "-sigopt", `rsa_pss_saltlen:${salt}`];
      expect(opensslStatus(["dgst", `-${md}`, ...pss, "-verify", rsa.pub, "-signature", ours], data)).toBe(0);
      const theirs = openssl(["dgst", `-${md}`, "-sigopt", "rsa_padding_mode:pss", "-sign", rsa.priv], data);
      expect(verify({ ...params, key: rsa2048().publicKey, data, signature: theirs })).toBe(true);
    });
  }
});

describe("ECDSA against openssl dgst", () => {
  for (const [name, pair, hashing, md] of [
    ["P-256", ecP256, H.SHA_256, "sha256"],
    ["P-384", ecP384, H.SHA_384, "sha384"],
    ["P-521", ecP521, H.SHA_512, "sha512"],
    ["P-256 with SHA3-256", ecP256, H.SHA3_256, "sha3-256"],
  ] as const) {
    it(`${name}: each verifies the other's DER signature`, () => {
      const files = pems(pair());
      const data = randomBytes(64);
      const ours = tempFile("sig", sign({ algorithm: A.ECDSA, hashing, key: pair().privateKey, data }));
      expect(opensslStatus(["dgst", `-${md}`, "-verify", files.pub, "-signature", ours], data)).toBe(0);
      expect(
        opensslStatus(["dgst", `-${md}`, "-verify", files.pub, "-signature", ours], randomBytes(64)),
      ).toBe(1);
      const theirs = openssl(["dgst", `-${md}`, "-sign", files.priv], data);
      expect(verify({ algorithm: A.ECDSA, hashing, key: pair().publicKey, data, signature: theirs })).toBe(
        true,
      );
    });
  }
});

describe("Ed25519 against openssl pkeyutl -rawin", () => {
  it("identical signatures, verified by openssl", () => {
    const files = pems(ed25519());
    const data = randomBytes(80);
    const input = tempFile("data", data);
    const ours = sign({ algorithm: A.Ed25519, key: ed25519().privateKey, data });
    const theirs = openssl(["pkeyutl", "-sign", "-rawin", "-inkey", files.priv, "-in", input]);
    expect(hex(ours)).toBe(hex(theirs));
    const sig = tempFile("sig", ours);
    const args = [
      "pkeyutl",
      "-verify",
      "-rawin",
      "-pubin",
      "-inkey",
      files.pub,
      "-in",
      input,
      "-sigfile",
      sig,
    ];
    expect(opensslStatus(args)).toBe(0);
  });
});
