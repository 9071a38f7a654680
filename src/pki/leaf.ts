import type { KeyObject } from "node:crypto";
import type { LoadedIssuer } from "./ca.js";
import { keyIdentifier, signCertificate, validityWindow } from "./certificate-builder.js";
import { encodePem, PemLabel } from "./pem.js";
import type { KeyIds } from "./profiles.js";
import { randomSerial, serialToDecimal } from "./serial.js";
import type { x509 } from "./x509.js";

/**
 * Issues an end-entity certificate under a loaded intermediate: the steps the server and client
 * profiles share (fresh 160-bit serial, backdated validity, SKI of the subject key, AKI of the
 * issuer, signature by the intermediate). The profile decides subject and extensions.
 */

export interface LeafRequest {
  readonly issuer: LoadedIssuer;
  readonly subject: x509.JsonNameParams;
  readonly publicKey: KeyObject;
  readonly extensions: (ids: KeyIds) => x509.Extension[];
  readonly ttlSeconds: number;
  readonly now: Date;
}

export interface IssuedLeaf {
  readonly certificatePem: string;
  /** Decimal form of the serial (contract §2.8 `serial_number`). */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** [intermediate, root] (contract §2.8 `ca_chain`). */
  readonly caChain: readonly [string, string];
}

export async function issueLeaf(request: LeafRequest): Promise<IssuedLeaf> {
  const { issuer } = request;
  const ids = { subjectKeyId: keyIdentifier(request.publicKey), authorityKeyId: issuer.keyId };
  const certificate = await signCertificate(
    {
      subject: request.subject,
      issuer: issuer.certificate.subjectName,
      serial: randomSerial(),
      ...validityWindow(request.now, request.ttlSeconds, issuer.certificate.notAfter),
      publicKey: request.publicKey,
      extensions: request.extensions(ids),
    },
    issuer.privateKey,
  );
  return {
    certificatePem: encodePem(PemLabel.Certificate, new Uint8Array(certificate.rawData)),
    serialNumber: serialToDecimal(certificate.serialNumber),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    caChain: issuer.caChain,
  };
}
