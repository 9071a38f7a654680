/**
 * Reading a PKCS#12 PFX (RFC 7292) for a Register in Key Format Type PKCS#12 (KMIP 1.4 §3.45,
 * 2.1 §4.39): every private key and certificate it holds, with their friendlyName and
 * localKeyId bag attributes.
 *
 * - Integrity: the password mode (MacData, `pkcs12-mac.ts`) is checked when present; the
 *   public-key mode (signedData authSafe) is Key Format Type Not Supported.
 * - Privacy: data and encryptedData ContentInfos (`pkcs12-pbe.ts`); envelopedData is not
 *   supported. keyBag, pkcs8ShroudedKeyBag, certBag (x509Certificate) and one level of
 *   safeContentsBag are read; CRL and secret bags are skipped (KMIP asks for keys and chains).
 * - DER only: a BER file (indefinite lengths, constructed strings) is Invalid Field.
 */
import { der, TAG } from "./der.js";
import { formatNotSupported, invalidField } from "./errors.js";
import {
  childrenOf,
  contentOf,
  explicitZero,
  type Node,
  OID,
  oidOf,
  parseNode,
  smallInteger,
  TAG12,
} from "./pkcs12-asn1.js";
import { verifyMacData } from "./pkcs12-mac.js";
import { pbeDecrypt } from "./pkcs12-pbe.js";

const SAFE_CONTENTS_BAG = "1.2.840.113549.1.12.10.1.6";

export interface Pkcs12Entry {
  /** PKCS#8 PrivateKeyInfo for a key, the certificate for a certificate (DER). */
  readonly der: Uint8Array;
  readonly friendlyName?: string;
  readonly localKeyId?: Uint8Array;
}

export interface Pkcs12Read {
  readonly privateKeys: Pkcs12Entry[];
  readonly certificates: Pkcs12Entry[];
}

/** The keys and certificates of `pfx` under `password` (see the header). */
export function readPkcs12(pfx: Uint8Array, password: Uint8Array): Pkcs12Read {
  const [versionNode, authSafe, mac] = childrenOf(parseNode(pfx, "PFX"), TAG.SEQUENCE, "PFX");
  if (smallInteger(versionNode, "PFX version") !== 3) throw invalidField("PKCS#12: the PFX version is not 3");
  const { type, content } = contentInfo(authSafe);
  if (type !== OID.data) throw formatNotSupported("PKCS#12: only password integrity is supported");
  const authenticated = contentOf(content, TAG.OCTET_STRING, "authSafe content");
  if (mac !== undefined) verifyMacData(mac, password, authenticated);
  const out: Pkcs12Read = { privateKeys: [], certificates: [] };
  for (const info of childrenOf(
    parseNode(authenticated, "AuthenticatedSafe"),
    TAG.SEQUENCE,
    "AuthenticatedSafe",
  ))
    readSafeContents(safeContentsOf(info, password), password, out, 0);
  return out;
}

function contentInfo(node: Node | undefined): { type: string; content: Node } {
  const [typeNode, wrapped] = childrenOf(node, TAG.SEQUENCE, "ContentInfo");
  return { type: oidOf(typeNode, "ContentInfo type"), content: explicitZero(wrapped, "ContentInfo content") };
}

/** The SafeContents DER of one ContentInfo of the AuthenticatedSafe. */
function safeContentsOf(info: Node, password: Uint8Array): Uint8Array {
  const { type, content } = contentInfo(info);
  if (type === OID.data) return contentOf(content, TAG.OCTET_STRING, "data content");
  if (type !== OID.encryptedData)
    throw formatNotSupported(`PKCS#12: the content type ${type} is not supported`);
  const [, encryptedContentInfo] = childrenOf(content, TAG.SEQUENCE, "EncryptedData");
  const [, algorithm, encrypted] = childrenOf(encryptedContentInfo, TAG.SEQUENCE, "EncryptedContentInfo");
  if (algorithm === undefined) return invalidShape("EncryptedContentInfo");
  return pbeDecrypt(algorithm, password, contentOf(encrypted, TAG12.IMPLICIT_0, "encryptedContent"));
}

function readSafeContents(data: Uint8Array, password: Uint8Array, out: Pkcs12Read, depth: number): void {
  for (const bag of childrenOf(parseNode(data, "SafeContents"), TAG.SEQUENCE, "SafeContents")) {
    const [idNode, valueNode, attributes] = childrenOf(bag, TAG.SEQUENCE, "SafeBag");
    const id = oidOf(idNode, "bagId");
    const value = explicitZero(valueNode, "bagValue");
    const named = { ...bagAttributes(attributes) };
    if (id === OID.keyBag) out.privateKeys.push({ der: der(value.tag, value.content), ...named });
    else if (id === OID.pkcs8ShroudedKeyBag)
      out.privateKeys.push({ der: shrouded(value, password), ...named });
    else if (id === OID.certBag) pushCertificate(value, named, out);
    else if (id === SAFE_CONTENTS_BAG && depth === 0)
      readSafeContents(der(value.tag, value.content), password, out, depth + 1);
  }
}

/** EncryptedPrivateKeyInfo (RFC 5958 §3) → PrivateKeyInfo. */
function shrouded(value: Node, password: Uint8Array): Uint8Array {
  const [algorithm, data] = childrenOf(value, TAG.SEQUENCE, "EncryptedPrivateKeyInfo");
  if (algorithm === undefined) return invalidShape("EncryptedPrivateKeyInfo");
  return pbeDecrypt(algorithm, password, contentOf(data, TAG.OCTET_STRING, "encryptedData"));
}

/** CertBag (RFC 7292 §4.2.3); certificates other than X.509 are skipped. */
function pushCertificate(value: Node, named: Omit<Pkcs12Entry, "der">, out: Pkcs12Read): void {
  const [typeNode, certValue] = childrenOf(value, TAG.SEQUENCE, "CertBag");
  if (oidOf(typeNode, "certId") !== OID.x509Certificate) return;
  const cert = contentOf(explicitZero(certValue, "certValue"), TAG.OCTET_STRING, "certificate");
  out.certificates.push({ der: cert, ...named });
}

function bagAttributes(set: Node | undefined): Omit<Pkcs12Entry, "der"> {
  if (set === undefined) return {};
  let friendlyName: string | undefined;
  let localKeyId: Uint8Array | undefined;
  for (const attribute of childrenOf(set, TAG12.SET, "bagAttributes")) {
    const [idNode, values] = childrenOf(attribute, TAG.SEQUENCE, "PKCS12Attribute");
    const [first] = childrenOf(values, TAG12.SET, "attrValues");
    const id = oidOf(idNode, "attrId");
    if (id === OID.friendlyName) friendlyName = utf16be(contentOf(first, TAG12.BMP_STRING, "friendlyName"));
    if (id === OID.localKeyId) localKeyId = contentOf(first, TAG.OCTET_STRING, "localKeyId");
  }
  return Object.assign(
    {},
    friendlyName === undefined ? {} : { friendlyName },
    localKeyId === undefined ? {} : { localKeyId },
  );
}

function utf16be(data: Uint8Array): string {
  if (data.length % 2 !== 0) return invalidShape("BMPString");
  let text = "";
  for (let i = 0; i < data.length; i += 2)
    text += String.fromCharCode(((data[i] as number) << 8) | (data[i + 1] as number));
  return text;
}

function invalidShape(what: string): never {
  throw invalidField(`PKCS#12: malformed ${what}`);
}
