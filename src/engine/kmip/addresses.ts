/**
 * Listen addresses (contract §2.2 `listen_addrs`, §2.5 `address`): "A bare address without port
 * may be provided, in which case port 5696 is assumed", for IPv4, host names and IPv6 alike
 * (CL ~1.18: "Use the default KMIP port for IPv6 addresses missing a port"). IPv6 comes back
 * bracketed, so `::1`, `[::1]` and `[::1]:5696` all read back as `[::1]:5696`.
 */
import { isIP } from "node:net";
import { badRequest } from "./errors.js";

export const kmipPortDefault = 5696;

const hostLabel = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const hostPattern = new RegExp(`^${hostLabel}(\\.${hostLabel})*$`);

/** `host:port` with the default port filled in; anything else is a 400. */
export function normalizeListenAddress(input: string): string {
  const text = input.trim();
  const bracketed = /^\[([^\]]*)\](?::([^:]*))?$/.exec(text);
  if (bracketed) return join(ipv6(bracketed[1] ?? "", input), bracketed[2], input);
  if (isIP(text) === 6) return join(`[${text}]`, undefined, input);
  const colon = text.lastIndexOf(":");
  const host = colon === -1 ? text : text.slice(0, colon);
  const port = colon === -1 ? undefined : text.slice(colon + 1);
  // An empty host means every interface, as in Go's net.Listen(":5696").
  if (host !== "" && isIP(host) !== 4 && !hostPattern.test(host)) throw invalid(input);
  return join(host, port, input);
}

export function normalizeListenAddresses(inputs: readonly string[]): string[] {
  return [...new Set(inputs.map(normalizeListenAddress))];
}

function ipv6(host: string, input: string): string {
  if (isIP(host) !== 6) throw invalid(input);
  return `[${host}]`;
}

function join(host: string, port: string | undefined, input: string): string {
  if (port === undefined) return `${host}:${kmipPortDefault}`;
  // Port 0 lets the OS pick one (tests); anything past 65535 cannot be bound.
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) throw invalid(input);
  return `${host}:${Number(port)}`;
}

function invalid(input: string) {
  return badRequest(`invalid listen address "${input}": expected host:port, a bare host, or [ipv6]:port`);
}
