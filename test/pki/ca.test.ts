import { X509Certificate as NodeCertificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type CaHierarchy, generateCaHierarchy, importCa } from "../../src/pki/ca.js";
import { keyIdentifier, signCertificate } from "../../src/pki/certificate-builder.js";
import { generateKeyPair, importPrivateKeyPem } from "../../src/pki/keys.js";
import { encodePem } from "../../src/pki/pem.js";
import { randomSerial, serialFromDecimal } from "../../src/pki/serial.js";
import { x509 } from "../../src/pki/x509.js";
import { openssl, serialOctets } from "./helpers.js";

const now = new Date();
const nowSeconds = Math.floor(now.getTime() / 1000);
const tenYearsSeconds = 3650 * 86400;

// Every CA key type/size of the contract (§2.2) but RSA 4096, which client-cert.test.ts covers.
const specs = [
  { keyType: "ec", keyBits: 224, signature: "ECDSA" },
  { keyType: "ec", keyBits: 256, signature: "ECDSA" },
  { keyType: "ec", keyBits: 384, signature: "ECDSA" },
  { keyType: "ec", keyBits: 521, signature: "ECDSA" },
  { keyType: "rsa", keyBits: 2048, signature: "RSASSA-PKCS1-v1_5" },
  { keyType: "rsa", keyBits: 3072, signature: "RSASSA-PKCS1-v1_5" },
] as const;

const hierarchies = new Map<string, CaHierarchy>();
beforeAll(async () => {
  const generated = await Promise.all(specs.map((spec) => generateCaHierarchy({ ...spec, now })));
  for (const ca of generated) hierarchies.set(`${ca.keySpec.type}${ca.keySpec.bits}`, ca);
});
const hierarchy = (spec: { keyType: string; keyBits: number }): CaHierarchy => {
  const ca = hierarchies.get(`${spec.keyType}${spec.keyBits}`);
  if (!ca) throw new Error("fixture missing");
  return ca;
};

describe.each(specs)("generateCaHierarchy $keyType $keyBits", (spec) => {
  it("makes a self-signed root: CA:TRUE pathlen 10 and keyCertSign+cRLSign, both critical, SKI, no AKI", () => {
    const root = new x509.X509Certificate(hierarchy(spec).root.certificatePem);
    expect(root.subject).toBe("CN=kmipd kmip root");
    expect(root.issuer).toBe(root.subject);
    const constraints = root.getExtension(x509.BasicConstraintsExtension);
    expect(constraints).toMatchObject({ ca: true, pathLength: 10, critical: true });
    const usages = root.getExtension(x509.KeyUsagesExtension);
    expect(usages?.critical).toBe(true);
    expect(usages?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    const ski = root.getExtension(x509.SubjectKeyIdentifierExtension);
    expect(ski?.keyId).toBe(
      keyIdentifier(new NodeCertificate(hierarchy(spec).root.certificatePem).publicKey),
    );
    expect(root.getExtension(x509.AuthorityKeyIdentifierExtension)).toBeNull();
  });

  it("makes an intermediate under it: pathlen 9, AKI = root SKI, its own SKI", () => {
    const ca = hierarchy(spec);
    const root = new x509.X509Certificate(ca.root.certificatePem);
    const intermediate = new x509.X509Certificate(ca.intermediate.certificatePem);
    expect(intermediate.subject).toBe("CN=kmipd kmip intermediate");
    expect(intermediate.issuer).toBe("CN=kmipd kmip root");
    expect(intermediate.getExtension(x509.BasicConstraintsExtension)).toMatchObject({
      ca: true,
      pathLength: 9,
      critical: true,
    });
    expect(intermediate.getExtension(x509.KeyUsagesExtension)?.critical).toBe(true);
    const rootSki = root.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(intermediate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(rootSki);
    expect(intermediate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).not.toBe(rootSki);
    expect(intermediate.signatureAlgorithm).toMatchObject({
      name: spec.signature,
      hash: { name: "SHA-256" },
    });
  });

  it("backdates NotBefore by 30 s and sets NotAfter 3650 days ahead", () => {
    for (const certificate of [hierarchy(spec).root, hierarchy(spec).intermediate]) {
      expect(certificate.notBefore.getTime()).toBe((nowSeconds - 30) * 1000);
      expect(certificate.notAfter.getTime()).toBe((nowSeconds + tenYearsSeconds) * 1000);
    }
  });

  it("uses 20-octet serials and reports them in decimal", () => {
    for (const certificate of [hierarchy(spec).root, hierarchy(spec).intermediate]) {
      const octets = serialOctets(certificate.certificatePem);
      expect(octets).toHaveLength(20);
      expect(serialFromDecimal(certificate.serialNumber)).toBe(Buffer.from(octets).toString("hex"));
    }
  });

  it("returns PKCS#8 keys that belong to the certificates, and the chain [intermediate, root]", () => {
    const ca = hierarchy(spec);
    for (const certificate of [ca.root, ca.intermediate]) {
      expect(certificate.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----")).toBe(true);
      const node = new NodeCertificate(certificate.certificatePem);
      expect(node.checkPrivateKey(importPrivateKeyPem(certificate.privateKeyPem))).toBe(true);
    }
    expect(ca.caChain).toEqual([ca.intermediate.certificatePem, ca.root.certificatePem]);
  });

  it("verifies with openssl", async () => {
    const ca = hierarchy(spec);
    const result = await openssl(["verify", "-CAfile", "root.pem", "int.pem"], {
      "root.pem": ca.root.certificatePem,
      "int.pem": ca.intermediate.certificatePem,
    });
    expect(result.stdout.trim()).toBe("int.pem: OK");
    expect(result.code).toBe(0);
  });
});

describe("generateCaHierarchy parameters", () => {
  it("takes a name prefix and a ttl (named CAs default to 365 days in Vault 2.0)", async () => {
    const ca = await generateCaHierarchy({
      keyType: "ec",
      keyBits: 256,
      commonNamePrefix: "kmipd kmip my-ca",
      ttlSeconds: 365 * 86400,
      now,
    });
    expect(ca.root.subject).toBe("CN=kmipd kmip my-ca root");
    expect(ca.intermediate.subject).toBe("CN=kmipd kmip my-ca intermediate");
    expect(ca.intermediate.notAfter.getTime()).toBe((nowSeconds + 365 * 86400) * 1000);
  });

  it("switches to GeneralizedTime after 2049 (RFC 5280 §4.1.2.5) and openssl reads it", async () => {
    const ca = await generateCaHierarchy({ keyType: "ec", keyBits: 256, ttlSeconds: 60 * 365 * 86400, now });
    const text = await openssl(["x509", "-in", "root.pem", "-noout", "-enddate"], {
      "root.pem": ca.root.certificatePem,
    });
    expect(text.stdout).toContain(String(new Date((nowSeconds + 60 * 365 * 86400) * 1000).getUTCFullYear()));
  });

  it.each([
    [{ keyType: "dsa", keyBits: 2048 }, "bad-key-type"],
    [{ keyType: "ec", keyBits: 2048 }, "bad-key-bits"],
    [{ keyType: "rsa", keyBits: 521 }, "bad-key-bits"],
    [{ keyType: "ec", keyBits: 256, ttlSeconds: 0 }, "bad-ttl"],
    [{ keyType: "ec", keyBits: 256, ttlSeconds: 1.5 }, "bad-ttl"],
    [{ keyType: "ec", keyBits: 256, commonNamePrefix: "x".repeat(60) }, "bad-name"],
  ])("refuses %j", async (request, code) => {
    await expect(generateCaHierarchy({ ...request, now })).rejects.toMatchObject({ code });
  });
});

describe("importCa", () => {
  it("accepts a chain and reports each certificate", () => {
    const ca = hierarchy(specs[1]);
    const imported = importCa(`${ca.caChain.join("\n")}\n`);
    expect(imported.certificates.map((c) => c.subject)).toEqual([
      "CN=kmipd kmip intermediate",
      "CN=kmipd kmip root",
    ]);
    expect(imported.certificates.map((c) => c.serialNumber)).toEqual([
      ca.intermediate.serialNumber,
      ca.root.serialNumber,
    ]);
    expect(imported.certificatePem).toBe(ca.intermediate.certificatePem);
    expect(imported.caChain).toEqual(ca.caChain);
  });

  it("accepts a single root, including a P-224 one", () => {
    const imported = importCa(hierarchy(specs[0]).root.certificatePem);
    expect(imported.certificates).toHaveLength(1);
  });

  it("refuses a certificate without BasicConstraints cA=TRUE", async () => {
    const pem = await selfSigned([new x509.BasicConstraintsExtension(false, undefined, true)]);
    expect(() => importCa(pem)).toThrowError(expect.objectContaining({ code: "not-a-ca" }));
    const none = await selfSigned([]);
    expect(() => importCa(none)).toThrowError(expect.objectContaining({ code: "not-a-ca" }));
  });

  it("refuses a CA certificate whose KeyUsage lacks keyCertSign", async () => {
    const pem = await selfSigned([
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ]);
    expect(() => importCa(pem)).toThrowError(/keyCertSign/);
  });

  it("names the offending certificate in a chain", async () => {
    const leaf = await selfSigned([]);
    expect(() => importCa(`${hierarchy(specs[1]).root.certificatePem}\n${leaf}`)).toThrowError(
      /certificate 2/,
    );
  });

  it("refuses text without certificates, other PEM blocks and broken DER", () => {
    expect(() => importCa("")).toThrowError(expect.objectContaining({ code: "bad-pem" }));
    expect(() => importCa(hierarchy(specs[1]).root.privateKeyPem)).toThrowError(
      expect.objectContaining({ code: "bad-pem" }),
    );
    const broken = encodePem("CERTIFICATE", Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01));
    expect(() => importCa(broken)).toThrowError(expect.objectContaining({ code: "bad-pem" }));
  });
});

async function selfSigned(extensions: x509.Extension[]): Promise<string> {
  const keys = await generateKeyPair({ type: "ec", bits: 256 });
  const name: x509.JsonNameParams = [{ CN: ["not a ca"] }];
  const certificate = await signCertificate(
    {
      subject: name,
      issuer: name,
      serial: randomSerial(),
      notBefore: now,
      notAfter: new Date(now.getTime() + 86400_000),
      publicKey: keys.publicKey,
      extensions,
    },
    keys.privateKey,
  );
  return encodePem("CERTIFICATE", new Uint8Array(certificate.rawData));
}
