import { type IssuingCa, loadIssuer } from "./ca.js";
import { PkiError } from "./errors.js";
import { exportPkcs8Pem, generateKeyPair, keySpecOf } from "./keys.js";
import { type IssuedLeaf, issueLeaf } from "./leaf.js";
import { checkDnsName, checkIpAddress, nameLengthMax, unique } from "./names.js";
import { serverExtensions } from "./profiles.js";

/**
 * The KMIP listener's certificate, issued by the intermediate (contract §3): CN = the first
 * server hostname, SANs = every hostname (DNS) + every server IP + always 127.0.0.1 and ::1
 * ("Localhost (IPv4 and IPv6) will be automatically included", §2.2), EKU serverAuth, and a key
 * of the CA's own type and size.
 */

export const serverHostnamesDefault: readonly string[] = ["localhost"];
export const localhostIps: readonly string[] = ["127.0.0.1", "::1"];
/** Not set by the contract; the listener re-issues at start, so one year is ample. */
export const serverTtlSecondsDefault = 365 * 24 * 60 * 60;

export interface ServerCertificateRequest {
  readonly ca: IssuingCa;
  readonly serverHostnames?: readonly string[];
  readonly serverIps?: readonly string[];
  readonly ttlSeconds?: number;
  readonly now: Date;
}

export interface ServerCertificate extends IssuedLeaf {
  /** PKCS#8 PEM, for `tls.createServer({ key })` and for sealed storage. */
  readonly privateKeyPem: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

export async function issueServerCertificate(request: ServerCertificateRequest): Promise<ServerCertificate> {
  const issuer = loadIssuer(request.ca);
  const dnsNames = hostnames(request.serverHostnames);
  const ipAddresses = addresses(request.serverIps);
  const spec = keySpecOf(issuer.privateKey);
  if (!spec) throw new Error("the issuing CA's key is not of a supported type");
  const keys = await generateKeyPair(spec);
  const leaf = await issueLeaf({
    issuer,
    subject: [{ CN: [dnsNames[0] ?? "localhost"] }],
    publicKey: keys.publicKey,
    extensions: (ids) => serverExtensions(ids, { dnsNames, ipAddresses }),
    ttlSeconds: request.ttlSeconds ?? serverTtlSecondsDefault,
    now: request.now,
  });
  return { ...leaf, privateKeyPem: exportPkcs8Pem(keys.privateKey), dnsNames, ipAddresses };
}

/** DNS SANs; the first is also the CN, so it must fit ub-common-name. Empty → `localhost` (§2.2). */
function hostnames(input: readonly string[] | undefined): string[] {
  const names = unique((input ?? []).filter((name) => name.trim() !== "").map(checkDnsName));
  const list = names.length > 0 ? names : [...serverHostnamesDefault];
  if ((list[0] ?? "").length > nameLengthMax) {
    throw new PkiError("bad-name", "the first server hostname is the CN and must be at most 64 characters");
  }
  return list;
}

/** IP SANs: the configured addresses plus both loopbacks, each once. */
function addresses(input: readonly string[] | undefined): string[] {
  const list = (input ?? []).filter((address) => address.trim() !== "").map(checkIpAddress);
  return unique([...list, ...localhostIps]);
}
