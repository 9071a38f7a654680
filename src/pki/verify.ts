import { X509Certificate as NodeCertificate } from "node:crypto";
import { PkiError, wrapParse } from "./errors.js";
import { decodePem, PemLabel } from "./pem.js";
import { serialToDecimal } from "./serial.js";
import { x509 } from "./x509.js";

/**
 * What the KMIP listener needs after a TLS handshake: which trusted CA issued the peer's
 * certificate, and the subject fields that name its scope and role (contract §3). The TLS layer
 * has already validated the path; this re-checks the issuing link, validity and EKU so that an
 * identity is never taken from a certificate the listener would not have accepted.
 */

export type SubjectField = "CN" | "O" | "OU" | "UID";

/** RFC 4519 attribute types; UID is RFC 4519 §2.39 (0.9.2342.19200300.100.1.1). */
const subjectFieldOids: Readonly<Record<SubjectField, string>> = {
  CN: "2.5.4.3",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  UID: "0.9.2342.19200300.100.1.1",
};

const anyExtendedKeyUsage = "2.5.29.37.0"; // RFC 5280 §4.2.1.12

export interface PeerCertificate {
  readonly der: Uint8Array;
  /** Every value of each field, in DER order (a field may repeat across RDNs). */
  readonly subjectFields: Readonly<Record<SubjectField, readonly string[]>>;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** No EKU extension (any purpose), or an EKU with clientAuth or anyExtendedKeyUsage (§4.2.1.12). */
  readonly clientAuthAllowed: boolean;
}

/** A CA the listener trusts for clients: the legacy CA or a named CA, with its chain as PEM. */
export interface TrustedCa {
  readonly name: string;
  readonly certificatesPem: readonly string[];
}

export interface VerifiedPeer extends PeerCertificate {
  /** The `name` of the trusted CA whose certificate signed the peer's. */
  readonly caName: string;
}

/** Parses a peer certificate (as `tls.TLSSocket#getPeerCertificate().raw` gives it). */
export function readPeerCertificate(der: Uint8Array): PeerCertificate {
  const certificate = wrapParse("bad-der", "the peer certificate does not parse", () => {
    const parsed = new x509.X509Certificate(der);
    void parsed.subject; // the library parses lazily; surface errors here
    return parsed;
  });
  const fields = (field: SubjectField) => certificate.subjectName.getField(subjectFieldOids[field]);
  const usages = certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages;
  return {
    der,
    subjectFields: { CN: fields("CN"), O: fields("O"), OU: fields("OU"), UID: fields("UID") },
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: serialToDecimal(certificate.serialNumber),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    clientAuthAllowed:
      usages === undefined ||
      usages.some((usage) => usage === x509.ExtendedKeyUsage.clientAuth || usage === anyExtendedKeyUsage),
  };
}

/** Intermediates the peer sent in its TLS chain: untrusted links towards a trusted CA. */
export interface PeerChainOptions {
  readonly intermediates?: readonly Uint8Array[];
}

/** Longest chain of untrusted intermediates we follow (the TLS layer enforces pathLen). */
const intermediatesDepthMax = 4;

/**
 * Checks that the peer certificate is within its validity at `now`, may be used for client
 * authentication, and chains (directly, or through intermediates the peer sent) to a currently
 * valid CA certificate of one of `trusted`. Returns the name of that trusted CA.
 */
export function verifyPeerCertificate(
  der: Uint8Array,
  trusted: readonly TrustedCa[],
  now: Date,
  options: PeerChainOptions = {},
): VerifiedPeer {
  const peer = readPeerCertificate(der);
  if (!isCurrent(peer, now))
    throw new PkiError("untrusted", "the client certificate is expired or not yet valid");
  if (!peer.clientAuthAllowed) {
    throw new PkiError("untrusted", "the client certificate's extended key usage does not allow clientAuth");
  }
  const anchors = trusted.flatMap((ca) =>
    ca.certificatesPem
      .flatMap((pem) => decodePem(pem, PemLabel.Certificate))
      .map((caDer) => ({ ca, der: caDer })),
  );
  const intermediates = (options.intermediates ?? []).map((link) => new NodeCertificate(link));
  const caName = findAnchor(new NodeCertificate(der), anchors, intermediates, now, intermediatesDepthMax);
  if (caName === undefined)
    throw new PkiError("untrusted", "the client certificate was not issued by a trusted CA");
  return { ...peer, caName };
}

interface Anchor {
  readonly ca: TrustedCa;
  readonly der: Uint8Array;
}

function findAnchor(
  subject: NodeCertificate,
  anchors: readonly Anchor[],
  intermediates: readonly NodeCertificate[],
  now: Date,
  depth: number,
): string | undefined {
  const anchor = anchors.find((candidate) => issued(subject, new NodeCertificate(candidate.der), now));
  if (anchor) return anchor.ca.name;
  if (depth === 0) return undefined;
  for (const link of intermediates) {
    if (link.raw.equals(subject.raw) || !issued(subject, link, now)) continue;
    const found = findAnchor(link, anchors, intermediates, now, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * RFC 5280 §6.1.3 (a): the signature verifies under the issuer's key, the issuer name matches,
 * and the issuer is a CA (§6.1.4 (k)) within its own validity.
 */
function issued(subject: NodeCertificate, issuer: NodeCertificate, now: Date): boolean {
  const current = isCurrent(new x509.X509Certificate(issuer.raw), now);
  return issuer.ca && current && subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

function isCurrent(validity: { notBefore: Date; notAfter: Date }, now: Date): boolean {
  return validity.notBefore.getTime() <= now.getTime() && now.getTime() <= validity.notAfter.getTime();
}

/** Where a scope or role comes from: a subject field, or a fixed name (contract §2.4 import). */
export type IdentitySource = { readonly field: SubjectField } | { readonly name: string };

export interface IdentityMapping {
  readonly scope: IdentitySource;
  readonly role: IdentitySource;
}

/** Generated CAs put the scope id in OU and the role id in CN (contract §3). */
export const generatedCaMapping: IdentityMapping = { scope: { field: "OU" }, role: { field: "CN" } };

export interface PeerIdentity {
  readonly scope: string;
  readonly role: string;
}

/**
 * The scope and role a certificate maps to. A mapped field must hold exactly one value: with two
 * OUs, say, either could be meant, and guessing would hand out a scope nobody granted.
 */
export function extractIdentity(peer: PeerCertificate, mapping: IdentityMapping): PeerIdentity {
  return { scope: resolve(peer, mapping.scope, "scope"), role: resolve(peer, mapping.role, "role") };
}

function resolve(peer: PeerCertificate, source: IdentitySource, what: string): string {
  if ("name" in source) return source.name;
  const values = peer.subjectFields[source.field];
  const [value, ...rest] = values;
  if (value === undefined || value === "" || rest.length > 0) {
    throw new PkiError(
      "no-identity",
      `the client certificate must carry exactly one ${source.field} for its ${what}, found ${values.length}`,
    );
  }
  return value;
}
