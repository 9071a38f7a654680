import { createHash, type KeyObject, sign } from "node:crypto";
import { bitStringOctets, encodeBitString, encodeSequence, readSequence } from "./der.js";
import { PkiError } from "./errors.js";
import { keySpecOf, spkiDer } from "./keys.js";
import { serialToHex } from "./serial.js";
import { x509 } from "./x509.js";

/**
 * Builds and signs an X.509 v3 certificate (RFC 5280 §4.1). @peculiar/x509 lays out the
 * TBSCertificate (names, validity, extensions); node:crypto signs it. We cannot hand the signing
 * to WebCrypto because it lacks P-224, so we let the library emit the certificate with a
 * placeholder signature, take its TBSCertificate and AlgorithmIdentifier bytes as they are,
 * sign the TBS bytes with the CA's key, and reassemble
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 *
 * The TBS bytes are never re-encoded, so the signature covers exactly what was serialized.
 */

export interface CertificateTemplate {
  /** Subject as JSON RDNs, in DER order (the first RDN is encoded first). */
  readonly subject: x509.JsonNameParams | x509.Name;
  /** The issuer's subject, byte-for-byte (RFC 5280 §4.1.2.4), or the subject when self-signed. */
  readonly issuer: x509.JsonNameParams | x509.Name;
  readonly serial: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  readonly extensions: readonly x509.Extension[];
}

/**
 * The signature algorithm is SHA-256 with the signer's key type for every key size: ecdsa-with-
 * SHA256 (RFC 5758 §3.2) or sha256WithRSAEncryption (RFC 4055 §5). Vault does the same; its
 * sample client certificates are ecdsa-with-SHA256 even under a P-521 CA (contract §3).
 */
function signingAlgorithmFor(signerKey: KeyObject): { name: string; hash: string } {
  const spec = keySpecOf(signerKey);
  if (!spec) throw new Error(`unsupported CA key type ${signerKey.asymmetricKeyType}`);
  return spec.type === "ec"
    ? { name: "ECDSA", hash: "SHA-256" }
    : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
}

/** Placeholder long enough for the library's ECDSA signature formatter; it is replaced below. */
const placeholderSignature = new Uint8Array(64).fill(1);

/** Signs `template` with `signerKey` and returns the parsed certificate. */
export async function signCertificate(
  template: CertificateTemplate,
  signerKey: KeyObject,
): Promise<x509.X509Certificate> {
  const unsigned = await x509.X509CertificateGenerator.create({
    serialNumber: serialToHex(template.serial),
    subject: toName(template.subject),
    issuer: toName(template.issuer),
    notBefore: template.notBefore,
    notAfter: template.notAfter,
    publicKey: spkiDer(template.publicKey),
    extensions: [...template.extensions],
    signingAlgorithm: signingAlgorithmFor(signerKey),
    signature: placeholderSignature,
  });
  const [tbs, algorithm] = readSequence(new Uint8Array(unsigned.rawData));
  if (!tbs || !algorithm) throw new Error("the certificate generator produced no TBSCertificate");
  // node:crypto returns ECDSA signatures as a DER ECDSA-Sig-Value, the form X.509 stores
  // (RFC 3279 §2.2.3, RFC 5758 §3.2), and RSA signatures as PKCS#1 v1.5 (RFC 8017 §8.2).
  const signature = sign("sha256", tbs.encoded, signerKey);
  const certificate = encodeSequence([tbs.encoded, algorithm.encoded, encodeBitString(signature)]);
  return new x509.X509Certificate(certificate);
}

function toName(name: x509.JsonNameParams | x509.Name): x509.Name {
  return name instanceof x509.Name ? name : new x509.Name(name);
}

/**
 * Key identifier method (1) of RFC 5280 §4.2.1.2: the SHA-1 of the subjectPublicKey BIT STRING
 * value (without tag, length and unused-bits octet), as hex. Used for SKI and, taken from the
 * issuer, for AKI keyIdentifier (§4.2.1.1).
 */
export function keyIdentifier(publicKey: KeyObject): string {
  const [, subjectPublicKey] = readSequence(spkiDer(publicKey));
  if (!subjectPublicKey) throw new Error("SubjectPublicKeyInfo without a key");
  return createHash("sha1").update(bitStringOctets(subjectPublicKey)).digest("hex");
}

/** The validity window start: Vault backdates NotBefore by 30 seconds for clock skew (§3). */
export const backdateSeconds = 30;

/** GeneralizedTime stops at 9999-12-31T23:59:59Z (RFC 5280 §4.1.2.5 uses it for "no end"). */
const notAfterMaxMs = Date.UTC(9999, 11, 31, 23, 59, 59);

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * NotBefore = now − 30 s, NotAfter = now + ttl, both on whole seconds because UTCTime and
 * GeneralizedTime carry no fractions in certificates (RFC 5280 §4.1.2.5.1, §4.1.2.5.2).
 * With `issuerNotAfter`, NotAfter is capped there: a certificate that outlives its issuer fails
 * path validation after the issuer expires anyway (RFC 5280 §6.1.3 (a)(2)), and capping keeps
 * credential generation working in a CA's last days instead of refusing it.
 */
export function validityWindow(now: Date, ttlSeconds: number, issuerNotAfter?: Date): Validity {
  checkTtlSeconds(ttlSeconds);
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  if (Number.isNaN(nowMs)) throw new PkiError("bad-ttl", "the current time is not a valid date");
  const notAfterMs = Math.min(
    nowMs + ttlSeconds * 1000,
    issuerNotAfter?.getTime() ?? notAfterMaxMs,
    notAfterMaxMs,
  );
  if (notAfterMs <= nowMs) throw new PkiError("bad-ttl", "the issuing CA has expired");
  return { notBefore: new Date(nowMs - backdateSeconds * 1000), notAfter: new Date(notAfterMs) };
}

/** A TTL is a positive whole number of seconds; the API layer has parsed durations already. */
export function checkTtlSeconds(ttlSeconds: number): void {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new PkiError("bad-ttl", `ttl must be a positive whole number of seconds, got ${ttlSeconds}`);
  }
}
