/**
 * The certificate KMIP Certify and Re-certify issue (KMIP 1.4 §4.7–4.8) under a mount's Certify
 * CA: the client's public key, a subject from its certificate request (or the server's default),
 * a fresh 160-bit serial, one year of validity (capped at the issuer's), signed with SHA-256
 * (`certificate-builder.ts`).
 *
 * The Certify CA is a CA of its own that no KMIP listener trusts (`src/engine/kmip/certify-ca.ts`),
 * so these certificates cannot act as credentials towards kmipd whatever their subject, and the
 * profile need not restrict their purpose: no Extended Key Usage. BasicConstraints cA=FALSE
 * (critical) keeps them from issuing further; the Key Usage follows the key type (RFC 5280
 * §4.2.1.3: RSA keys sign and transport keys, EC keys sign and agree keys). No alternative names
 * or other extensions are copied from requests.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { type IssuingCa, loadIssuer } from "./ca.js";
import { keyIdentifier, signCertificate, validityWindow } from "./certificate-builder.js";
import { randomSerial } from "./serial.js";
import { x509 } from "./x509.js";

/** One year, as Vault's named-CA default. */
export const certifyTtlSecondsDefault = 365 * 24 * 60 * 60;

export interface CertifyRequest {
  readonly issuer: IssuingCa;
  /** DER SubjectPublicKeyInfo of the key to certify. */
  readonly publicKey: Uint8Array;
  /** DER Name, or RDNs in encoding order. */
  readonly subject: Uint8Array | readonly Record<string, string>[];
  readonly now: Date;
}

function subjectName(subject: CertifyRequest["subject"]): x509.Name {
  if (subject instanceof Uint8Array) return new x509.Name(Buffer.from(subject));
  return new x509.Name(
    subject.map((rdn) => Object.fromEntries(Object.entries(rdn).map(([k, v]) => [k, [v]]))),
  );
}

function keyUsages(publicKey: KeyObject): number {
  const { KeyUsageFlags } = x509;
  const second =
    publicKey.asymmetricKeyType === "ec" ? KeyUsageFlags.keyAgreement : KeyUsageFlags.keyEncipherment;
  return KeyUsageFlags.digitalSignature | second;
}

/** The DER of the issued certificate. */
export async function issueCertifiedKey(request: CertifyRequest): Promise<Uint8Array> {
  const issuer = loadIssuer(request.issuer);
  const publicKey = createPublicKey({ key: Buffer.from(request.publicKey), format: "der", type: "spki" });
  const certificate = await signCertificate(
    {
      subject: subjectName(request.subject),
      issuer: issuer.certificate.subjectName,
      serial: randomSerial(),
      ...validityWindow(request.now, certifyTtlSecondsDefault, issuer.certificate.notAfter),
      publicKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(keyUsages(publicKey), true),
        new x509.SubjectKeyIdentifierExtension(keyIdentifier(publicKey), false),
        new x509.AuthorityKeyIdentifierExtension(issuer.keyId, false),
      ],
    },
    issuer.privateKey,
  );
  return new Uint8Array(certificate.rawData);
}
