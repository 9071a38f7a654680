/** The mount's Certify CA: its own root and intermediate, made on first use, never a TLS trust anchor. */
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { certifyCaKey, NoCertificateAuthorityError } from "../../../src/engine/kmip/certify-ca.js";
import { encodePem, PemLabel } from "../../../src/pki/pem.js";
import { expectApiError, newEngine, opensslVerify, splitPem } from "./harness.js";

const spki = () =>
  new Uint8Array(
    generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" }),
  );
const subject: Record<string, string>[] = [{ OU: "finance" }, { CN: "signing key" }];

describe("the Certify CA", () => {
  it("does not exist before kmip/config", async () => {
    const kmip = await newEngine();
    const ca = kmip.backend.state.certificateAuthority();
    await expect(ca.issue({ publicKey: spki(), subject, now: new Date() })).rejects.toBeInstanceOf(
      NoCertificateAuthorityError,
    );
    await expectApiError(kmip.read("certify/ca"), 400, /kmip\/config/);
    expect(await kmip.storage.get(certifyCaKey)).toBeUndefined();
  });

  it("is made once, on first use, and signs what Certify issues; the TLS CA does not", async () => {
    const kmip = await newEngine();
    await kmip.write("config", {});
    const ca = kmip.backend.state.certificateAuthority();
    const now = new Date();
    // Concurrent first uses share one generation.
    const issued = await Promise.all([1, 2, 3].map(() => ca.issue({ publicKey: spki(), subject, now })));
    const certificates = issued.map((der) => new X509Certificate(der));
    expect(new Set(certificates.map((c) => c.issuer))).toEqual(new Set(["CN=kmipd certify intermediate"]));
    expect(certificates[0]?.subject).toBe("OU=finance\nCN=signing key");
    expect(certificates[0]?.ca).toBe(false);

    const certifyPem = (await kmip.read("certify/ca")).ca_pem as string;
    const tlsPem = (await kmip.read("ca")).ca_pem as string;
    expect(splitPem(certifyPem).map((pem) => new X509Certificate(pem).subject)).toEqual([
      "CN=kmipd certify intermediate",
      "CN=kmipd certify root",
    ]);
    const leaf = encodePem(PemLabel.Certificate, issued[0] as Uint8Array);
    expect(opensslVerify(certifyPem, leaf).trim()).toBe("leaf.pem: OK");
    expect(() => opensslVerify(tlsPem, leaf)).toThrow(); // the listeners' trust anchor never signs these
    const trusted = await kmip.backend.state.trustedClientCas("legacy");
    expect(trusted.flatMap((t) => t.certificatesPem)).not.toContain(splitPem(certifyPem)[1]);
  });

  it("is kept in the mount's storage: every read and issue uses the same chain", async () => {
    const kmip = await newEngine();
    await kmip.write("config", {});
    const first = (await kmip.read("certify/ca")).ca_pem;
    expect(await kmip.storage.get(certifyCaKey)).toBeDefined();
    const issued = await kmip.backend.state
      .certificateAuthority()
      .issue({ publicKey: spki(), subject, now: new Date() });
    expect(opensslVerify(first as string, encodePem(PemLabel.Certificate, issued)).trim()).toBe(
      "leaf.pem: OK",
    );
    expect((await kmip.read("certify/ca")).ca_pem).toBe(first);
  });
});
