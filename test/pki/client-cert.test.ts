import { X509Certificate as NodeCertificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type CaHierarchy, generateCaHierarchy } from "../../src/pki/ca.js";
import { keyIdentifier } from "../../src/pki/certificate-builder.js";
import { type ClientCredential, issueClientCertificate } from "../../src/pki/client-cert.js";
import { importPrivateKeyPem, keySpecOf } from "../../src/pki/keys.js";
import { serialFromDecimal } from "../../src/pki/serial.js";
import { x509 } from "../../src/pki/x509.js";
import {
  nameAttributes,
  oidHex,
  openssl,
  opensslVerify,
  printableStringTag,
  serialOctets,
  tbsFields,
} from "./helpers.js";

const now = new Date();
const nowSeconds = Math.floor(now.getTime() / 1000);
const ttlSeconds = 336 * 3600; // the real default_tls_client_ttl, contract §2.2
const scopeId = "ilV63xQ0aZ";
const roleId = "2FyVNk9Lm1";

let ecCa: CaHierarchy;
let rsaCa: CaHierarchy;
beforeAll(async () => {
  [ecCa, rsaCa] = await Promise.all([
    generateCaHierarchy({ keyType: "ec", keyBits: 256, now }),
    generateCaHierarchy({ keyType: "rsa", keyBits: 2048, now }),
  ]);
});

const issue = (ca: CaHierarchy, keyType: string, keyBits: number, extra: object = {}) =>
  issueClientCertificate({ ca, scopeId, roleId, keyType, keyBits, ttlSeconds, now, ...extra });

const clientSpecs = [
  { keyType: "ec", keyBits: 224 },
  { keyType: "ec", keyBits: 256 },
  { keyType: "ec", keyBits: 384 },
  { keyType: "ec", keyBits: 521 },
  { keyType: "rsa", keyBits: 2048 },
  { keyType: "rsa", keyBits: 3072 },
] as const;

describe.each(["ec", "rsa"] as const)("issueClientCertificate under an %s CA", (caType) => {
  const ca = () => (caType === "ec" ? ecCa : rsaCa);
  const credentials = new Map<string, ClientCredential>();
  beforeAll(async () => {
    const issued = await Promise.all(clientSpecs.map((spec) => issue(ca(), spec.keyType, spec.keyBits)));
    clientSpecs.forEach((spec, index) => {
      const found = issued[index];
      if (found) credentials.set(`${spec.keyType}${spec.keyBits}`, found);
    });
  });
  const credential = (spec: { keyType: string; keyBits: number }) => {
    const found = credentials.get(`${spec.keyType}${spec.keyBits}`);
    if (!found) throw new Error("fixture missing");
    return found;
  };

  it.each(clientSpecs)(
    "gives a $keyType $keyBits key in Vault's PEM form, matching the certificate",
    (spec) => {
      const { certificatePem, privateKeyPem = "" } = credential(spec);
      const label = spec.keyType === "ec" ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
      expect(privateKeyPem.startsWith(`-----BEGIN ${label}-----`)).toBe(true);
      const key = importPrivateKeyPem(privateKeyPem);
      expect(keySpecOf(key)).toEqual({ type: spec.keyType, bits: spec.keyBits });
      expect(new NodeCertificate(certificatePem).checkPrivateKey(key)).toBe(true);
    },
  );

  it.each(clientSpecs)(
    "chains to the root with openssl -purpose sslclient ($keyType $keyBits)",
    async (spec) => {
      const result = await opensslVerify(
        ca().root.certificatePem,
        ca().intermediate.certificatePem,
        credential(spec).certificatePem,
        "sslclient",
      );
      expect(result.stdout.trim()).toBe("leaf.pem: OK");
    },
  );

  it("encodes the subject as OU=<scope id>, CN=<role id>, in that order, as PrintableString", () => {
    const certificatePem = credential(clientSpecs[1]).certificatePem;
    const [, , , , , subject] = tbsFields(certificatePem);
    if (!subject) throw new Error("no subject");
    expect(nameAttributes(subject)).toEqual([
      { oid: oidHex.organizationalUnit, tag: printableStringTag, value: scopeId },
      { oid: oidHex.commonName, tag: printableStringTag, value: roleId },
    ]);
    expect(new x509.X509Certificate(certificatePem).subject).toBe(`OU=${scopeId}, CN=${roleId}`);
  });

  it("has the client profile: KU critical, EKU clientAuth, SKI/AKI, no SAN", () => {
    const certificatePem = credential(clientSpecs[1]).certificatePem;
    const certificate = new x509.X509Certificate(certificatePem);
    const usages = certificate.getExtension(x509.KeyUsagesExtension);
    expect(usages?.critical).toBe(true);
    const { digitalSignature, keyEncipherment, keyAgreement } = x509.KeyUsageFlags;
    expect(usages?.usages).toBe(digitalSignature | keyEncipherment | keyAgreement);
    expect(certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
      x509.ExtendedKeyUsage.clientAuth,
    ]);
    expect(certificate.getExtension(x509.BasicConstraintsExtension)).toBeNull();
    expect(certificate.getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
    const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(ski).toBe(keyIdentifier(new NodeCertificate(certificatePem).publicKey));
    const intermediate = new x509.X509Certificate(ca().intermediate.certificatePem);
    expect(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      intermediate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    expect(certificate.issuer).toBe("CN=kmipd kmip intermediate");
  });

  it("signs with SHA-256 and the CA's algorithm, whatever the client key", () => {
    const name = caType === "ec" ? "ECDSA" : "RSASSA-PKCS1-v1_5";
    for (const spec of clientSpecs) {
      const certificate = new x509.X509Certificate(credential(spec).certificatePem);
      expect(certificate.signatureAlgorithm).toMatchObject({ name, hash: { name: "SHA-256" } });
    }
  });

  it("is valid from now − 30 s to now + ttl", () => {
    const { certificatePem, notAfter, notBefore } = credential(clientSpecs[0]);
    const certificate = new x509.X509Certificate(certificatePem);
    expect(certificate.notBefore.getTime()).toBe((nowSeconds - 30) * 1000);
    expect(certificate.notAfter.getTime()).toBe((nowSeconds + ttlSeconds) * 1000);
    expect(notAfter).toEqual(certificate.notAfter);
    expect(notBefore).toEqual(certificate.notBefore);
  });

  it("uses a 160-bit positive serial reported in decimal, and the chain [intermediate, root]", () => {
    for (const spec of clientSpecs) {
      const { certificatePem, serialNumber, caChain } = credential(spec);
      const octets = serialOctets(certificatePem);
      expect(octets).toHaveLength(20);
      expect(octets[0]).toBeGreaterThan(0);
      expect(octets[0]).toBeLessThan(0x80);
      expect(serialNumber).toMatch(/^[1-9][0-9]{40,48}$/);
      expect(serialFromDecimal(serialNumber)).toBe(Buffer.from(octets).toString("hex"));
      expect(caChain).toEqual([ca().intermediate.certificatePem, ca().root.certificatePem]);
    }
  });
});

describe("issueClientCertificate details", () => {
  it("shows `OU = …, CN = …` as PRINTABLESTRING in openssl x509 -text", async () => {
    const { certificatePem } = await issue(ecCa, "ec", 256);
    const text = await openssl(["x509", "-in", "c.pem", "-noout", "-text"], { "c.pem": certificatePem });
    expect(text.stdout).toContain(`Subject: OU = ${scopeId}, CN = ${roleId}`);
    expect(text.stdout).toContain("Signature Algorithm: ecdsa-with-SHA256");
    expect(text.stdout).toMatch(
      /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment, Key Agreement/,
    );
    expect(text.stdout).toMatch(/X509v3 Extended Key Usage: \s*TLS Web Client Authentication/);
    const typed = await openssl(
      ["x509", "-in", "c.pem", "-noout", "-subject", "-nameopt", "multiline,show_type"],
      {
        "c.pem": certificatePem,
      },
    );
    expect(typed.stdout).toContain(`organizationalUnitName    = PRINTABLESTRING:${scopeId}`);
    expect(typed.stdout).toContain(`commonName                = PRINTABLESTRING:${roleId}`);
  });

  it("adds SANs only when asked (beyond Vault, GH-24702)", async () => {
    const { certificatePem } = await issue(ecCa, "ec", 256, {
      altNames: { dnsNames: ["Client.Example.com"], ipAddresses: ["10.0.0.7", "2001:db8::1"] },
    });
    const text = await openssl(["x509", "-in", "c.pem", "-noout", "-ext", "subjectAltName"], {
      "c.pem": certificatePem,
    });
    expect(text.stdout).toContain(
      "DNS:client.example.com, IP Address:10.0.0.7, IP Address:2001:DB8:0:0:0:0:0:1",
    );
  });

  it("caps NotAfter at the issuing CA's NotAfter", async () => {
    const shortCa = await generateCaHierarchy({ keyType: "ec", keyBits: 256, ttlSeconds: 86400, now });
    const credential = await issueClientCertificate({
      ca: shortCa,
      scopeId,
      roleId,
      keyType: "ec",
      keyBits: 256,
      ttlSeconds,
      now,
    });
    expect(credential.notAfter).toEqual(shortCa.intermediate.notAfter);
  });

  it("refuses an expired CA", async () => {
    const later = new Date(now.getTime() + 2 * 86400_000);
    const shortCa = await generateCaHierarchy({ keyType: "ec", keyBits: 256, ttlSeconds: 86400, now });
    await expect(
      issueClientCertificate({
        ca: shortCa,
        scopeId,
        roleId,
        keyType: "ec",
        keyBits: 256,
        ttlSeconds,
        now: later,
      }),
    ).rejects.toMatchObject({ code: "bad-ttl" });
  });

  it.each([
    [{ keyType: "ed25519" }, "bad-key-type"],
    [{ keyBits: 192 }, "bad-key-bits"],
    [{ keyType: "rsa", keyBits: 256 }, "bad-key-bits"],
    [{ ttlSeconds: 0 }, "bad-ttl"],
    [{ ttlSeconds: -5 }, "bad-ttl"],
    [{ scopeId: "a_b" }, "bad-name"],
    [{ roleId: "" }, "bad-name"],
    [{ roleId: "é" }, "bad-name"],
    [{ scopeId: "x".repeat(65) }, "bad-name"],
    [{ altNames: { ipAddresses: ["10.0.0.300"] } }, "bad-name"],
    [{ altNames: { dnsNames: ["bad name"] } }, "bad-name"],
  ])("refuses %j", async (override, code) => {
    await expect(issue(ecCa, "ec", 256, override)).rejects.toMatchObject({ code });
  });

  it("refuses a CA whose key does not match its certificate", async () => {
    const broken = {
      ...ecCa,
      intermediate: { ...ecCa.intermediate, privateKeyPem: rsaCa.intermediate.privateKeyPem },
    };
    await expect(issue(broken, "ec", 256)).rejects.toThrowError(/does not match/);
  });
});

describe("RSA 4096 (the one slow test)", () => {
  it("issues an rsa 4096 client certificate under an rsa 4096 CA that openssl verifies", async () => {
    const ca = await generateCaHierarchy({ keyType: "rsa", keyBits: 4096, now });
    const credential = await issue(ca, "rsa", 4096);
    expect(keySpecOf(importPrivateKeyPem(credential.privateKeyPem ?? ""))).toEqual({
      type: "rsa",
      bits: 4096,
    });
    const result = await opensslVerify(
      ca.root.certificatePem,
      ca.intermediate.certificatePem,
      credential.certificatePem,
      "sslclient",
    );
    expect(result.stdout.trim()).toBe("leaf.pem: OK");
  }, 120_000);
});
