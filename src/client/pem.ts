/**
 * PEM bundles for the client's TLS identity. Some KMIP clients keep the certificate and its
 * private key in one file (MongoDB's `--kmipClientCertificateFile` does); `splitPem` separates
 * the blocks so either layout works (RFC 7468 §2: a block is BEGIN label … END label).
 */

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export interface PemParts {
  /** Every CERTIFICATE block, in file order (leaf first, then any chain). */
  readonly certificates: string;
  /** The first private key block (PKCS#8, PKCS#1 RSA, SEC1 EC, or encrypted PKCS#8), if any. */
  readonly key: string | undefined;
}

export function splitPem(text: string): PemParts {
  const certs: string[] = [];
  let key: string | undefined;
  for (const m of text.matchAll(BLOCK)) {
    const label = m[1] ?? "";
    if (label === "CERTIFICATE" || label === "TRUSTED CERTIFICATE") certs.push(m[0]);
    else if (label.endsWith("PRIVATE KEY") && key === undefined) key = m[0];
  }
  return { certificates: certs.map((c) => `${c}\n`).join(""), key };
}

/** Certificate and key for TLS: `key` when given, else the key inside the certificate file. */
export function tlsIdentity(cert: string, key?: string): { cert: string; key: string } {
  const parts = splitPem(cert);
  if (parts.certificates === "") throw new Error("the client certificate file holds no CERTIFICATE block");
  const ownKey = key ?? parts.key;
  if (ownKey === undefined) {
    throw new Error("no private key: pass one, or a certificate PEM that also holds it");
  }
  return { cert: parts.certificates, key: ownKey };
}
