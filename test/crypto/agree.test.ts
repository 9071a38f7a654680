/**
 * Key agreement (src/crypto/agree.ts) behind Derive Key's Asymmetric Key method: ECDH against
 * `openssl pkeyutl -derive`, finite-field DH both ways round, and the refusals.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { agreeSecret } from "../../src/crypto/agree.js";
import { deriveKey } from "../../src/crypto/derive.js";
import {
  CryptographicAlgorithm as A,
  DerivationMethod as DM,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { hex, openssl, reasonOf, reasonOfAsync, tempFile } from "./helpers.js";

const ec = (curve: string) => generateKeyPairSync("ec", { namedCurve: curve });

function opensslDerive(own: KeyObject, peer: KeyObject): string {
  const priv = tempFile("own.pem", own.export({ format: "pem", type: "pkcs8" }) as string);
  const pub = tempFile("peer.pem", peer.export({ format: "pem", type: "spki" }) as string);
  return openssl(["pkeyutl", "-derive", "-inkey", priv, "-peerkey", pub]).toString("hex");
}

describe("ECDH", () => {
  for (const [curve, bytes] of [
    ["prime256v1", 32],
    ["secp384r1", 48],
    ["secp521r1", 66],
    ["secp256k1", 32],
  ] as const) {
    it(`${curve}: Z is the x-coordinate openssl derives, the same from both sides`, () => {
      const [a, b] = [ec(curve), ec(curve)];
      const z = hex(agreeSecret(a.privateKey, b.publicKey, A.ECDH));
      expect(z).toHaveLength(bytes * 2);
      expect(z).toBe(opensslDerive(a.privateKey, b.publicKey));
      expect(hex(agreeSecret(b.privateKey, a.publicKey))).toBe(z);
    });
  }

  it("deriveKey takes Z's leftmost bytes and refuses more than Z holds", async () => {
    const [a, b] = [ec("prime256v1"), ec("prime256v1")];
    const z = hex(agreeSecret(a.privateKey, b.publicKey));
    const req = { method: DM.AsymmetricKey, key: a.privateKey, peerKey: b.publicKey };
    expect(hex(await deriveKey({ ...req, lengthBits: 128 }))).toBe(z.slice(0, 32));
    expect(await reasonOfAsync(() => deriveKey({ ...req, lengthBits: 264 }))).toBe(R.CryptographicFailure);
    expect(await reasonOfAsync(() => deriveKey({ ...req, peerKey: undefined, lengthBits: 128 }))).toBe(
      R.InvalidField,
    );
    expect(await reasonOfAsync(() => deriveKey({ ...req, key: new Uint8Array(32), lengthBits: 128 }))).toBe(
      R.InvalidField,
    );
  });
});

/** node's typings list no "dh" overload of generateKeyPairSync; the call itself is supported. */
const dhPair = generateKeyPairSync as unknown as (
  type: "dh",
  options: { group: string },
) => { privateKey: KeyObject; publicKey: KeyObject };

describe("finite-field DH", () => {
  it("both sides agree (RFC 3526 group 14)", () => {
    const [a, b] = [dhPair("dh", { group: "modp14" }), dhPair("dh", { group: "modp14" })];
    const z = agreeSecret(a.privateKey, b.publicKey, A.DH);
    expect(z.length).toBe(256);
    expect(hex(agreeSecret(b.privateKey, a.publicKey))).toBe(hex(z));
  });
});

describe("refusals", () => {
  const [a, b] = [ec("prime256v1"), ec("prime256v1")];

  it("a public key as ours, a private key as the peer's, or an RSA key: Invalid Field", () => {
    expect(reasonOf(() => agreeSecret(a.publicKey, b.publicKey))).toBe(R.InvalidField);
    expect(reasonOf(() => agreeSecret(a.privateKey, b.privateKey))).toBe(R.InvalidField);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    expect(reasonOf(() => agreeSecret(rsa.privateKey, rsa.publicKey))).toBe(R.InvalidField);
    expect(reasonOf(() => agreeSecret(a.privateKey, createPublicKey(rsa.privateKey)))).toBe(R.InvalidField);
  });

  it("keys on different curves: Invalid Field", () => {
    expect(reasonOf(() => agreeSecret(a.privateKey, ec("secp384r1").publicKey))).toBe(R.InvalidField);
  });

  it("a Cryptographic Algorithm other than ECDH/EC for EC keys: Bad Cryptographic Parameters", () => {
    expect(reasonOf(() => agreeSecret(a.privateKey, b.publicKey, A.AES))).toBe(R.BadCryptographicParameters);
    expect(reasonOf(() => agreeSecret(a.privateKey, b.publicKey, A.DH))).toBe(R.BadCryptographicParameters);
  });
});
