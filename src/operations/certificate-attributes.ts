/**
 * The attributes the server sets from a certificate it is given (Register) — KMIP 1.4 §3.8–3.16,
 * 2.1 §4.6–4.8, §4.22, §4.61–4.63: each "SHALL be set by the server based on the information it
 * extracts from the X.509 certificate that is created … or registered". All versions' attributes
 * are stored; `attributesForVersion` shows each client those of its version:
 *
 * - Certificate Type; Certificate Length, "the length in bytes of the Certificate object" (1.1+);
 * - X.509 Certificate Identifier / Subject / Issuer (1.1+): the issuer and subject Names as
 *   encoded, the serialNumber INTEGER as encoded (as the OASIS cases TC-CERTATTR-1 and TC-ECC-3
 *   give it), alternative names from the extensions (RFC 5280 §4.2.1.6–7);
 * - Certificate Identifier / Subject / Issuer (1.x, deprecated in 1.1): the same as text, Names
 *   as RFC 4514 strings and the serial number in hex;
 * - Digital Signature Algorithm (1.1+), from the certificate's signatureAlgorithm;
 * - Cryptographic Algorithm and Length of the certified public key (1.4 §3.4–3.5 apply them to
 *   certificates; TC-132, TC-CERTATTR-1);
 * - 2.x Certificate Attributes (2.1 §4.6): "Certificate Subject CN" … one per name component.
 *
 * An X.509 certificate that does not parse is refused (Invalid Field): the server could not set
 * the attributes that "SHALL always have a value" for it.
 */
import { X509Certificate } from "node:crypto";
import { describeKey } from "../crypto/index.js";
import type { Attribute } from "../kmip/attributes.js";
import { CertificateType } from "../kmip/generated/enums.js";
import { invalidField } from "../policy/index.js";
import {
  distinguishedNameText,
  generalNameText,
  nameComponents,
  signatureAlgorithmOf,
} from "./certificate-names.js";
import { readX509, type X509Fields } from "./x509-fields.js";

export interface CertificateValue {
  readonly certificateType: number;
  readonly certificateValue: Uint8Array;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** The fields of an X.509 certificate, or Invalid Field when it is not one. */
function parse(der: Uint8Array): { fields: X509Fields; cert: X509Certificate } {
  try {
    return { fields: readX509(der), cert: new X509Certificate(der) };
  } catch {
    throw invalidField("the Certificate Value is not a DER-encoded X.509 certificate");
  }
}

/** Cryptographic Algorithm and Length of the certified key, when the server knows its kind. */
function publicKeyAttributes(cert: X509Certificate): Attribute[] {
  try {
    const key = describeKey(cert.publicKey);
    if (key.algorithm === undefined) return [];
    return [
      { name: "Cryptographic Algorithm", value: key.algorithm },
      { name: "Cryptographic Length", value: key.lengthBits },
    ];
  } catch {
    return []; // a key type or curve this server does not handle: nothing to say about it
  }
}

function textNames(names: readonly Uint8Array[]): string[] {
  return names.flatMap((n) => generalNameText(n) ?? []);
}

function x509Attributes(fields: X509Fields): Attribute[] {
  const issuerText = distinguishedNameText(fields.issuer);
  const subjectAlt = fields.subjectAltNames;
  const issuerAlt = fields.issuerAltNames;
  const out: Attribute[] = [
    {
      name: "X.509 Certificate Identifier",
      value: {
        issuerDistinguishedName: fields.issuerEncoded,
        certificateSerialNumber: fields.serialNumberEncoded,
      },
    },
    {
      name: "X.509 Certificate Subject",
      value: { subjectDistinguishedName: fields.subjectEncoded, subjectAlternativeName: [...subjectAlt] },
    },
    {
      name: "X.509 Certificate Issuer",
      value: { issuerDistinguishedName: fields.issuerEncoded, issuerAlternativeName: [...issuerAlt] },
    },
    { name: "Certificate Identifier", value: { issuer: issuerText, serialNumber: hex(fields.serialNumber) } },
    {
      name: "Certificate Subject",
      value: {
        certificateSubjectDistinguishedName: distinguishedNameText(fields.subject),
        certificateSubjectAlternativeName: textNames(subjectAlt),
      },
    },
    {
      name: "Certificate Issuer",
      value: {
        certificateIssuerDistinguishedName: issuerText,
        certificateIssuerAlternativeName: textNames(issuerAlt),
      },
    },
  ];
  const algorithm = signatureAlgorithmOf(fields.signatureAlgorithm);
  if (algorithm !== undefined) out.push({ name: "Digital Signature Algorithm", value: algorithm });
  return [
    ...out,
    ...nameComponents("Certificate Subject", fields.subject),
    ...nameComponents("Certificate Issuer", fields.issuer),
  ];
}

/** Every attribute the server sets from `certificate` (see the header). */
export function certificateAttributes(certificate: CertificateValue): Attribute[] {
  const out: Attribute[] = [
    { name: "Certificate Type", value: certificate.certificateType },
    { name: "Certificate Length", value: certificate.certificateValue.length },
  ];
  if (certificate.certificateType !== CertificateType.X_509) return out;
  const { fields, cert } = parse(certificate.certificateValue);
  return [...out, ...x509Attributes(fields), ...publicKeyAttributes(cert)];
}
