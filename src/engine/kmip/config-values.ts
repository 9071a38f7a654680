/**
 * `kmip/config` values (contract §2.2): the **actual** defaults (EC P-256 CA and clients, a 336 h
 * client TTL, tls12, `127.0.0.1:5696`, `localhost`), how a write merges into the stored record,
 * and the read shape (lists as arrays, TTLs as integer seconds).
 */
import { parseKeySpec } from "../../pki/index.js";
import { normalizeListenAddresses } from "./addresses.js";
import { badRequest, pkiInput } from "./errors.js";
import type { ConfigRecord } from "./records.js";
import { checkHostnames, checkIps } from "./san.js";

export const clientTtlDefault = 336 * 60 * 60; // 1,209,600 s (contract §2.2 "Actual default")
export const localhostIps: readonly string[] = ["127.0.0.1", "::1"];

export const configDefaults: ConfigRecord = {
  listenAddrs: ["127.0.0.1:5696"],
  serverHostnames: ["localhost"],
  serverIps: [],
  tlsCaKeyType: "ec",
  tlsCaKeyBits: 256,
  tlsMinVersion: "tls12",
  defaultTlsClientKeyType: "ec",
  defaultTlsClientKeyBits: 256,
  defaultTlsClientTtl: clientTtlDefault,
};

/** The fields of a write, each undefined when not sent (writes merge, as Vault's do). */
export interface ConfigInput {
  readonly listenAddrs?: readonly string[];
  readonly connectionTimeout?: number;
  readonly serverHostnames?: readonly string[];
  readonly serverIps?: readonly string[];
  readonly tlsCaKeyType?: string;
  readonly tlsCaKeyBits?: number;
  readonly tlsMinVersion?: string;
  readonly defaultTlsClientKeyType?: string;
  readonly defaultTlsClientKeyBits?: number;
  readonly defaultTlsClientTtl?: number;
}

/** The stored record after `input`; every check runs before anything is written. */
export async function mergeConfig(base: ConfigRecord, input: ConfigInput): Promise<ConfigRecord> {
  const ca = await pkiInput(() =>
    parseKeySpec(input.tlsCaKeyType ?? base.tlsCaKeyType, input.tlsCaKeyBits ?? base.tlsCaKeyBits),
  );
  const client = await pkiInput(() =>
    parseKeySpec(
      input.defaultTlsClientKeyType ?? base.defaultTlsClientKeyType,
      input.defaultTlsClientKeyBits ?? base.defaultTlsClientKeyBits,
    ),
  );
  const ttl = input.defaultTlsClientTtl ?? base.defaultTlsClientTtl;
  if (ttl <= 0) throw badRequest("default_tls_client_ttl must be positive");
  const timeout = input.connectionTimeout ?? base.connectionTimeout;
  return {
    listenAddrs: input.listenAddrs ? normalizeListenAddresses(input.listenAddrs) : base.listenAddrs,
    ...(timeout === undefined ? {} : { connectionTimeout: timeout }),
    serverHostnames: input.serverHostnames ? checkHostnames(input.serverHostnames) : base.serverHostnames,
    serverIps: input.serverIps ? checkIps(input.serverIps) : base.serverIps,
    tlsCaKeyType: ca.type,
    tlsCaKeyBits: ca.bits,
    tlsMinVersion: input.tlsMinVersion ?? base.tlsMinVersion,
    defaultTlsClientKeyType: client.type,
    defaultTlsClientKeyBits: client.bits,
    defaultTlsClientTtl: ttl,
  };
}

/** Hostnames the server certificate carries; empty means `localhost` (contract §2.2). */
export function effectiveHostnames(config: ConfigRecord): readonly string[] {
  return config.serverHostnames.length > 0 ? config.serverHostnames : configDefaults.serverHostnames;
}

/** "read shows `[127.0.0.1 ::1]` when unset … When set explicitly, read returns only the configured IPs." */
export function shownIps(ips: readonly string[]): readonly string[] {
  return ips.length > 0 ? ips : localhostIps;
}

export function configResponse(config: ConfigRecord): Record<string, unknown> {
  return {
    listen_addrs: config.listenAddrs,
    ...(config.connectionTimeout === undefined ? {} : { connection_timeout: config.connectionTimeout }),
    server_hostnames: effectiveHostnames(config),
    server_ips: shownIps(config.serverIps),
    tls_ca_key_type: config.tlsCaKeyType,
    tls_ca_key_bits: config.tlsCaKeyBits,
    tls_min_version: config.tlsMinVersion,
    default_tls_client_key_type: config.defaultTlsClientKeyType,
    default_tls_client_key_bits: config.defaultTlsClientKeyBits,
    default_tls_client_ttl: config.defaultTlsClientTtl,
  };
}
