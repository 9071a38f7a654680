/**
 * Which key and chain of a PKCS#12 file a Register takes (KMIP 1.4 §3.45, 2.1 §4.39): "If
 * supplied … the alias/friendly name under which the private key and its associated certificate
 * chain SHALL be found in the Key Material. If no such alias/friendly name is supplied, the server
 * SHALL record the alias/friendly name (if any) it finds for the first Private Key". The name is
 * matched ignoring case (its ASN.1 EQUALITY MATCHING RULE is caseIgnoreMatch).
 *
 * The key's certificate is the one holding its public key; the chain follows each certificate's
 * issuer among the others, up to a self-signed one or the last issuer the file holds.
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { invalidField } from "./errors.js";
import type { Pkcs12Entry, Pkcs12Read } from "./pkcs12-read.js";

export interface Pkcs12Selection {
  /** PKCS#8 PrivateKeyInfo (DER). */
  readonly privateKey: Uint8Array;
  readonly friendlyName?: string;
  /** The key's certificate first, then each issuer (DER). */
  readonly chain: Uint8Array[];
}

/** The key named `friendlyName` (else the first) and its chain; Invalid Field when absent. */
export function selectPkcs12(read: Pkcs12Read, friendlyName?: string): Pkcs12Selection {
  const wanted = friendlyName?.toLowerCase();
  const entry =
    wanted === undefined
      ? read.privateKeys[0]
      : read.privateKeys.find((k) => k.friendlyName?.toLowerCase() === wanted);
  if (entry === undefined)
    throw invalidField(
      wanted === undefined
        ? "PKCS#12: the file holds no private key"
        : "PKCS#12: no private key has this friendly name",
    );
  const key = privateKeyOf(entry);
  const certificates = read.certificates.map((c) => certificateOf(c));
  const name = entry.friendlyName ?? friendlyName;
  return {
    privateKey: entry.der,
    chain: chainOf(key, certificates),
    ...(name === undefined ? {} : { friendlyName: name }),
  };
}

function privateKeyOf(entry: Pkcs12Entry): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(entry.der), format: "der", type: "pkcs8" });
  } catch (e) {
    throw invalidField("PKCS#12: the private key does not parse", e);
  }
}

function certificateOf(entry: Pkcs12Entry): X509Certificate {
  try {
    return new X509Certificate(entry.der);
  } catch (e) {
    throw invalidField("PKCS#12: a certificate does not parse", e);
  }
}

function chainOf(key: KeyObject, certificates: X509Certificate[]): Uint8Array[] {
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  let current = certificates.find((c) => c.publicKey.export({ format: "der", type: "spki" }).equals(spki));
  const chain: Uint8Array[] = [];
  while (current !== undefined && chain.length < certificates.length) {
    chain.push(current.raw);
    if (current.checkIssued(current)) break;
    const child: X509Certificate = current;
    current = certificates.find((c) => c !== child && child.checkIssued(c));
  }
  return chain;
}
