/**
 * EME-OAEP of src/crypto/oaep.ts (RFC 8017 §7.1), used when the MGF1 hash differs from the OAEP
 * hash. Checked four ways:
 * - with equal hashes it must interoperate with OpenSSL's OAEP (node:crypto) in both directions,
 *   which pins MGF1, the DB layout and the label hash;
 * - with different hashes, against the openssl CLI (`rsa_oaep_md` ≠ `rsa_mgf1_md`) both ways;
 * - the known answers of the OASIS KMIP 1.4 profile cases CS-AC-M-OAEP-8 and -10 (SHA-384 with
 *   MGF1-SHA-256, without and with a P Source), read from the shared vectors at test time;
 * - every malformed encoding gives the same one error (RFC 8017 §7.1.2 note).
 */
import {
  constants,
  createHash,
  createPrivateKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "../../src/crypto/cipher.js";
import { hashForKeyedUse } from "../../src/crypto/hashes.js";
import { type OaepHashes, oaepDecode, oaepDecrypt, oaepEncode, oaepEncrypt } from "../../src/crypto/oaep.js";
import { KmipError } from "../../src/kmip/errors.js";
import {
  CryptographicAlgorithm as A,
  HashingAlgorithm as H,
  MaskGenerator,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { vectorsDir } from "../helpers/vectors.js";
import { rsa2048 } from "./fixtures.js";
import { hex, openssl, tempFile, unhex } from "./helpers.js";

const pair = rsa2048();
const privatePem = tempFile("oaep.pem", pair.privateKey.export({ format: "pem", type: "pkcs8" }) as string);
const publicPem = tempFile("oaep.pub.pem", pair.publicKey.export({ format: "pem", type: "spki" }) as string);

function hashes(hash: number, mgfHash: number, label: Uint8Array = new Uint8Array(0)): OaepHashes {
  return { hash: hashForKeyedUse(hash), mgfHash: hashForKeyedUse(mgfHash), label };
}

function nodeOaep(md: string, label: Uint8Array) {
  return {
    padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: md,
    ...(label.length > 0 && { oaepLabel: Buffer.from(label) }),
  };
}

describe("equal hashes: interoperates with OpenSSL's OAEP", () => {
  const cases = [
    [H.SHA_1, "sha1"],
    [H.SHA_256, "sha256"],
    [H.SHA_384, "sha384"],
    [H.SHA_512, "sha512"],
  ] as const;
  for (const [hash, md] of cases) {
    for (const label of [new Uint8Array(0), new TextEncoder().encode("a label")]) {
      const name = `${md}, label of ${label.length} bytes`;
      it(`${name}: oaep.ts encrypts, OpenSSL decrypts`, () => {
        const data = randomBytes(40);
        const ct = oaepEncrypt(pair.publicKey, hashes(hash, hash, label), data);
        const plain = privateDecrypt({ key: pair.privateKey, ...nodeOaep(md, label) }, ct);
        expect(hex(plain)).toBe(hex(data));
      });
      it(`${name}: OpenSSL encrypts, oaep.ts decrypts`, () => {
        const data = randomBytes(40);
        const ct = publicEncrypt({ key: pair.publicKey, ...nodeOaep(md, label) }, data);
        expect(hex(oaepDecrypt(pair.privateKey, hashes(hash, hash, label), ct))).toBe(hex(data));
      });
    }
  }

  it("the longest message (k - 2hLen - 2 bytes) and the empty one", () => {
    for (const length of [256 - 2 * 32 - 2, 0]) {
      const data = randomBytes(length);
      const ct = oaepEncrypt(pair.publicKey, hashes(H.SHA_256, H.SHA_256), data);
      const plain = privateDecrypt({ key: pair.privateKey, ...nodeOaep("sha256", new Uint8Array(0)) }, ct);
      expect(hex(plain)).toBe(hex(data));
    }
  });
});

function cliOptions(md: string, mgf: string, label?: Uint8Array): string[] {
  const opts = ["-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", `rsa_oaep_md:${md}`];
  opts.push("-pkeyopt", `rsa_mgf1_md:${mgf}`);
  return label === undefined ? opts : [...opts, "-pkeyopt", `rsa_oaep_label:${hex(label)}`];
}

describe("different hashes: against the openssl CLI", () => {
  const cases = [
    [H.SHA_256, "sha256", H.SHA_1, "sha1"],
    [H.SHA_384, "sha384", H.SHA_256, "sha256"],
    [H.SHA_1, "sha1", H.SHA_512, "sha512"],
  ] as const;
  for (const [hashing, md, mgfHashing, mgf] of cases) {
    const params = { algorithm: A.RSA, padding: P.OAEP, hashing, maskGeneratorHashing: mgfHashing };

    it(`OAEP ${md}, MGF1 ${mgf}: openssl encrypts, kmipd decrypts`, () => {
      const data = randomBytes(24);
      const ct = openssl(
        ["pkeyutl", "-encrypt", "-pubin", "-inkey", publicPem, ...cliOptions(md, mgf)],
        data,
      );
      expect(hex(decrypt({ ...params, key: pair.privateKey, data: ct }))).toBe(hex(data));
    });

    it(`OAEP ${md}, MGF1 ${mgf}: kmipd encrypts, openssl decrypts`, () => {
      const data = randomBytes(24);
      const ct = encrypt({ ...params, key: pair.publicKey, data }).data;
      expect(ct.length).toBe(256);
      const plain = openssl(["pkeyutl", "-decrypt", "-inkey", privatePem, ...cliOptions(md, mgf)], ct);
      expect(hex(plain)).toBe(hex(data));
    });
  }

  it("P Source is the label (openssl rsa_oaep_label), and a wrong label fails", () => {
    const label = unhex("4b696c726f79207761732068657265");
    const data = randomBytes(16);
    const params = { algorithm: A.RSA, padding: P.OAEP, hashing: H.SHA_256, maskGeneratorHashing: H.SHA_1 };
    const ct = encrypt({ ...params, pSource: label, key: pair.publicKey, data }).data;
    const args = ["pkeyutl", "-decrypt", "-inkey", privatePem, ...cliOptions("sha256", "sha1", label)];
    expect(hex(openssl(args, ct))).toBe(hex(data));
    expect(() => decrypt({ ...params, key: pair.privateKey, data: ct })).toThrow(KmipError);
  });
});

/** The value attributes of `<tag … value="…"/>` in `xml`, in document order. */
function values(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag} type="\\w+" value="([^"]*)"`, "g"))].map((m) => m[1]!);
}

describe("OASIS CS-AC-M-OAEP-8/10 (KMIP Profiles 1.4): SHA-384 with MGF1-SHA-256", () => {
  for (const n of [8, 10]) {
    it(`CS-AC-M-OAEP-${n}-14: decrypts the case's ciphertext to its plaintext`, () => {
      const file = join(vectorsDir(), "kmip-1.4/profiles/mandatory", `CS-AC-M-OAEP-${n}-14.xml`);
      const xml = readFileSync(file, "utf8");
      const key = createPrivateKey({
        key: Buffer.from(values(xml, "KeyMaterial")[0]!, "hex"),
        format: "der",
        type: "pkcs1",
      });
      const [ciphertext, plaintext] = values(xml, "Data");
      const pSource = values(xml, "PSource")[0];
      const out = decrypt({
        algorithm: A.RSA,
        padding: P.OAEP,
        hashing: H.SHA_384,
        maskGenerator: MaskGenerator.MGF1,
        maskGeneratorHashing: H.SHA_256,
        ...(pSource !== undefined && { pSource: unhex(pSource) }),
        key,
        data: unhex(ciphertext!),
      });
      expect(hex(out)).toBe(plaintext);
    });
  }
});

describe("decoding failures are one and the same error", () => {
  const h = hashes(H.SHA_256, H.SHA_1);
  const k = 256;
  const message = unhex("00112233");
  const seed = new Uint8Array(32).fill(7);

  /** The error text of decoding `em`, or "decoded". */
  function failure(em: Uint8Array, with_ = h): string {
    try {
      oaepDecode(k, em, with_);
      return "decoded";
    } catch (e) {
      expect(e).toBeInstanceOf(KmipError);
      expect((e as KmipError).reason).toBe(R.CryptographicFailure);
      return (e as Error).message;
    }
  }

  it("a well-formed encoding decodes, with a fixed seed", () => {
    expect(hex(oaepDecode(k, oaepEncode(k, message, h, seed), h))).toBe(hex(message));
  });

  it("a non-zero first byte, a wrong label, a lost separator or a bad PS byte: one message", () => {
    const good = oaepEncode(k, message, h, seed);
    const firstByte = new Uint8Array(good);
    firstByte[0] = 1;
    const wrongLabel = hashes(H.SHA_256, H.SHA_1, unhex("01"));
    const messages = new Set([
      failure(firstByte),
      failure(good, wrongLabel),
      failure(remasked(good, (db) => db.fill(0, 32))),
      failure(remasked(good, (db) => (db[40] = 0x02))),
      failure(good.subarray(1)),
    ]);
    expect([...messages]).toEqual(["RSA decryption failed"]);
  });

  /** `em` with its DB (RFC 8017 §7.1.1 step 2e) changed by `edit`, masked again with `seed`. */
  function remasked(em: Uint8Array, edit: (db: Uint8Array) => void): Uint8Array {
    const maskedDb = em.slice(33);
    const originalSeed = xor(em.slice(1, 33), mgf1Sha1(maskedDb, 32));
    const db = xor(maskedDb, mgf1Sha1(originalSeed, maskedDb.length));
    edit(db);
    const newMaskedDb = xor(db, mgf1Sha1(seed, db.length));
    const out = new Uint8Array(k);
    out.set(xor(seed, mgf1Sha1(newMaskedDb, 32)), 1);
    out.set(newMaskedDb, 33);
    return out;
  }
});

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((x, i) => x ^ b[i]!);
}

/** MGF1 with SHA-1, written out again from RFC 8017 App. B.2.1 for the test's own re-masking. */
function mgf1Sha1(seedBytes: Uint8Array, length: number): Uint8Array {
  const blocks = [];
  for (let c = 0; c * 20 < length; c++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(c);
    blocks.push(createHash("sha1").update(seedBytes).update(counter).digest());
  }
  return new Uint8Array(Buffer.concat(blocks).subarray(0, length));
}

describe("encoding limits", () => {
  it("a message longer than k - 2hLen - 2 is Cryptographic Failure", () => {
    const h = hashes(H.SHA_512, H.SHA_256);
    expect(() => oaepEncode(256, new Uint8Array(256 - 2 * 64 - 1), h)).toThrow(/too long/);
    expect(oaepEncode(256, new Uint8Array(256 - 2 * 64 - 2), h).length).toBe(256);
  });

  it("a ciphertext of the wrong length is the generic decryption error", () => {
    const h = hashes(H.SHA_256, H.SHA_1);
    expect(() => oaepDecrypt(pair.privateKey, h, new Uint8Array(255))).toThrow("RSA decryption failed");
  });
});
