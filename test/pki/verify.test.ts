import { beforeAll, describe, expect, it } from "vitest";
import { type CaHierarchy, generateCaHierarchy, loadIssuer } from "../../src/pki/ca.js";
import { type ClientCredential, issueClientCertificate } from "../../src/pki/client-cert.js";
import { generateKeyPair } from "../../src/pki/keys.js";
import { issueLeaf } from "../../src/pki/leaf.js";
import { decodeSinglePem } from "../../src/pki/pem.js";
import { clientExtensions } from "../../src/pki/profiles.js";
import { issueServerCertificate } from "../../src/pki/server-cert.js";
import {
  extractIdentity,
  generatedCaMapping,
  readPeerCertificate,
  type TrustedCa,
  verifyPeerCertificate,
} from "../../src/pki/verify.js";
import type { x509 } from "../../src/pki/x509.js";

const now = new Date();
const der = (pem: string) => decodeSinglePem(pem, "CERTIFICATE");
const uidOid = "0.9.2342.19200300.100.1.1";

let legacy: CaHierarchy;
let named: CaHierarchy;
let stranger: CaHierarchy;
let credential: ClientCredential;
let trusted: TrustedCa[];
beforeAll(async () => {
  [legacy, named, stranger] = await Promise.all([
    generateCaHierarchy({ keyType: "ec", keyBits: 256, now }),
    generateCaHierarchy({ keyType: "ec", keyBits: 224, commonNamePrefix: "kmipd kmip my-ca", now }),
    generateCaHierarchy({ keyType: "ec", keyBits: 256, now }),
  ]);
  credential = await issueClientCertificate({
    ca: named,
    scopeId: "sc0pe",
    roleId: "r0le",
    keyType: "ec",
    keyBits: 224,
    ttlSeconds: 3600,
    now,
  });
  trusted = [
    { name: "legacy", certificatesPem: [...legacy.caChain] },
    { name: "my-ca", certificatesPem: [...named.caChain] },
  ];
});

/** A leaf under `ca` with any subject, as an external CA might issue it. */
async function leafWithSubject(
  ca: CaHierarchy,
  subject: x509.JsonNameParams,
  withEku = true,
): Promise<Uint8Array> {
  const keys = await generateKeyPair({ type: "ec", bits: 256 });
  const leaf = await issueLeaf({
    issuer: loadIssuer(ca),
    subject,
    publicKey: keys.publicKey,
    extensions: (ids) =>
      clientExtensions(ids).filter((extension) => withEku || extension.type !== "2.5.29.37"),
    ttlSeconds: 3600,
    now,
  });
  return der(leaf.certificatePem);
}

describe("verifyPeerCertificate", () => {
  it("names the trusted CA that issued the certificate and reads its fields", () => {
    const peer = verifyPeerCertificate(der(credential.certificatePem), trusted, now);
    expect(peer.caName).toBe("my-ca");
    expect(peer.subjectFields).toEqual({ CN: ["r0le"], O: [], OU: ["sc0pe"], UID: [] });
    expect(peer.serialNumber).toBe(credential.serialNumber);
    expect(peer.notAfter).toEqual(credential.notAfter);
    expect(peer.clientAuthAllowed).toBe(true);
    expect(peer.issuer).toBe("CN=kmipd kmip my-ca intermediate");
    expect(extractIdentity(peer, generatedCaMapping)).toEqual({ scope: "sc0pe", role: "r0le" });
  });

  it("follows intermediates the peer sent when only the root is trusted", () => {
    const rootOnly: TrustedCa[] = [{ name: "root-only", certificatesPem: [named.root.certificatePem] }];
    expect(() => verifyPeerCertificate(der(credential.certificatePem), rootOnly, now)).toThrowError(
      expect.objectContaining({ code: "untrusted" }),
    );
    const peer = verifyPeerCertificate(der(credential.certificatePem), rootOnly, now, {
      intermediates: [der(named.intermediate.certificatePem)],
    });
    expect(peer.caName).toBe("root-only");
  });

  it("refuses a certificate from a CA it does not trust, even with the same names", async () => {
    const foreign = await issueClientCertificate({
      ca: stranger,
      scopeId: "sc0pe",
      roleId: "r0le",
      keyType: "ec",
      keyBits: 256,
      ttlSeconds: 3600,
      now,
    });
    const check = () =>
      verifyPeerCertificate(der(foreign.certificatePem), trusted, now, {
        intermediates: [der(stranger.intermediate.certificatePem)],
      });
    expect(check).toThrowError(
      expect.objectContaining({ code: "untrusted", message: expect.stringContaining("trusted CA") }),
    );
  });

  it("refuses an expired or not yet valid certificate", () => {
    const later = new Date(now.getTime() + 2 * 3600_000);
    const earlier = new Date(now.getTime() - 3600_000);
    for (const at of [later, earlier]) {
      expect(() => verifyPeerCertificate(der(credential.certificatePem), trusted, at)).toThrowError(
        /expired or not yet valid/,
      );
    }
  });

  it("refuses a certificate whose EKU lacks clientAuth (a server certificate)", async () => {
    const server = await issueServerCertificate({ ca: named, now });
    expect(readPeerCertificate(der(server.certificatePem)).clientAuthAllowed).toBe(false);
    expect(() => verifyPeerCertificate(der(server.certificatePem), trusted, now)).toThrowError(/clientAuth/);
  });

  it("treats a certificate without EKU as usable for any purpose (RFC 5280 §4.2.1.12)", async () => {
    const peerDer = await leafWithSubject(legacy, [{ CN: ["x"] }], false);
    expect(verifyPeerCertificate(peerDer, trusted, now).caName).toBe("legacy");
  });

  it("refuses bytes that are not a certificate", () => {
    expect(() => verifyPeerCertificate(Uint8Array.of(1, 2, 3), trusted, now)).toThrowError(
      expect.objectContaining({ code: "bad-der" }),
    );
  });
});

describe("extractIdentity for imported CAs", () => {
  const subject: x509.JsonNameParams = [
    { O: ["finance"] },
    { OU: ["payments"] },
    { CN: ["alice"] },
    { [uidOid]: ["u-1234"] },
  ];

  it.each([
    [
      { scope: { field: "O" }, role: { field: "CN" } },
      { scope: "finance", role: "alice" },
    ],
    [
      { scope: { field: "OU" }, role: { field: "UID" } },
      { scope: "payments", role: "u-1234" },
    ],
    [
      { scope: { name: "fixed-scope" }, role: { field: "O" } },
      { scope: "fixed-scope", role: "finance" },
    ],
    [
      { scope: { name: "s" }, role: { name: "r" } },
      { scope: "s", role: "r" },
    ],
  ] as const)("maps %j", async (mapping, expected) => {
    const peer = verifyPeerCertificate(await leafWithSubject(legacy, subject), trusted, now);
    expect(extractIdentity(peer, mapping)).toEqual(expected);
  });

  it("refuses a missing or repeated field rather than guessing", async () => {
    const peer = readPeerCertificate(
      await leafWithSubject(legacy, [{ OU: ["a"] }, { OU: ["b"] }, { CN: ["c"] }]),
    );
    expect(() => extractIdentity(peer, generatedCaMapping)).toThrowError(
      expect.objectContaining({ code: "no-identity", message: expect.stringContaining("found 2") }),
    );
    expect(() => extractIdentity(peer, { scope: { field: "UID" }, role: { field: "CN" } })).toThrowError(
      /found 0/,
    );
  });
});
