/**
 * PKCS#10 certificate requests for KMIP Certify and Re-certify (KMIP 1.4 §4.7–4.8, 2.1 §6.1.6,
 * §6.1.45): the request's public key and subject, after its self-signature has verified
 * (RFC 2986 §3: "The signature … proves possession of the private key").
 *
 * Unlike `csr.ts` (`credential/sign`, which refuses SHA-1 as Vault does), the proof of possession
 * may be signed with SHA-1 here, because KMIP clients send such requests (OASIS TC_134, KMIP 1.1
 * and 1.2). That is safe: the signature only shows that the requester holds the private key of
 * the public key in the request, at the time of the request, and a SHA-1 collision would at most
 * let someone get a certificate for a key they could equally have named by its Unique Identifier
 * (Certify of a stored Public Key needs no proof at all). The certificate itself is signed by
 * the Certify CA with SHA-256 or stronger, and nothing of the request other than its key and its
 * subject reaches it. MD5 and MD2 are still refused.
 *
 *   CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature }
 *   CertificationRequestInfo ::= SEQUENCE { version, subject, subjectPKInfo, attributes [0] }
 */
import { createPublicKey } from "node:crypto";
import { type SignatureAlgorithm, verifyRequestSignature } from "./csr.js";
import { bitStringOctets, readChildren, readSequence } from "./der.js";
import { PkiError, wrapParse } from "./errors.js";
import { x509 } from "./x509.js";

export interface CertifyCsr {
  /** The requested key, as a DER SubjectPublicKeyInfo. */
  readonly publicKey: Uint8Array;
  /** The requested subject, as its DER Name. */
  readonly subject: Uint8Array;
}

/** Hashes accepted for the proof of possession (see the header for SHA-1). */
const HASHES: Readonly<Record<string, string>> = {
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

const notPkcs10 = "the Certificate Request is not a PKCS#10 request";

/** Parses a DER PKCS#10 request and verifies its signature; any failure is a PkiError. */
export function verifyCertifyCsr(der: Uint8Array): CertifyCsr {
  const [info, , signatureElement] = wrapParse("bad-der", notPkcs10, () => readSequence(der));
  const parts = info === undefined ? [] : wrapParse("bad-der", notPkcs10, () => readChildren(info));
  const subject = parts[1];
  const spki = parts[2];
  if (!info || !signatureElement || !subject || !spki) throw new PkiError("bad-der", notPkcs10);
  wrapParse(
    "bad-der",
    "the request's subject is not an X.501 Name",
    () => new x509.Name(Buffer.from(subject.encoded)),
  );
  const algorithm = wrapParse(
    "bad-der",
    notPkcs10,
    () => new x509.Pkcs10CertificateRequest(der).signatureAlgorithm as SignatureAlgorithm,
  );
  const publicKey = wrapParse("bad-der", "the request's public key does not parse", () =>
    createPublicKey({ key: Buffer.from(spki.encoded), format: "der", type: "spki" }),
  );
  const signature = wrapParse("bad-der", notPkcs10, () => bitStringOctets(signatureElement));
  if (
    !verifyRequestSignature(algorithm, info.encoded, publicKey, signature, HASHES, "the Certificate Request")
  )
    throw new PkiError("csr-signature", "the Certificate Request's signature does not verify");
  return {
    publicKey: new Uint8Array(publicKey.export({ format: "der", type: "spki" })),
    subject: new Uint8Array(subject.encoded),
  };
}
