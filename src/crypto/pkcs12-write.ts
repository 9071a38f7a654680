/**
 * Writing a PKCS#12 PFX (RFC 7292) for a Get in Key Format Type PKCS#12 (KMIP 1.4 §4.11, 2.1
 * §6.1.19): one private key and its certificate chain, protected by one password.
 *
 * PFX { version 3, authSafe: data { AuthenticatedSafe }, MacData } where AuthenticatedSafe holds
 * - an encryptedData ContentInfo (RFC 7292 §4.1, RFC 2315 §13) whose SafeContents has a certBag
 *   per certificate, the end-entity one first, and
 * - a data ContentInfo whose SafeContents has the pkcs8ShroudedKeyBag (§4.2.2).
 * Both encryptions are PBES2 (`pkcs12-pbe.ts`), the MAC HMAC-SHA256 (`pkcs12-mac.ts`): the
 * layout OpenSSL 3 writes by default, which it and other readers accept. The key bag and the
 * end-entity certificate's bag carry the same friendlyName (§4.2, PKCS#9 BMPString; KMIP 1.4
 * §3.45 "PKCS#12 Friendly Name") and localKeyId (SHA-1 of that certificate, or of the key when
 * there is none), which is how readers pair them.
 */
import { createHash } from "node:crypto";
import { der, derExplicit, derInteger, derOctetString, derOid, derSequence } from "./der.js";
import { OID, TAG12 } from "./pkcs12-asn1.js";
import { macData } from "./pkcs12-mac.js";
import { pbes2Encrypt } from "./pkcs12-pbe.js";

export interface Pkcs12Contents {
  /** The private key as PKCS#8 PrivateKeyInfo (DER). */
  readonly privateKey: Uint8Array;
  /** X.509 certificates (DER), the end-entity certificate first, then each issuer. */
  readonly certificates: readonly Uint8Array[];
  readonly friendlyName: string;
}

/** DER SET OF: the elements sorted by their encodings (X.690 §11.6). */
function derSet(items: readonly Uint8Array[]): Uint8Array {
  const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
  return der(TAG12.SET, ...sorted);
}

/** UTF-16 big-endian, as a BMPString holds it. */
function bmp(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) >> 8;
    out[i * 2 + 1] = text.charCodeAt(i) & 0xff;
  }
  return out;
}

/** The PKCS12Attributes of a bag (RFC 7292 §4.2). */
function bagAttributes(friendlyName: string, localKeyId: Uint8Array): Uint8Array {
  const name = derSequence(derOid(OID.friendlyName), derSet([der(TAG12.BMP_STRING, bmp(friendlyName))]));
  const id = derSequence(derOid(OID.localKeyId), derSet([derOctetString(localKeyId)]));
  return derSet([name, id]);
}

function safeBag(bagId: string, value: Uint8Array, attributes?: Uint8Array): Uint8Array {
  const parts = [derOid(bagId), derExplicit(0, value)];
  return derSequence(...parts, ...(attributes === undefined ? [] : [attributes]));
}

function certBag(certificate: Uint8Array, attributes?: Uint8Array): Uint8Array {
  const value = derSequence(derOid(OID.x509Certificate), derExplicit(0, derOctetString(certificate)));
  return safeBag(OID.certBag, value, attributes);
}

/** ContentInfo of type data around `content` (RFC 2315 §8). */
function dataContentInfo(content: Uint8Array): Uint8Array {
  return derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
}

/** ContentInfo of type encryptedData (RFC 2315 §13) of `plaintext` SafeContents. */
function encryptedContentInfo(password: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const e = pbes2Encrypt(password, plaintext);
  const info = derSequence(derOid(OID.data), e.algorithm, der(TAG12.IMPLICIT_0, e.ciphertext));
  return derSequence(derOid(OID.encryptedData), derExplicit(0, derSequence(derInteger(0n), info)));
}

/** The PFX (DER) holding `contents`, encrypted and MACed under `password` (bytes of UTF-8 text). */
export function writePkcs12(contents: Pkcs12Contents, password: Uint8Array): Uint8Array {
  const [endEntity, ...issuers] = contents.certificates;
  const localKeyId = createHash("sha1")
    .update(endEntity ?? contents.privateKey)
    .digest();
  const attributes = bagAttributes(contents.friendlyName, localKeyId);
  const shrouded = pbes2Encrypt(password, contents.privateKey);
  const keyValue = derSequence(shrouded.algorithm, derOctetString(shrouded.ciphertext));
  const keySafe = derSequence(safeBag(OID.pkcs8ShroudedKeyBag, keyValue, attributes));
  const infos: Uint8Array[] = [];
  if (endEntity !== undefined) {
    const bags = [certBag(endEntity, attributes), ...issuers.map((c) => certBag(c))];
    infos.push(encryptedContentInfo(password, derSequence(...bags)));
  }
  infos.push(dataContentInfo(keySafe));
  const authSafe = derSequence(...infos);
  return derSequence(derInteger(3n), dataContentInfo(authSafe), macData(password, authSafe));
}
