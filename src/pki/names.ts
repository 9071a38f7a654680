import { isIP } from "node:net";
import { PkiError } from "./errors.js";
import type { AltNames } from "./profiles.js";
import type { x509 } from "./x509.js";

/** Checks for the names that go into certificates, so bad input fails as a PkiError up front. */

/** ub-common-name and ub-organizational-unit-name (RFC 5280 appendix A.1). */
export const nameLengthMax = 64;

/** The PrintableString character set (X.680 §41.4, table 10). */
const printablePattern = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

/**
 * The client subject `OU=<scope id>, CN=<role id>`, in that DER order and as PrintableString,
 * exactly as Vault encodes it (contract §3: `OU=ilV63, CN=2FyVN`).
 */
export function clientSubject(scopeId: string, roleId: string): x509.JsonNameParams {
  checkPrintable("scope id", scopeId);
  checkPrintable("role id", roleId);
  return [{ OU: [{ printableString: scopeId }] }, { CN: [{ printableString: roleId }] }];
}

function checkPrintable(what: string, value: string): void {
  if (value.length > nameLengthMax || !printablePattern.test(value)) {
    throw new PkiError("bad-name", `${what} must be 1 to 64 PrintableString characters: "${value}"`);
  }
}

/**
 * A DNS SAN: IA5String (RFC 5280 §4.2.1.6) in the preferred name syntax of RFC 1034 §3.5, with a
 * leading `*.` allowed for wildcards. Returned lower-cased, as DNS names compare case-blind.
 */
export function checkDnsName(input: string): string {
  const name = input.trim().toLowerCase();
  if (name.length > 253 || !dnsPattern.test(name)) {
    throw new PkiError("bad-name", `invalid DNS name "${input}"`);
  }
  return name;
}

const label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
const dnsPattern = new RegExp(`^(\\*\\.)?${label}(\\.${label})*$`);

/** An IPv4 or IPv6 address for an IP SAN (RFC 5280 §4.2.1.6: 4 or 16 octets). */
export function checkIpAddress(input: string): string {
  const address = input.trim();
  if (isIP(address) === 0) throw new PkiError("bad-name", `invalid IP address "${input}"`);
  return address;
}

/** Optional SANs of a client certificate (a "go beyond" of contract §3, Vault GH-24702). */
export function checkAltNames(names: AltNames): AltNames {
  const emailPattern = /^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+$/; // IA5 local@domain
  for (const email of names.emailAddresses ?? []) {
    if (!emailPattern.test(email)) throw new PkiError("bad-name", `invalid email address "${email}"`);
  }
  for (const uri of names.uris ?? []) {
    if (!URL.canParse(uri)) throw new PkiError("bad-name", `invalid URI "${uri}"`);
  }
  return {
    dnsNames: unique((names.dnsNames ?? []).map(checkDnsName)),
    ipAddresses: unique((names.ipAddresses ?? []).map(checkIpAddress)),
    emailAddresses: names.emailAddresses ?? [],
    uris: names.uris ?? [],
  };
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
