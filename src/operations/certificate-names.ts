/**
 * Certificate names and algorithms as KMIP attributes give them:
 * - a Distinguished Name as a string (1.4 §3.13–3.15 Text Strings): RFC 4514 — the RDNs last to
 *   first, "," between them, "+" inside one, the short names of RFC 4514 §3 and otherwise the
 *   dotted OID with "#" and the value's BER in hex (§2.3–2.4);
 * - the 2.x Certificate Attributes (2.1 §4.6): "Certificate Subject CN" … "Certificate Issuer DN
 *   Qualifier", one instance per value of that component;
 * - a GeneralName as text (dNSName, rfc822Name, URI, iPAddress; RFC 5280 §4.2.1.6);
 * - Digital Signature Algorithm (1.4 §9.1.3.2.7; 2.1 §11.16) of a signatureAlgorithm OID
 *   (RFC 3279 §2.2, RFC 4055 §5, RFC 5758 §3, NIST CSOR for SHA-3).
 */
import type { Attribute } from "../kmip/attributes.js";
import { DigitalSignatureAlgorithm as D } from "../kmip/generated/enums.js";
import type { DistinguishedName, NameAttribute } from "./x509-fields.js";

/** RFC 4514 §3. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.6": "C",
  "2.5.4.9": "STREET",
  "0.9.2342.19200300.100.1.25": "DC",
  "0.9.2342.19200300.100.1.1": "UID",
};

/** 2.1 §4.6 Table 37: the component of each Certificate Subject / Issuer attribute. */
const COMPONENTS: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "1.2.840.113549.1.9.1": "Email",
  "2.5.4.6": "C",
  "2.5.4.8": "ST",
  "2.5.4.7": "L",
  "0.9.2342.19200300.100.1.1": "UID",
  "2.5.4.5": "Serial Number",
  "2.5.4.12": "Title",
  "0.9.2342.19200300.100.1.25": "DC",
  "2.5.4.46": "DN Qualifier",
};

const SIGNATURE_ALGORITHMS: Readonly<Record<string, number>> = {
  "1.2.840.113549.1.1.2": D.MD2WithRSAEncryption,
  "1.2.840.113549.1.1.4": D.MD5WithRSAEncryption,
  "1.2.840.113549.1.1.5": D.SHA_1WithRSAEncryption,
  "1.2.840.113549.1.1.14": D.SHA_224WithRSAEncryption,
  "1.2.840.113549.1.1.11": D.SHA_256WithRSAEncryption,
  "1.2.840.113549.1.1.12": D.SHA_384WithRSAEncryption,
  "1.2.840.113549.1.1.13": D.SHA_512WithRSAEncryption,
  "1.2.840.113549.1.1.10": D.RSASSA_PSS,
  "1.2.840.10040.4.3": D.DSAWithSHA_1,
  "2.16.840.1.101.3.4.3.1": D.DSAWithSHA224,
  "2.16.840.1.101.3.4.3.2": D.DSAWithSHA256,
  "1.2.840.10045.4.1": D.ECDSAWithSHA_1,
  "1.2.840.10045.4.3.1": D.ECDSAWithSHA224,
  "1.2.840.10045.4.3.2": D.ECDSAWithSHA256,
  "1.2.840.10045.4.3.3": D.ECDSAWithSHA384,
  "1.2.840.10045.4.3.4": D.ECDSAWithSHA512,
  "2.16.840.1.101.3.4.3.14": D.SHA3_256WithRSAEncryption,
  "2.16.840.1.101.3.4.3.15": D.SHA3_384WithRSAEncryption,
  "2.16.840.1.101.3.4.3.16": D.SHA3_512WithRSAEncryption,
};

/** The Digital Signature Algorithm of a signatureAlgorithm OID; undefined when KMIP has none for it. */
export function signatureAlgorithmOf(oid: string): number | undefined {
  return SIGNATURE_ALGORITHMS[oid];
}

/** RFC 4514 §2.4: escape the specials, a leading "#" or space, a trailing space, and NUL. */
function escapeValue(text: string): string {
  let out = text.replace(/[\\,+"<>;]/g, (c) => `\\${c}`).replace(/\0/g, "\\00");
  if (out.startsWith("#") || out.startsWith(" ")) out = `\\${out}`;
  if (out.endsWith(" ") && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function attributeText(a: NameAttribute): string {
  const short = SHORT_NAMES[a.oid];
  if (short !== undefined && a.text !== undefined) return `${short}=${escapeValue(a.text)}`;
  return `${a.oid}=#${Buffer.from(a.encoded).toString("hex")}`;
}

/** The RFC 4514 string of a Name. */
export function distinguishedNameText(name: DistinguishedName): string {
  return [...name]
    .reverse()
    .map((rdn) => rdn.map(attributeText).join("+"))
    .join(",");
}

/** 2.1 §4.6 attributes of one Name: `${prefix} CN` and so on, in the order the Name holds them. */
export function nameComponents(
  prefix: "Certificate Subject" | "Certificate Issuer",
  name: DistinguishedName,
): Attribute[] {
  return name.flat().flatMap((a) => {
    const component = COMPONENTS[a.oid];
    if (component === undefined || a.text === undefined) return [];
    return [{ name: `${prefix} ${component}`, value: a.text }];
  });
}

/** iPAddress octets as text: dotted IPv4, or eight colon-separated groups of IPv6. */
function ipText(octets: Uint8Array): string | undefined {
  if (octets.length === 4) return [...octets].join(".");
  if (octets.length !== 16) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0)).toString(16));
  return groups.join(":");
}

/** A GeneralName TLV as text, for the kinds that are text or an address; undefined otherwise. */
export function generalNameText(encoded: Uint8Array): string | undefined {
  const tag = encoded[0];
  const length = encoded[1] ?? 0;
  if (length >= 0x80) {
    const count = length & 0x7f;
    return generalNameBody(tag, encoded.subarray(2 + count));
  }
  return generalNameBody(tag, encoded.subarray(2));
}

function generalNameBody(tag: number | undefined, body: Uint8Array): string | undefined {
  const ascii = () => Buffer.from(body).toString("latin1");
  switch (tag) {
    case 0x81: // rfc822Name [1] IA5String
    case 0x82: // dNSName [2]
    case 0x86: // uniformResourceIdentifier [6]
      return ascii();
    case 0x87: // iPAddress [7] OCTET STRING
      return ipText(body);
    default:
      return undefined;
  }
}
