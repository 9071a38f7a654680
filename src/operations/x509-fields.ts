/**
 * The fields of an X.509 certificate (RFC 5280 §4.1) that KMIP attributes are made from, read
 * from its DER: the serial number, issuer and subject Names as they are encoded (KMIP 1.4
 * §3.10–3.12 / 2.1 §4.61–4.63 carry them as Byte Strings), their attribute values as text, the
 * signature algorithm, and the Subject / Issuer Alternative Name extensions (RFC 5280 §4.2.1.6–7).
 * Only reading: node:crypto has already accepted the certificate (`certificate-attributes.ts`).
 */
import { derRead, oidText } from "../crypto/der.js";

/** One TLV inside a constructed node, with its whole encoding. */
interface Span {
  readonly tag: number;
  readonly content: Uint8Array;
  readonly encoded: Uint8Array;
}

/** One AttributeTypeAndValue of a Name (RFC 5280 §4.1.2.4). */
export interface NameAttribute {
  readonly oid: string;
  /** The value's whole DER (for RFC 4514 "#hex" forms). */
  readonly encoded: Uint8Array;
  /** The value as text, when it is one of the string types. */
  readonly text?: string | undefined;
}

/** RelativeDistinguishedName → its attributes; a Name is the RDNs in encoded order. */
export type DistinguishedName = readonly (readonly NameAttribute[])[];

export interface X509Fields {
  /** The serialNumber INTEGER, tag and length included. */
  readonly serialNumberEncoded: Uint8Array;
  /** The serialNumber's content octets. */
  readonly serialNumber: Uint8Array;
  readonly issuerEncoded: Uint8Array;
  readonly subjectEncoded: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  /** The outer signatureAlgorithm's OID (RFC 5280 §4.1.1.2). */
  readonly signatureAlgorithm: string;
  /** GeneralName TLVs of the Subject / Issuer Alternative Name extensions. */
  readonly subjectAltNames: readonly Uint8Array[];
  readonly issuerAltNames: readonly Uint8Array[];
}

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const OID = 0x06;
const OCTET_STRING = 0x04;
const VERSION_TAG = 0xa0;
const EXTENSIONS_TAG = 0xa3;
const SUBJECT_ALT_NAME = "2.5.29.17";
const ISSUER_ALT_NAME = "2.5.29.18";

function spans(content: Uint8Array): Span[] {
  const out: Span[] = [];
  for (let at = 0; at < content.length; ) {
    const node = derRead(content, at);
    // Copies: the attributes made from these outlive the request's buffer.
    out.push({
      tag: node.tag,
      content: node.content,
      encoded: Uint8Array.from(content.subarray(at, node.end)),
    });
    at = node.end;
  }
  return out;
}

function expect(span: Span | undefined, tag: number, what: string): Span {
  if (span?.tag !== tag) throw new RangeError(`X.509: ${what} expected`);
  return span;
}

/** RFC 5280 §4.1.2.4 DirectoryString and the IA5String of emailAddress / domainComponent. */
function stringValue(span: Span): string | undefined {
  switch (span.tag) {
    case 0x0c: // UTF8String
      return new TextDecoder("utf-8", { fatal: true }).decode(span.content);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString, read as ISO 8859-1 (the common practice)
      return Buffer.from(span.content).toString("latin1");
    case 0x1e: // BMPString: UTF-16 big-endian
      return Buffer.from(span.content).swap16().toString("utf16le");
    default:
      return undefined;
  }
}

function readName(name: Span): DistinguishedName {
  return spans(name.content).map((rdn) =>
    spans(expect(rdn, SET, "RelativeDistinguishedName").content).map((atv) => {
      const [type, value] = spans(expect(atv, SEQUENCE, "AttributeTypeAndValue").content);
      if (value === undefined) throw new RangeError("X.509: attribute value expected");
      const oid = oidText(expect(type, OID, "attribute type").content);
      return { oid, encoded: value.encoded, text: stringValue(value) };
    }),
  );
}

/** The GeneralName TLVs of the extensions named `oid` (RFC 5280 §4.1.2.9, §4.2.1.6). */
function altNames(extensions: readonly Span[], oid: string): Uint8Array[] {
  for (const ext of extensions) {
    const parts = spans(expect(ext, SEQUENCE, "Extension").content);
    if (oidText(expect(parts[0], OID, "extnID").content) !== oid) continue;
    const value = expect(parts[parts.length - 1], OCTET_STRING, "extnValue");
    const names = spans(value.content)[0];
    return spans(expect(names, SEQUENCE, "GeneralNames").content).map((n) => n.encoded);
  }
  return [];
}

/** The fields of `der`, a DER Certificate; RangeError when it is not laid out as RFC 5280 says. */
export function readX509(der: Uint8Array): X509Fields {
  const [tbs, algorithm] = spans(expect(spans(der)[0], SEQUENCE, "Certificate").content);
  const fields = spans(expect(tbs, SEQUENCE, "TBSCertificate").content);
  const at = fields[0]?.tag === VERSION_TAG ? 1 : 0;
  const serial = expect(fields[at], INTEGER, "serialNumber");
  const issuer = expect(fields[at + 2], SEQUENCE, "issuer");
  const subject = expect(fields[at + 4], SEQUENCE, "subject");
  const extensionsField = fields.slice(at + 6).find((f) => f.tag === EXTENSIONS_TAG);
  const extensions = extensionsField
    ? spans(expect(spans(extensionsField.content)[0], SEQUENCE, "Extensions").content)
    : [];
  const algorithmOid = spans(expect(algorithm, SEQUENCE, "signatureAlgorithm").content)[0];
  return {
    serialNumberEncoded: serial.encoded,
    serialNumber: Uint8Array.from(serial.content),
    issuerEncoded: issuer.encoded,
    subjectEncoded: subject.encoded,
    issuer: readName(issuer),
    subject: readName(subject),
    signatureAlgorithm: oidText(expect(algorithmOid, OID, "algorithm").content),
    subjectAltNames: altNames(extensions, SUBJECT_ALT_NAME),
    issuerAltNames: altNames(extensions, ISSUER_ALT_NAME),
  };
}
