import { X509Certificate as NodeCertificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type CaHierarchy, generateCaHierarchy } from "../../src/pki/ca.js";
import { importPrivateKeyPem, keySpecOf } from "../../src/pki/keys.js";
import { issueServerCertificate } from "../../src/pki/server-cert.js";
import { x509 } from "../../src/pki/x509.js";
import { openssl, opensslVerify } from "./helpers.js";

const now = new Date();
let ecCa: CaHierarchy;
let rsaCa: CaHierarchy;
beforeAll(async () => {
  [ecCa, rsaCa] = await Promise.all([
    generateCaHierarchy({ keyType: "ec", keyBits: 384, now }),
    generateCaHierarchy({ keyType: "rsa", keyBits: 2048, now }),
  ]);
});

const sanText = async (certificatePem: string) =>
  (await openssl(["x509", "-in", "s.pem", "-noout", "-ext", "subjectAltName"], { "s.pem": certificatePem }))
    .stdout;

describe("issueServerCertificate", () => {
  it("defaults to CN=localhost with localhost, 127.0.0.1 and ::1 as SANs (contract §2.2)", async () => {
    const server = await issueServerCertificate({ ca: ecCa, now });
    const certificate = new x509.X509Certificate(server.certificatePem);
    expect(certificate.subject).toBe("CN=localhost");
    expect(await sanText(server.certificatePem)).toContain(
      "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
    );
    expect(server.dnsNames).toEqual(["localhost"]);
    expect(server.ipAddresses).toEqual(["127.0.0.1", "::1"]);
  });

  it("uses the first hostname as CN, all hostnames and IPs as SANs, loopbacks always", async () => {
    const server = await issueServerCertificate({
      ca: ecCa,
      serverHostnames: ["myhostname1", "kmip.example.com", "myhostname1"],
      serverIps: ["192.168.1.2", "::1"],
      now,
    });
    expect(new x509.X509Certificate(server.certificatePem).subject).toBe("CN=myhostname1");
    expect(await sanText(server.certificatePem)).toContain(
      "DNS:myhostname1, DNS:kmip.example.com, IP Address:192.168.1.2, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.0.1",
    );
  });

  it.each([
    ["ec", () => ecCa, { type: "ec", bits: 384 }],
    ["rsa", () => rsaCa, { type: "rsa", bits: 2048 }],
  ] as const)("has the server profile and a key of the %s CA's type and size", async (_, ca, spec) => {
    const server = await issueServerCertificate({ ca: ca(), now });
    const certificate = new x509.X509Certificate(server.certificatePem);
    const usages = certificate.getExtension(x509.KeyUsagesExtension);
    expect(usages?.critical).toBe(true);
    expect(usages?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    expect(certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
      x509.ExtendedKeyUsage.serverAuth,
    ]);
    expect(certificate.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();
    expect(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)).not.toBeNull();
    const key = importPrivateKeyPem(server.privateKeyPem);
    expect(server.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----")).toBe(true);
    expect(keySpecOf(key)).toEqual(spec);
    expect(new NodeCertificate(server.certificatePem).checkPrivateKey(key)).toBe(true);
    const verified = await opensslVerify(
      ca().root.certificatePem,
      ca().intermediate.certificatePem,
      server.certificatePem,
      "sslserver",
    );
    expect(verified.stdout.trim()).toBe("leaf.pem: OK");
    expect(server.caChain).toEqual(ca().caChain);
  });

  it("defaults to one year and takes a ttl", async () => {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const byDefault = await issueServerCertificate({ ca: ecCa, now });
    expect(byDefault.notAfter.getTime()).toBe((nowSeconds + 365 * 86400) * 1000);
    const short = await issueServerCertificate({ ca: ecCa, ttlSeconds: 600, now });
    expect(short.notAfter.getTime()).toBe((nowSeconds + 600) * 1000);
  });

  it.each([
    [{ serverHostnames: ["bad host"] }],
    [{ serverHostnames: ["-leading.example"] }],
    [{ serverHostnames: ["ünïcode.example"] }],
    [{ serverHostnames: [`${"a".repeat(60)}.example.com`] }],
    [{ serverIps: ["300.1.1.1"] }],
    [{ serverIps: ["localhost"] }],
  ])("refuses %j", async (request) => {
    await expect(issueServerCertificate({ ca: ecCa, now, ...request })).rejects.toMatchObject({
      code: "bad-name",
    });
  });
});
