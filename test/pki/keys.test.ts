import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { PkiError } from "../../src/pki/errors.js";
import {
  exportClientPrivateKeyPem,
  exportPkcs8Pem,
  generateKeyPair,
  importPrivateKeyPem,
  type KeyPair,
  keySpecOf,
  parseKeySpec,
  spkiDer,
} from "../../src/pki/keys.js";

// Contract §2.2: RSA 2048/3072/4096, EC 224/256/384/521. RSA 4096 is covered once, in
// client-cert.test.ts, because generating it takes seconds.
const specs = [
  { type: "ec", bits: 224, curve: "secp224r1" },
  { type: "ec", bits: 256, curve: "prime256v1" },
  { type: "ec", bits: 384, curve: "secp384r1" },
  { type: "ec", bits: 521, curve: "secp521r1" },
  { type: "rsa", bits: 2048 },
  { type: "rsa", bits: 3072 },
] as const;

describe("generateKeyPair", () => {
  // One key per spec, shared by the tests below (RSA 3072 takes about a second).
  const generated = new Map<string, KeyPair>();
  beforeAll(async () => {
    const pairs = await Promise.all(specs.map((spec) => generateKeyPair(parseKeySpec(spec.type, spec.bits))));
    for (const pair of pairs) generated.set(`${pair.spec.type}${pair.spec.bits}`, pair);
  });
  const keysOf = (spec: { type: string; bits: number }): KeyPair => {
    const keys = generated.get(`${spec.type}${spec.bits}`);
    if (!keys) throw new Error("fixture missing");
    return keys;
  };

  it.each(specs)("generates $type $bits with the right size and curve", (spec) => {
    const keys = keysOf(spec);
    expect(keySpecOf(keys.publicKey)).toEqual({ type: spec.type, bits: spec.bits });
    const details = keys.privateKey.asymmetricKeyDetails ?? {};
    if (spec.type === "ec") expect(details.namedCurve).toBe(spec.curve);
    else expect(details.modulusLength).toBe(spec.bits);
    const signature = sign("sha256", Buffer.from("kmip"), keys.privateKey);
    expect(verify("sha256", Buffer.from("kmip"), keys.publicKey, signature)).toBe(true);
  });

  it.each(specs)("exports $type $bits as Vault does (SEC1 / PKCS#1) and as PKCS#8", (spec) => {
    const keys = keysOf(spec);
    const clientPem = exportClientPrivateKeyPem(keys.privateKey);
    const label = spec.type === "ec" ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
    expect(clientPem.startsWith(`-----BEGIN ${label}-----\n`)).toBe(true);
    expect(clientPem.endsWith(`-----END ${label}-----`)).toBe(true);
    const pkcs8 = exportPkcs8Pem(keys.privateKey);
    expect(pkcs8.startsWith("-----BEGIN PRIVATE KEY-----\n")).toBe(true);
    for (const pem of [clientPem, pkcs8]) {
      const back = importPrivateKeyPem(pem);
      expect(spkiDer(createPublicKey(back))).toEqual(spkiDer(keys.publicKey));
    }
  });
});

describe("parseKeySpec", () => {
  it("refuses an unknown key type and lists the allowed ones", () => {
    expect(() => parseKeySpec("dsa", 2048)).toThrowError(
      expect.objectContaining({ code: "bad-key-type", message: expect.stringContaining("rsa, ec") }),
    );
  });

  it.each([
    ["rsa", 1024, "2048, 3072, 4096"],
    ["rsa", 256, "2048, 3072, 4096"],
    ["ec", 2048, "224, 256, 384, 521"],
    ["ec", 512, "224, 256, 384, 521"],
    ["ec", Number.NaN, "224, 256, 384, 521"],
  ] as const)("refuses %s %d and lists %s", (type, bits, allowed) => {
    try {
      parseKeySpec(type, bits);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PkiError);
      expect((error as PkiError).code).toBe("bad-key-bits");
      expect((error as PkiError).message).toContain(allowed);
    }
  });

  it("is re-checked by generateKeyPair", async () => {
    await expect(generateKeyPair({ type: "ec", bits: 192 })).rejects.toMatchObject({ code: "bad-key-bits" });
  });
});

describe("keySpecOf and importPrivateKeyPem", () => {
  it("returns undefined for keys outside the contract", () => {
    const ed = createPrivateKey({
      key: Buffer.from(`302e020100300506032b657004220420${"11".repeat(32)}`, "hex"),
      format: "der",
      type: "pkcs8",
    });
    expect(keySpecOf(ed)).toBeUndefined();
  });

  it("refuses PEM that is not one private key", () => {
    expect(() => importPrivateKeyPem("not pem")).toThrowError(expect.objectContaining({ code: "bad-pem" }));
    expect(() =>
      importPrivateKeyPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
    ).toThrowError(expect.objectContaining({ code: "bad-pem" }));
    expect(() =>
      importPrivateKeyPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
    ).toThrowError(expect.objectContaining({ code: "bad-pem" }));
  });
});
