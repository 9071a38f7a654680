import { createPrivateKey, X509Certificate as NodeCertificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCaHierarchy } from "../../src/pki/ca.js";
import { type ClientCredential, issueClientCertificate } from "../../src/pki/client-cert.js";
import { formatCredential, parseCredentialFormat } from "../../src/pki/credential-format.js";
import { decodePemBlocks } from "../../src/pki/pem.js";

const now = new Date();
let credential: ClientCredential;
beforeAll(async () => {
  const ca = await generateCaHierarchy({ keyType: "ec", keyBits: 256, now });
  credential = await issueClientCertificate({
    ca,
    scopeId: "s",
    roleId: "r",
    keyType: "ec",
    keyBits: 256,
    ttlSeconds: 60,
    now,
  });
});

describe("formatCredential", () => {
  it("pem: returns the PEM fields as they are", () => {
    const formatted = formatCredential(credential, "pem");
    expect(formatted).toEqual({
      certificate: credential.certificatePem,
      privateKey: credential.privateKeyPem,
      caChain: credential.caChain,
      serialNumber: credential.serialNumber,
    });
  });

  it("pem_bundle: puts key, certificate and chain into `certificate`", () => {
    const formatted = formatCredential(credential, "pem_bundle");
    const blocks = decodePemBlocks(formatted.certificate);
    expect(blocks.map((block) => block.label)).toEqual([
      "EC PRIVATE KEY",
      "CERTIFICATE",
      "CERTIFICATE",
      "CERTIFICATE",
    ]);
    expect(formatted.certificate).toBe(
      [credential.privateKeyPem, credential.certificatePem, ...credential.caChain].join("\n"),
    );
    expect(formatted.privateKey).toBe(credential.privateKeyPem);
    expect(formatted.caChain).toEqual(credential.caChain);
  });

  it("pem_bundle without a key (a signed CSR, a lookup) holds certificate and chain only", () => {
    const { privateKeyPem: _, ...withoutKey } = credential;
    const formatted = formatCredential(withoutKey, "pem_bundle");
    expect(decodePemBlocks(formatted.certificate)).toHaveLength(3);
    expect("privateKey" in formatted).toBe(false);
  });

  it("der: base64 DER for the certificate, the SEC1 key and each chain entry", () => {
    const formatted = formatCredential(credential, "der");
    const certificate = new NodeCertificate(Buffer.from(formatted.certificate, "base64"));
    expect(certificate.toString().trim()).toBe(credential.certificatePem);
    const key = createPrivateKey({
      key: Buffer.from(formatted.privateKey ?? "", "base64"),
      format: "der",
      type: "sec1",
    });
    expect(certificate.checkPrivateKey(key)).toBe(true);
    expect(
      formatted.caChain.map((der) => new NodeCertificate(Buffer.from(der, "base64")).toString().trim()),
    ).toEqual(credential.caChain);
    expect(formatted.serialNumber).toBe(credential.serialNumber);
  });

  it("refuses other formats", () => {
    expect(() => parseCredentialFormat("pkcs12")).toThrowError(
      expect.objectContaining({
        code: "bad-format",
        message: expect.stringContaining("pem, pem_bundle, der"),
      }),
    );
    expect(() => formatCredential(credential, "PEM" as "pem")).toThrowError(/invalid format/);
  });
});
