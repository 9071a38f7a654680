/**
 * What Certify and Re-certify share (KMIP 1.4 §4.7–4.8, 2.1 §6.1.6, §6.1.45): the key and subject
 * to certify, taken from a certificate request ("The Certificate Request is passed as a Byte
 * String, which allows multiple certificate request types for X.509 certificates (e.g., PKCS#10,
 * PEM, etc.)") or from the server's objects, the issue by the mount's Certify CA, and the
 * attributes the new certificate gets.
 *
 * - PKCS#10 (DER) and PEM (a PEM-wrapped PKCS#10) requests are read and their signature must
 *   verify (proof of possession, `src/pki/certify-csr.ts`); CRMF and PGP requests are refused
 *   (Feature Not Supported). A request that is not a signed request of its type is 1.4 §11.8
 *   "does not contain a signed certificate request of the specified Certificate Request Type" →
 *   Invalid Field; 2.x Invalid CSR (2.1 §6.1.6.1).
 * - A request without its Certificate Request Type is Invalid Message (1.4 Table 184: "REQUIRED
 *   if the Certificate Request is present"); a type without a request is Invalid Field.
 * - "Object specified is not able to be certified" (1.4 §11.8): 1.x Permission Denied; 2.x Invalid
 *   Object Type (2.1 §6.1.6.1 lists no Permission Denied for it).
 * - Only X.509 certificates are issued: a Certificate Type other than X.509 asked in the
 *   attributes is Feature Not Supported.
 */
import { createPublicKey } from "node:crypto";
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import {
  CertificateRequestType,
  CertificateType,
  ObjectType,
  ResultReason,
} from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { verifyCertifyCsr } from "../pki/certify-csr.js";
import { decodeSinglePem, PemLabel } from "../pki/pem.js";
import { x509 } from "../pki/x509.js";
import { firstValue, invalidField } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { certificateAttributes } from "./certificate-attributes.js";
import { openKey } from "./crypto-key.js";
import { type ManagedObjectValue, openMaterial } from "./material.js";
import { featureNotSupported } from "./reasons.js";
import type { CertificateIssue, OperationContext } from "./types.js";

export type Subject = CertificateIssue["subject"];

export interface RequestedKey {
  readonly publicKey: Uint8Array;
  readonly subject: Subject;
}

/** A certificate request as the payload carries it (Certificate Request Type and bytes). */
export interface CertificateRequestInput {
  readonly certificateRequestType?: number | undefined;
  readonly certificateRequestValue?: Uint8Array | undefined;
}

/** "Object specified is not able to be certified": 1.4 §11.8–11.9; 2.1 §6.1.6.1, §6.1.45.1. */
export function notCertifiable(version: KmipVersion, message: string, cause?: unknown): KmipError {
  const reason = version >= 20 ? ResultReason.InvalidObjectType : ResultReason.PermissionDenied;
  return new KmipError(reason, message, { cause });
}

/** A request that is not a signed request of its type: 1.x Invalid Field, 2.x Invalid CSR. */
function invalidRequest(version: KmipVersion, cause: unknown): KmipError {
  const reason = version >= 20 ? ResultReason.InvalidCSR : ResultReason.InvalidField;
  const message = "the Certificate Request is not a signed PKCS#10 request that verifies";
  return new KmipError(reason, message, { cause });
}

function requestDer(type: number, value: Uint8Array, version: KmipVersion): Uint8Array {
  if (type === CertificateRequestType.PKCS_10) return value;
  if (type !== CertificateRequestType.PEM)
    throw featureNotSupported("only PKCS#10 and PEM certificate requests are accepted");
  try {
    return decodeSinglePem(Buffer.from(value).toString("utf8"), PemLabel.CertificateRequest);
  } catch (e) {
    throw invalidRequest(version, e);
  }
}

/** Whether the payload carries a certificate request; a type alone is Invalid Field. */
export function hasCertificateRequest(request: CertificateRequestInput): boolean {
  if (request.certificateRequestValue !== undefined) return true;
  if (request.certificateRequestType !== undefined)
    throw invalidField("a Certificate Request Type needs its Certificate Request");
  return false;
}

/** The key and subject of a verified PKCS#10 request. */
export function fromCertificateRequest(request: CertificateRequestInput, version: KmipVersion): RequestedKey {
  const { certificateRequestType: type, certificateRequestValue: value } = request;
  if (value === undefined) throw invalidField("no Certificate Request was given");
  if (type === undefined)
    throw new KmipError(
      ResultReason.InvalidMessage,
      "a Certificate Request needs its Certificate Request Type",
    );
  const der = requestDer(type, value, version);
  try {
    return verifyCertifyCsr(der);
  } catch (e) {
    throw invalidRequest(version, e);
  }
}

/** The request of a stored Certificate Request object (2.x: Certify and Re-certify may name one). */
export function fromCertificateRequestObject(obj: StoredObject, ctx: OperationContext): RequestedKey {
  const value = obj.material === undefined ? undefined : openMaterial(ctx, obj.uid, obj.material);
  if (value?.type !== "certificateRequest")
    throw notCertifiable(ctx.version, "the Certificate Request object holds no request");
  return fromCertificateRequest(value.value, ctx.version);
}

/** The SubjectPublicKeyInfo of a stored Public Key. */
export function publicKeyOf(obj: StoredObject, ctx: OperationContext): Uint8Array {
  if (obj.objectType !== ObjectType.PublicKey)
    throw notCertifiable(ctx.version, "Certify certifies a Public Key or a Certificate Request");
  const { key } = openKey(obj, ctx);
  return new Uint8Array(key.export({ format: "der", type: "spki" }));
}

/** Key and subject of a stored X.509 Certificate (the one Re-certify renews). */
export function fromCertificateObject(obj: StoredObject, ctx: OperationContext): RequestedKey {
  if (obj.objectType !== ObjectType.Certificate)
    throw notCertifiable(ctx.version, "Re-certify renews a Certificate");
  const value = obj.material === undefined ? undefined : openMaterial(ctx, obj.uid, obj.material);
  if (value?.type !== "certificate" || value.value.certificateType !== CertificateType.X_509)
    throw notCertifiable(ctx.version, "only X.509 certificates held by the server can be renewed");
  try {
    const cert = new x509.X509Certificate(Buffer.from(value.value.certificateValue));
    const spki = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: "der", type: "spki" });
    return {
      publicKey: new Uint8Array(spki.export({ format: "der", type: "spki" })),
      subject: new Uint8Array(cert.subjectName.toArrayBuffer()),
    };
  } catch (e) {
    throw notCertifiable(ctx.version, "the existing certificate's key cannot be read", e);
  }
}

/** Certificate Type, when the attributes ask for one, must be X.509. */
export function checkCertificateType(template: readonly Attribute[]): void {
  const type = firstValue(template, "Certificate Type");
  if (type !== undefined && type !== CertificateType.X_509)
    throw featureNotSupported("only X.509 certificates are issued");
}

/** The certificate the mount's Certify CA issues; a mount without one cannot certify. */
export async function issue(ctx: OperationContext, key: RequestedKey): Promise<ManagedObjectValue> {
  const ca = ctx.certificateAuthority;
  if (ca === undefined) throw featureNotSupported("this mount has no certificate authority");
  const der = await ca.issue({ publicKey: key.publicKey, subject: key.subject, now: ctx.now() });
  return { type: "certificate", value: { certificateType: CertificateType.X_509, certificateValue: der } };
}

/**
 * The new certificate's attributes: the requested ones, overridden by those the server extracts
 * from the certificate it issued ("the information in the Certificate Request takes precedence").
 */
export function issuedAttributes(requested: readonly Attribute[], object: ManagedObjectValue): Attribute[] {
  const derived = certificateAttributes(
    object.value as { certificateType: number; certificateValue: Uint8Array },
  );
  const names = new Set(derived.map((a) => a.name));
  return [...requested.filter((a) => !names.has(a.name)), ...derived];
}
