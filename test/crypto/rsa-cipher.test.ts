/**
 * RSA Encrypt/Decrypt (RFC 8017 §7). RSAES-OAEP and -PKCS1-v1_5 are randomised, so there is no
 * known answer to compare with; each direction is cross-checked with the openssl CLI instead
 * (kmipd encrypts → `openssl pkeyutl -decrypt`, and `openssl pkeyutl -encrypt` → kmipd decrypts).
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "../../src/crypto/cipher.js";
import {
  CryptographicAlgorithm as A,
  HashingAlgorithm as H,
  MaskGenerator,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { ecP256, rsa2048 } from "./fixtures.js";
import { hex, openssl, reasonOf, tempFile } from "./helpers.js";

const HASHES = [
  [H.SHA_1, "sha1"],
  [H.SHA_256, "sha256"],
  [H.SHA_384, "sha384"],
  [H.SHA_512, "sha512"],
  [H.SHA3_256, "sha3-256"],
] as const;

const pair = rsa2048();
const privatePem = tempFile("rsa.pem", pair.privateKey.export({ format: "pem", type: "pkcs8" }) as string);
const publicPem = tempFile("rsa.pub.pem", pair.publicKey.export({ format: "pem", type: "spki" }) as string);

function oaepOptions(md: string, label?: Uint8Array): string[] {
  const opts = [
    "-pkeyopt",
    "rsa_padding_mode:oaep",
    "-pkeyopt",
    `rsa_oaep_md:${md}`,
    "-pkeyopt",
    `rsa_mgf1_md:${md}`,
  ];
  return label === undefined ? opts : [...opts, "-pkeyopt", `rsa_oaep_label:${hex(label)}`];
}

describe("RSAES-OAEP", () => {
  for (const [hashing, md] of HASHES) {
    it(`${md}: kmipd encrypts, openssl decrypts`, () => {
      const data = randomBytes(32);
      const ct = encrypt({ algorithm: A.RSA, padding: P.OAEP, hashing, key: pair.publicKey, data }).data;
      expect(ct.length).toBe(256);
      const plain = openssl(["pkeyutl", "-decrypt", "-inkey", privatePem, ...oaepOptions(md)], ct);
      expect(hex(plain)).toBe(hex(data));
    });

    it(`${md}: openssl encrypts, kmipd decrypts`, () => {
      const data = randomBytes(20);
      const ct = openssl(["pkeyutl", "-encrypt", "-pubin", "-inkey", publicPem, ...oaepOptions(md)], data);
      const plain = decrypt({
        algorithm: A.RSA,
        padding: P.OAEP,
        hashing,
        maskGeneratorHashing: hashing,
        key: pair.privateKey,
        data: ct,
      });
      expect(hex(plain)).toBe(hex(data));
    });
  }

  it("P Source is the OAEP label, both ways", () => {
    const label = new Uint8Array([1, 2, 3, 4]);
    const data = randomBytes(16);
    const params = { algorithm: A.RSA, padding: P.OAEP, hashing: H.SHA_256, pSource: label };
    const ct = encrypt({ ...params, key: pair.publicKey, data }).data;
    expect(
      hex(openssl(["pkeyutl", "-decrypt", "-inkey", privatePem, ...oaepOptions("sha256", label)], ct)),
    ).toBe(hex(data));
    expect(reasonOf(() => decrypt({ ...params, pSource: undefined, key: pair.privateKey, data: ct }))).toBe(
      R.CryptographicFailure,
    );
  });

  it("defaults to SHA-1 with MGF1-SHA-1 (RFC 8017 App. A.2.1; 1.4 §3.6)", () => {
    const data = randomBytes(16);
    const ct = encrypt({
      algorithm: A.RSA,
      padding: P.OAEP,
      maskGenerator: MaskGenerator.MGF1,
      key: pair.publicKey,
      data,
    }).data;
    expect(hex(openssl(["pkeyutl", "-decrypt", "-inkey", privatePem, ...oaepOptions("sha1")], ct))).toBe(
      hex(data),
    );
  });
});

describe("RSAES-PKCS1-v1_5", () => {
  it("kmipd encrypts, openssl decrypts", () => {
    const data = randomBytes(32);
    const ct = encrypt({ algorithm: A.RSA, padding: P.PKCS1V1_5, key: pair.publicKey, data }).data;
    const plain = openssl(
      ["pkeyutl", "-decrypt", "-inkey", privatePem, "-pkeyopt", "rsa_padding_mode:pkcs1"],
      ct,
    );
    expect(hex(plain)).toBe(hex(data));
  });

  it("decryption is refused by Node 20 (CVE-2023-46809) or, where allowed, round-trips", () => {
    const data = randomBytes(8);
    const ct = encrypt({ algorithm: A.RSA, padding: P.PKCS1V1_5, key: pair.publicKey, data }).data;
    let result: Uint8Array | number;
    try {
      result = decrypt({ algorithm: A.RSA, padding: P.PKCS1V1_5, key: pair.privateKey, data: ct });
    } catch (e) {
      result = (e as { reason: number }).reason;
    }
    if (typeof result === "number") expect(result).toBe(R.UnsupportedCryptographicParameters);
    else expect(hex(result)).toBe(hex(data));
  });
});

describe("RSA refusals", () => {
  const rsa = { algorithm: A.RSA, key: pair.publicKey, data: randomBytes(8) };

  it("no Padding Method is Bad Cryptographic Parameters", () => {
    expect(reasonOf(() => encrypt(rsa))).toBe(R.BadCryptographicParameters);
  });

  it("an MGF1 hash other than the OAEP hash is padded by oaep.ts (OASIS CS-AC-M-OAEP-7…10; oaep.test.ts)", () => {
    const p = { ...rsa, padding: P.OAEP, hashing: H.SHA_384, maskGeneratorHashing: H.SHA_256 };
    const ct = encrypt(p).data;
    expect(hex(decrypt({ ...p, key: pair.privateKey, data: ct }))).toBe(hex(rsa.data));
    expect(reasonOf(() => encrypt({ ...p, maskGeneratorHashing: H.MD5 }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
  });

  it("other paddings, mask generators and MD5 are Unsupported", () => {
    expect(reasonOf(() => encrypt({ ...rsa, padding: P.None }))).toBe(R.UnsupportedCryptographicParameters);
    expect(reasonOf(() => encrypt({ ...rsa, padding: P.OAEP, maskGenerator: 2 }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => encrypt({ ...rsa, padding: P.OAEP, hashing: H.MD5 }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
  });

  it("a non-RSA key, or decryption with the public key, is Bad Cryptographic Parameters", () => {
    expect(reasonOf(() => encrypt({ ...rsa, padding: P.OAEP, key: ecP256().publicKey }))).toBe(
      R.BadCryptographicParameters,
    );
    expect(reasonOf(() => encrypt({ ...rsa, padding: P.OAEP, key: new Uint8Array(16) }))).toBe(
      R.BadCryptographicParameters,
    );
    expect(reasonOf(() => decrypt({ ...rsa, padding: P.OAEP }))).toBe(R.BadCryptographicParameters);
  });

  it("data too long for the key, or a corrupt ciphertext, is Cryptographic Failure", () => {
    expect(reasonOf(() => encrypt({ ...rsa, padding: P.OAEP, data: randomBytes(256) }))).toBe(
      R.CryptographicFailure,
    );
    expect(
      reasonOf(() => decrypt({ ...rsa, key: pair.privateKey, padding: P.OAEP, data: randomBytes(256) })),
    ).toBe(R.CryptographicFailure);
  });
});
