/**
 * The KMIP listener's own certificate (contract §2.2, §3): issued by the legacy intermediate for
 * `server_hostnames` (first = CN) and `server_ips` (+ both loopbacks), or by a named listener's
 * CA for its names (§2.5). It is cached in storage under `server/…` together with a fingerprint
 * of what it was issued from (the issuing intermediate and the names); a config, listener or CA
 * change alters the fingerprint and the next call issues a new one. It is also renewed once
 * less than a tenth of its lifetime (at most 30 days) remains.
 */
import { createHash } from "node:crypto";
import { issueServerCertificate, serverTtlSecondsDefault } from "../../pki/index.js";
import { issuingCa } from "./ca-records.js";
import { effectiveHostnames } from "./config-values.js";
import type { GeneratedCaRecord, ListenerRecord, ServerCertRecord } from "./records.js";
import type { KmipStore } from "./store.js";
import { keys, putOp } from "./store.js";

export interface ServerCredentials {
  /** PKCS#8 PEM for `tls.createServer({ key })`. */
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** [intermediate, root]. */
  readonly caChain: readonly string[];
  /** Leaf then intermediate: what `tls.createServer({ cert })` should present. */
  readonly certificateChainPem: string;
  readonly notAfter: Date;
}

/** A named listener as the read API hands it out. */
export interface ListenerInfo extends ListenerRecord {
  readonly name: string;
}

interface Source {
  readonly key: string;
  readonly ca: GeneratedCaRecord;
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
}

/** Where the certificate for `target` comes from, or an Error when it cannot be issued. */
async function sourceOf(store: KmipStore, target: ListenerInfo | "legacy"): Promise<Source> {
  if (target === "legacy") {
    const config = await store.config();
    const ca = config && (await store.legacyCa());
    if (!config || !ca) throw new Error("the KMIP engine is not configured: write kmip/config first");
    return { key: keys.legacyServerCert, ca, hostnames: effectiveHostnames(config), ips: config.serverIps };
  }
  const ca = await store.namedCa(target.ca);
  if (ca?.kind !== "generated") throw new Error(`listener "${target.name}": CA "${target.ca}" cannot issue`);
  const key = keys.listenerServerCert(target.name);
  return { key, ca, hostnames: target.serverHostnames, ips: target.serverIps };
}

function fingerprint(source: Source): string {
  const inputs = [source.ca.intermediate.serialNumber, source.hostnames, source.ips];
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex");
}

function fresh(record: ServerCertRecord, print: string, now: Date): boolean {
  const renewMs = Math.min((serverTtlSecondsDefault * 1000) / 10, 30 * 24 * 3600 * 1000);
  return record.fingerprint === print && Date.parse(record.notAfter) - now.getTime() > renewMs;
}

function toCredentials(record: ServerCertRecord): ServerCredentials {
  return {
    privateKeyPem: record.privateKeyPem,
    certificatePem: record.certificatePem,
    caChain: record.caChain,
    certificateChainPem: [record.certificatePem, record.caChain[0] ?? ""].join("\n").trim(),
    notAfter: new Date(record.notAfter),
  };
}

export async function serverCredentials(
  store: KmipStore,
  target: ListenerInfo | "legacy",
  now: Date,
): Promise<ServerCredentials> {
  const source = await sourceOf(store, target);
  const print = fingerprint(source);
  const cached = await store.serverCert(source.key);
  if (cached && fresh(cached, print, now)) return toCredentials(cached);
  const issued = await issueServerCertificate({
    ca: issuingCa(source.ca),
    serverHostnames: source.hostnames,
    serverIps: source.ips,
    now,
  });
  const record: ServerCertRecord = {
    fingerprint: print,
    certificatePem: issued.certificatePem,
    privateKeyPem: issued.privateKeyPem,
    caChain: issued.caChain,
    notAfter: issued.notAfter.toISOString(),
  };
  // A cache entry, not a management change: no generation bump, no change event.
  await store.storage.batch([putOp(source.key, record)]);
  return toCredentials(record);
}
