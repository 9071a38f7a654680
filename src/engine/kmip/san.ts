/**
 * Server certificate names (contract §2.2 `server_hostnames`/`server_ips`, §2.5): checked when
 * written, so a bad name is a 400 at the API rather than a failure when a listener starts.
 */
import { isIP } from "node:net";
import { badRequest } from "./errors.js";

const label = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const dnsName = new RegExp(`^(\\*\\.)?${label}(\\.${label})*$`);

export function checkHostnames(names: readonly string[]): string[] {
  const out = names.map((name) => name.trim()).filter((name) => name !== "");
  const bad = out.find((name) => name.length > 253 || !dnsName.test(name));
  if (bad !== undefined) throw badRequest(`invalid server hostname "${bad}"`);
  // The first hostname is the server certificate's CN (ub-common-name: 64, RFC 5280 A.1).
  if ((out[0]?.length ?? 0) > 64) throw badRequest("the first server hostname must be at most 64 characters");
  return [...new Set(out)];
}

export function checkIps(addresses: readonly string[]): string[] {
  const out = addresses.map((address) => address.trim()).filter((address) => address !== "");
  const bad = out.find((address) => isIP(address) === 0);
  if (bad !== undefined) throw badRequest(`invalid server IP address "${bad}"`);
  return [...new Set(out)];
}
