/**
 * Every standard attribute: the codec of its value and the versions whose attribute lists
 * (KMIP 1.0–1.4 §3, KMIP 2.0/2.1 §4) have it. The attribute name is its tag's spec name, which
 * is the name a KMIP 1.x Attribute Name carries and the tag a KMIP 2.x Attributes item has.
 */

import {
  boolean,
  bytes,
  type Codec,
  type CodecValue,
  dateTime,
  enumeration,
  identifier,
  integer,
  interval,
  resolveTag,
  text,
} from "../schema/index.js";
import type { TagInfo } from "../tables.js";
import type { KmipVersion } from "../version.js";
import {
  AlternativeName,
  ApplicationSpecificInformation,
  CertificateIdentifier,
  CertificateIssuer,
  CertificateSubject,
  CryptographicDomainParameters,
  CryptographicParameters,
  Digest,
  KeyValueLocation,
  Link,
  Name,
  RevocationReason,
  RNGParameters,
  RotateName,
  UsageLimits,
  X509CertificateIdentifier,
  X509CertificateIssuer,
  X509CertificateSubject,
} from "./attribute-values.js";

/** Value codecs, by attribute name (KMIP 1.4 §3.1–3.49, KMIP 2.1 §4.1–4.63). */
export const ATTRIBUTE_CODECS = {
  "Unique Identifier": identifier,
  Name: Name,
  "Object Type": enumeration,
  "Cryptographic Algorithm": enumeration,
  "Cryptographic Length": integer,
  "Cryptographic Parameters": CryptographicParameters,
  "Cryptographic Domain Parameters": CryptographicDomainParameters,
  "Certificate Type": enumeration,
  "Certificate Length": integer,
  "X.509 Certificate Identifier": X509CertificateIdentifier,
  "X.509 Certificate Subject": X509CertificateSubject,
  "X.509 Certificate Issuer": X509CertificateIssuer,
  "Certificate Identifier": CertificateIdentifier,
  "Certificate Subject": CertificateSubject,
  "Certificate Issuer": CertificateIssuer,
  "Digital Signature Algorithm": enumeration,
  Digest: Digest,
  "Operation Policy Name": text,
  "Cryptographic Usage Mask": integer,
  "Lease Time": interval,
  "Usage Limits": UsageLimits,
  State: enumeration,
  "Initial Date": dateTime,
  "Activation Date": dateTime,
  "Process Start Date": dateTime,
  "Protect Stop Date": dateTime,
  "Deactivation Date": dateTime,
  "Destroy Date": dateTime,
  "Compromise Occurrence Date": dateTime,
  "Compromise Date": dateTime,
  "Revocation Reason": RevocationReason,
  "Archive Date": dateTime,
  "Object Group": text,
  Fresh: boolean,
  Link: Link,
  "Application Specific Information": ApplicationSpecificInformation,
  "Contact Information": text,
  "Last Change Date": dateTime,
  "Alternative Name": AlternativeName,
  "Key Value Present": boolean,
  "Key Value Location": KeyValueLocation,
  "Original Creation Date": dateTime,
  "Random Number Generator": RNGParameters,
  "PKCS#12 Friendly Name": text,
  Description: text,
  Comment: text,
  Sensitive: boolean,
  "Always Sensitive": boolean,
  Extractable: boolean,
  "Never Extractable": boolean,
  "Certificate Subject CN": text,
  "Certificate Subject O": text,
  "Certificate Subject OU": text,
  "Certificate Subject Email": text,
  "Certificate Subject C": text,
  "Certificate Subject ST": text,
  "Certificate Subject L": text,
  "Certificate Subject UID": text,
  "Certificate Subject Serial Number": text,
  "Certificate Subject Title": text,
  "Certificate Subject DC": text,
  "Certificate Subject DN Qualifier": text,
  "Certificate Issuer CN": text,
  "Certificate Issuer O": text,
  "Certificate Issuer OU": text,
  "Certificate Issuer Email": text,
  "Certificate Issuer C": text,
  "Certificate Issuer ST": text,
  "Certificate Issuer L": text,
  "Certificate Issuer UID": text,
  "Certificate Issuer Serial Number": text,
  "Certificate Issuer Title": text,
  "Certificate Issuer DC": text,
  "Certificate Issuer DN Qualifier": text,
  "Key Format Type": enumeration,
  "NIST Key Type": enumeration,
  "Opaque Data Type": enumeration,
  "Protection Level": enumeration,
  "Protection Period": interval,
  "Protection Storage Mask": integer,
  "Quantum Safe": boolean,
  "Short Unique Identifier": bytes,
  "Rotate Automatic": boolean,
  "Rotate Date": dateTime,
  "Rotate Generation": integer,
  "Rotate Interval": interval,
  "Rotate Latest": boolean,
  "Rotate Name": RotateName,
  "Rotate Offset": interval,
} as const;

export type StandardAttributeName = keyof typeof ATTRIBUTE_CODECS;

/** The value type of each standard attribute. */
export type AttributeValueTypes = { [K in StandardAttributeName]: CodecValue<(typeof ATTRIBUTE_CODECS)[K]> };

/** [since, until] of each attribute, from the attribute lists of each version. */
const RANGES: Partial<Record<StandardAttributeName, readonly [KmipVersion, KmipVersion?]>> = {
  // KMIP 1.0 §3.9–3.11, §3.13: deprecated in 1.1 (replaced by X.509 …), not in 2.0.
  "Certificate Identifier": [10, 20],
  "Certificate Subject": [10, 20],
  "Certificate Issuer": [10, 20],
  "Operation Policy Name": [10, 20],
  // KMIP 1.1 §3.9–3.12, §3.16, §3.34.
  "Certificate Length": [11],
  "X.509 Certificate Identifier": [11],
  "X.509 Certificate Subject": [11],
  "X.509 Certificate Issuer": [11],
  "Digital Signature Algorithm": [11],
  Fresh: [11],
  // KMIP 1.2 §3.40–3.43.
  "Alternative Name": [12],
  "Key Value Present": [12],
  "Key Value Location": [12],
  "Original Creation Date": [12],
  // KMIP 1.3 §3.44.
  "Random Number Generator": [13],
  // KMIP 1.4 §3.45–3.51.
  "PKCS#12 Friendly Name": [14],
  Description: [14],
  Comment: [14],
  Sensitive: [14],
  "Always Sensitive": [14],
  Extractable: [14],
  "Never Extractable": [14],
  // KMIP 2.0 §4: attributes that were only tags (or nothing) before.
  "Key Format Type": [20],
  "NIST Key Type": [20],
  "Opaque Data Type": [20],
  "Protection Level": [20],
  "Protection Period": [20],
  "Protection Storage Mask": [20],
  "Quantum Safe": [20],
  "Short Unique Identifier": [20],
  // KMIP 2.1 §4.48–4.54.
  "Rotate Automatic": [21],
  "Rotate Date": [21],
  "Rotate Generation": [21],
  "Rotate Interval": [21],
  "Rotate Latest": [21],
  "Rotate Name": [21],
  "Rotate Offset": [21],
};

/** KMIP 2.0 §4.6 Certificate Attributes: 24 text attributes, one per name component. */
const CERTIFICATE_COMPONENT =
  /^Certificate (Subject|Issuer) (CN|O|OU|Email|C|ST|L|UID|Serial Number|Title|DC|DN Qualifier)$/;

export interface AttributeDef {
  readonly name: StandardAttributeName;
  readonly tag: TagInfo;
  readonly codec: Codec<unknown>;
  readonly since: KmipVersion;
  readonly until: KmipVersion | undefined;
}

function defineAttribute(name: StandardAttributeName): AttributeDef {
  const tag = resolveTag(name);
  const range = RANGES[name] ?? (CERTIFICATE_COMPONENT.test(name) ? [20] : [10]);
  return { name, tag, codec: ATTRIBUTE_CODECS[name].bind(tag), since: range[0], until: range[1] };
}

export const ATTRIBUTES: readonly AttributeDef[] = (
  Object.keys(ATTRIBUTE_CODECS) as StandardAttributeName[]
).map(defineAttribute);

/** One attribute of the canonical list (see `src/kmip/attributes.ts`). */
export interface Attribute {
  /** Spec name, or "<vendor>-<name>" for a custom attribute (1.x "x-…"/"y-…"). */
  name: string;
  /** KMIP 1.x Attribute Index; 2.x has none. */
  index?: number;
  /**
   * Typed value (`AttributeValueTypes[name]`) of a standard attribute; the raw Attribute Value
   * item of a custom or unknown one; undefined only where 1.x allows no value (Notify).
   */
  value: unknown;
  /** A KMIP 1.x Template-Attribute `Name` referring to a Template object (deprecated in 1.3). */
  templateReference?: true;
}

const byName = new Map<string, AttributeDef>(ATTRIBUTES.map((a) => [a.name, a]));
const byTag = new Map<number, AttributeDef>(ATTRIBUTES.map((a) => [a.tag.tag, a]));

export function attributeDef(name: string): AttributeDef | undefined {
  return byName.get(name);
}

export function attributeDefByTag(tag: number): AttributeDef | undefined {
  return byTag.get(tag);
}

/** Vendor ids are [A-Za-z0-9_.] (2.1 §4.60), so the first "-" separates vendor and name. */
export function splitCustomName(name: string): { vendor: string; name: string } | undefined {
  const dash = name.indexOf("-");
  if (dash <= 0 || byName.has(name)) return undefined;
  return { vendor: name.slice(0, dash), name: name.slice(dash + 1) };
}

export function isCustomAttribute(name: string): boolean {
  return splitCustomName(name) !== undefined;
}
