import { constants, createPublicKey, type KeyObject, verify } from "node:crypto";
import { bitStringOctets, readChildren, readSequence } from "./der.js";
import { PkiError, wrapParse } from "./errors.js";
import { decodeSinglePem, PemLabel } from "./pem.js";
import { x509 } from "./x509.js";

/**
 * PKCS#10 certificate requests (RFC 2986) for `credential/sign` (contract §2.8). We take only
 * the public key from a CSR: its subject is replaced by the scope and role ids and its requested
 * extensions are ignored, because the certificate profile is the server's to decide. The CSR's
 * self-signature is still checked (RFC 2986 §3: it proves possession of the private key).
 *
 *   CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature }
 *   CertificationRequestInfo ::= SEQUENCE { version, subject, subjectPKInfo, attributes [0] }
 */

export interface VerifiedCsr {
  readonly publicKey: KeyObject;
  /** The subject the requester asked for (for logs; never copied into the certificate). */
  readonly subject: string;
}

/** Parses a PEM CSR and verifies its signature; any failure is a PkiError. */
export function parseVerifiedCsr(pem: string): VerifiedCsr {
  const der = decodeSinglePem(pem, PemLabel.CertificateRequest);
  const [info, , signatureElement] = wrapParse("bad-der", "the CSR is not a PKCS#10 request", () =>
    readSequence(der),
  );
  const spki = info ? readChildren(info)[2] : undefined;
  if (!info || !signatureElement || !spki) throw new PkiError("bad-der", "the CSR is not a PKCS#10 request");
  const request = wrapParse("bad-der", "the CSR is not a PKCS#10 request", () => {
    const parsed = new x509.Pkcs10CertificateRequest(der);
    return { subject: parsed.subject, algorithm: parsed.signatureAlgorithm as SignatureAlgorithm };
  });
  const publicKey = wrapParse("bad-der", "the CSR's public key does not parse", () =>
    createPublicKey({ key: Buffer.from(spki.encoded), format: "der", type: "spki" }),
  );
  const signature = bitStringOctets(signatureElement);
  if (!verifyRequestSignature(request.algorithm, info.encoded, publicKey, signature, hashNames, "the CSR")) {
    throw new PkiError("csr-signature", "the CSR's signature does not verify");
  }
  return { publicKey, subject: request.subject };
}

/** The library's WebCrypto-shaped algorithm (`HashedAlgorithm`, plus `saltLength` for PSS). */
export interface SignatureAlgorithm {
  readonly name: string;
  readonly hash?: { readonly name: string };
  readonly saltLength?: number;
}

/** Hashes accepted in CSR signatures; SHA-1 is refused as Go's x509 (and so Vault) refuses it. */
const hashNames: Readonly<Record<string, string>> = {
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

/**
 * Whether a PKCS#10 self-signature verifies, with the hashes `hashes` allows (WebCrypto name →
 * OpenSSL name); `what` names the request in errors ("the CSR"). Throws a PkiError for a hash or
 * algorithm it does not take, or a key that does not fit the algorithm.
 */
export function verifyRequestSignature(
  algorithm: SignatureAlgorithm,
  data: Uint8Array,
  key: KeyObject,
  signature: Uint8Array,
  hashes: Readonly<Record<string, string>>,
  what: string,
): boolean {
  const hash = hashes[algorithm.hash?.name ?? ""];
  if (!hash) throw unsupported(algorithm, what);
  const options = verifyOptions(algorithm, key);
  try {
    return verify(hash, data, options, signature);
  } catch (error) {
    // A key that does not fit the algorithm (an EC key under an RSA signature) lands here.
    throw new PkiError("csr-signature", `${what}'s signature does not verify`, { cause: error });
  }
}

/** ECDSA signatures are DER (RFC 3279 §2.2.3); RSA-PSS carries its salt length (RFC 4055 §3.1). */
function verifyOptions(algorithm: SignatureAlgorithm, key: KeyObject) {
  switch (algorithm.name) {
    case "ECDSA":
      return { key, dsaEncoding: "der" as const };
    case "RSASSA-PKCS1-v1_5":
      return { key, padding: constants.RSA_PKCS1_PADDING };
    case "RSA-PSS":
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength ?? 20 };
    default:
      throw unsupported(algorithm, "the request");
  }
}

function unsupported(algorithm: SignatureAlgorithm, what: string): PkiError {
  const name = [algorithm.name, algorithm.hash?.name].filter(Boolean).join(" with ");
  return new PkiError("csr-signature", `unsupported signature algorithm ${name} in ${what}`);
}
