/**
 * What a mount's listeners should be right now, read from the engine: the legacy listener on each
 * of `kmip/config`'s `listen_addrs` (contract §2.2) and each named listener on its `address`
 * (§2.5), each with its server certificate, the client CAs it trusts (never the system roots),
 * and its TLS versions and cipher suites.
 */
import { createHash } from "node:crypto";
import type { SecureContextOptions } from "node:tls";
import type { Logger } from "../core/logger.js";
import type { KmipEngineState, ListenerInfo } from "../engine/kmip/state.js";
import { nodeTlsVersion, opensslCipherList } from "../engine/kmip/tls-options.js";
import type { TargetRef } from "./identity.js";

export interface ListenSpec {
  /** Unique per mount: the target and the configured address. */
  readonly key: string;
  readonly target: TargetRef;
  /** As configured (normalised by the engine): "127.0.0.1:5696", "[::1]:5696", ":5696". */
  readonly address: string;
  readonly secure: SecureContextOptions;
  /** Changes whenever `secure` does: then the listener takes a new context. */
  readonly fingerprint: string;
  readonly handshakeTimeoutMs: number;
}

export function targetKey(target: TargetRef): string {
  return target === "legacy" ? "@legacy" : `listener/${target.name}`;
}

/** The specs that can be served; a target whose certificate cannot be issued is logged and left out. */
export async function desiredSpecs(
  state: KmipEngineState,
  defaultHandshakeMs: number,
  logger: Logger,
): Promise<ListenSpec[]> {
  const out: ListenSpec[] = [];
  const config = await state.getConfig();
  if (config !== undefined) {
    const handshake = config.connectionTimeout ? config.connectionTimeout * 1000 : defaultHandshakeMs;
    const tls = { min: config.tlsMinVersion, max: "", ciphers: "" };
    const specs = await specsFor(state, "legacy", config.listenAddrs, tls, handshake, logger);
    out.push(...specs);
  }
  for (const listener of await state.listListeners()) {
    const tls = {
      min: listener.tlsMinVersion,
      max: listener.tlsMaxVersion,
      ciphers: listener.tlsCipherSuites,
    };
    const target = { name: listener.name };
    out.push(
      ...(await specsFor(state, target, [listener.address], tls, defaultHandshakeMs, logger, listener)),
    );
  }
  return out;
}

interface TlsSettings {
  readonly min: string;
  readonly max: string;
  readonly ciphers: string;
}

async function specsFor(
  state: KmipEngineState,
  target: TargetRef,
  addresses: readonly string[],
  tls: TlsSettings,
  handshakeTimeoutMs: number,
  logger: Logger,
  info?: ListenerInfo,
): Promise<ListenSpec[]> {
  const source: ListenerInfo | "legacy" = info ?? "legacy";
  let secure: SecureContextOptions;
  try {
    secure = await secureOptions(state, source, tls);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    logger.warn({ listener: targetKey(target), why }, "KMIP listener cannot be served");
    return [];
  }
  if ((secure.ca as string[]).length === 0) {
    logger.warn(
      { listener: targetKey(target) },
      "KMIP listener trusts no client CA: every handshake will fail",
    );
  }
  const fingerprint = createHash("sha256").update(JSON.stringify(secure)).digest("hex");
  return addresses.map((address) => ({
    key: `${targetKey(target)}|${address}`,
    target,
    address,
    secure,
    fingerprint,
    handshakeTimeoutMs,
  }));
}

async function secureOptions(
  state: KmipEngineState,
  source: ListenerInfo | "legacy",
  tls: TlsSettings,
): Promise<SecureContextOptions> {
  const credentials = await state.serverCredentials(source);
  const trusted = await state.trustedClientCas(source);
  const ciphers = opensslCipherList(tls.ciphers);
  return {
    key: credentials.privateKeyPem,
    cert: credentials.certificateChainPem,
    // An explicit list, even when empty: node adds the system roots only when `ca` is absent.
    ca: trusted.flatMap((ca) => [...ca.certificatesPem]),
    // TLS 1.2+ unless the operator lowers it (contract §2.2 tls_min_version).
    minVersion: nodeTlsVersion[tls.min] ?? "TLSv1.2",
    ...(tls.max !== "" && nodeTlsVersion[tls.max] !== undefined && { maxVersion: nodeTlsVersion[tls.max] }),
    ...(ciphers !== undefined && { ciphers }),
  };
}
