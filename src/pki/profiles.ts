import { x509 } from "./x509.js";

/**
 * The extension sets of the four certificate kinds, as Vault's KMIP engine emits them
 * (contract §3, from decoded sample certificates). Each function is a profile: it decides the
 * extensions and their criticality and nothing else.
 */

const { KeyUsageFlags } = x509;

/** Root: BasicConstraints CA:TRUE pathlen 10 and KU keyCertSign+cRLSign, both critical. */
export const rootPathLength = 10;
/** Intermediate: one less than the root, pathlen 9 (contract §3). */
export const intermediatePathLength = 9;

/** Subject and authority key identifiers as hex (see `keyIdentifier`). */
export interface KeyIds {
  readonly subjectKeyId: string;
  /** Absent only for a self-signed root, where it would repeat the SKI (RFC 5280 §4.2.1.1). */
  readonly authorityKeyId?: string;
}

/**
 * CA certificates. RFC 5280 §4.2.1.9: BasicConstraints MUST be critical in CA certificates;
 * §4.2.1.3: keyCertSign requires cA=TRUE. SKI MUST appear in CA certificates (§4.2.1.2), AKI in
 * every certificate except a self-signed root (§4.2.1.1).
 */
export function caExtensions(pathLength: number, ids: KeyIds): x509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ...keyIdExtensions(ids),
  ];
}

/** Subject alternative names (RFC 5280 §4.2.1.6). */
export interface AltNames {
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly emailAddresses?: readonly string[];
  readonly uris?: readonly string[];
}

/**
 * The KMIP server certificate: KU digitalSignature+keyEncipherment (critical), EKU serverAuth,
 * SANs from `server_hostnames` and `server_ips` (contract §2.2, §3).
 */
export function serverExtensions(ids: KeyIds, names: AltNames): x509.Extension[] {
  return [
    new x509.KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
    ...keyIdExtensions(ids),
    ...altNameExtensions(names),
  ];
}

/**
 * A KMIP client certificate: KU digitalSignature+keyEncipherment+keyAgreement (critical), EKU
 * clientAuth, SKI/AKI, and no SAN unless asked for (contract §3; GH-24702 asks Vault for SANs).
 */
export function clientExtensions(ids: KeyIds, names: AltNames = {}): x509.Extension[] {
  const usages = KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment | KeyUsageFlags.keyAgreement;
  return [
    new x509.KeyUsagesExtension(usages, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
    ...keyIdExtensions(ids),
    ...altNameExtensions(names),
  ];
}

function keyIdExtensions(ids: KeyIds): x509.Extension[] {
  const extensions: x509.Extension[] = [new x509.SubjectKeyIdentifierExtension(ids.subjectKeyId, false)];
  if (ids.authorityKeyId !== undefined) {
    extensions.push(new x509.AuthorityKeyIdentifierExtension(ids.authorityKeyId, false));
  }
  return extensions;
}

/** No extension when there are no names: an empty SAN is forbidden (RFC 5280 §4.2.1.6). */
function altNameExtensions(names: AltNames): x509.Extension[] {
  const entries: x509.JsonGeneralName[] = [
    ...(names.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(names.ipAddresses ?? []).map((value) => ({ type: "ip" as const, value })),
    ...(names.emailAddresses ?? []).map((value) => ({ type: "email" as const, value })),
    ...(names.uris ?? []).map((value) => ({ type: "url" as const, value })),
  ];
  return entries.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(entries, false)];
}
