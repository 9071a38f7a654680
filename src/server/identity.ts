/**
 * Who a connection is: its client certificate, verified against the CAs its listener trusts now,
 * mapped to a scope and role by the engine (contract §3: generated CAs put the scope id in OU and
 * the role id in CN; imported CAs map subject fields or fixed names).
 *
 * Caches never outlive the truth (ARCHITECTURE): the identity is cached per connection and
 * dropped on every change event of the mount (the engine emits them for its own commits and, from
 * its 500 ms poll, for commits by other nodes), so the next request re-verifies and re-resolves.
 * A revoked serial, a deleted role or scope, a CA no longer trusted or an expired certificate
 * then resolve to `undefined`.
 *
 * Extended Key Usage: a certificate that has an EKU must allow clientAuth (or anyExtendedKeyUsage);
 * one with no EKU at all is accepted, as RFC 5280 §4.2.1.12 reads absence as "any purpose" and
 * OpenSSL's handshake check agrees. Certificates we issue always carry clientAuth; imported CAs
 * may issue EKU-less ones (vCenter's client certificates lack it; PyKMIP needed `-i` for them).
 * Such a connection is logged once.
 */
import { createHash } from "node:crypto";
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from "node:tls";
import type { Logger } from "../core/logger.js";
import type { KmipEngineState } from "../engine/kmip/state.js";
import { Operation } from "../kmip/generated/enums.js";
import { operationName } from "../operations/registry.js";
import type { ClientIdentity } from "../operations/types.js";
import { PkiError, verifyPeerCertificate } from "../pki/index.js";
import type { IdentitySource, TrustedSet } from "./identity-directory.js";

/** What the handshake gave us: the peer's certificate, and on demand the chain it came with. */
export interface PeerCredentials {
  readonly der: Uint8Array;
  /** SHA-256 of `der` (OpenSSL's, as hex): names the certificate in caches and per-client limits. */
  readonly fingerprint: string;
  readonly notAfter: Date;
  readonly hasExtendedKeyUsage: boolean;
  /**
   * Intermediates the peer sent (and those OpenSSL completed the chain with), read only when the
   * certificate does not verify without them: most clients' certificates are issued straight by
   * a CA the listener trusts, and reading the chain costs as much as half a handshake.
   */
  intermediates(): readonly Uint8Array[];
}

/** The listener a connection came in on: the legacy one, or a named listener by name. */
export type TargetRef = "legacy" | { readonly name: string };

const chainDepthMax = 8;

/**
 * The peer certificate of a completed handshake (a resumed session's included: OpenSSL keeps the
 * peer certificate in the session), or undefined when there is none. From the legacy
 * `getPeerCertificate()` object, the leaf alone: its fields give the expiry and whether it has
 * an Extended Key Usage, so nothing is parsed again here (issue #8: `getPeerCertificate(true)`
 * and an `X509Certificate` of the leaf were a quarter of a new connection's JS CPU). Node 20's
 * `getPeerX509Certificate()` with its `issuerCertificate` links leaked native memory (about 3 KB
 * per fuzzed message, never returned, JS heap flat: `npm run fuzz` showed it): not used.
 */
export function peerCredentials(socket: TLSSocket): PeerCredentials | undefined {
  const peer = socket.getPeerCertificate() as PeerCertificate | undefined;
  if (peer?.raw === undefined || peer.raw.length === 0) return undefined;
  const der = new Uint8Array(peer.raw);
  let chain: readonly Uint8Array[] | undefined;
  return {
    der,
    fingerprint: peer.fingerprint256 || createHash("sha256").update(der).digest("hex"),
    notAfter: new Date(peer.valid_to),
    // Node names the Extended Key Usage list `ext_key_usage`; undefined when the extension is absent.
    hasExtendedKeyUsage: peer.ext_key_usage !== undefined,
    intermediates: () => {
      chain ??= peerChain(socket);
      return chain;
    },
  };
}

/** The certificates above the peer's, from `getPeerCertificate(true)`'s issuer links. */
function peerChain(socket: TLSSocket): Uint8Array[] {
  const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  const out: Uint8Array[] = [];
  if (peer?.raw === undefined) return out;
  const seen = new Set<DetailedPeerCertificate>([peer]);
  for (let link = peer.issuerCertificate; link && !seen.has(link); link = link.issuerCertificate) {
    if (out.length >= chainDepthMax || link.raw === undefined) break;
    seen.add(link);
    out.push(new Uint8Array(link.raw));
  }
  return out;
}

export interface IdentityDeps {
  /** The mount's engine answers, cached until its next change (`identity-directory.ts`). */
  readonly source: IdentitySource;
  readonly target: TargetRef;
  readonly peer: PeerCredentials;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly logFields: Readonly<Record<string, unknown>>;
}

export class ConnectionIdentity {
  private cached: Promise<ClientIdentity | undefined> | undefined;
  private ekuLogged = false;

  constructor(private readonly deps: IdentityDeps) {}

  /**
   * The identity as of now: cached until `invalidate()` or the certificate's expiry. Rejects
   * only when the engine's storage cannot be read (the caller answers General Failure).
   */
  current(): Promise<ClientIdentity | undefined> {
    if (this.cached !== undefined && this.deps.now() <= this.deps.peer.notAfter) return this.cached;
    const pending = this.resolve();
    this.cached = pending;
    // A failed read is not an answer: try again on the next request.
    pending.catch(() => {
      if (this.cached === pending) this.cached = undefined;
    });
    return pending;
  }

  /** Something changed on the mount: re-verify and re-resolve before the next request. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async resolve(): Promise<ClientIdentity | undefined> {
    const { source, peer, logger, logFields } = this.deps;
    const target = await source.listener(this.deps.target);
    if (target === undefined) return this.refuse("its listener no longer exists");
    const trusted = await source.trustedClientCas(target);
    let verified: ReturnType<typeof verifyPeerCertificate>;
    try {
      verified = verifiedPeer(peer, trusted, this.deps.now());
    } catch (error) {
      if (error instanceof PkiError) return this.refuse(error.message);
      throw error;
    }
    this.noteMissingEku();
    const found = await source.resolveClient({
      serialDecimal: verified.serialNumber,
      issuerCa: verified.caName,
      subject: verified.subjectFields,
    });
    if (found === undefined) {
      return this.refuse(
        `serial ${verified.serialNumber} from CA ${verified.caName} maps to no scope and role`,
      );
    }
    const identity = toClientIdentity(found, verified.serialNumber);
    logger.info(
      Object.assign({}, logFields, {
        scope: identity.scopeName,
        role: identity.roleName,
        serial: identity.certificateSerial,
      }),
      "KMIP client identified",
    );
    return identity;
  }

  private refuse(why: string): undefined {
    this.deps.logger.info(
      Object.assign({}, this.deps.logFields, { why }),
      "KMIP client certificate not authorized",
    );
    return undefined;
  }

  private noteMissingEku(): void {
    if (this.deps.peer.hasExtendedKeyUsage || this.ekuLogged) return;
    this.ekuLogged = true;
    this.deps.logger.info(
      this.deps.logFields,
      "KMIP client certificate has no Extended Key Usage; accepted as any-purpose (RFC 5280 §4.2.1.12)",
    );
  }
}

type VerifiedPeer = ReturnType<typeof verifyPeerCertificate>;

interface VerifiedEntry {
  readonly trustedKey: string;
  /** Undefined: the certificate does not verify alone, only with the chain its peer sent. */
  readonly verified: VerifiedPeer | undefined;
  readonly expiresMs: number;
}

/**
 * Certificates verified lately, by certificate (and chain, when it took one) (issue #8: parsing
 * and verifying the same client certificate was half of a new connection's CPU). An entry serves
 * only while the listener trusts exactly the same CAs, the certificate is within its own
 * validity, and for at most `verifiedTtlMs`; so a CA that stops being trusted stops matching at
 * once. Only the verification is kept: which scope and role the certificate maps to, and whether
 * its serial is revoked, is the engine's answer (cached per mount until its next change).
 *
 * A certificate that verifies without the intermediates its peer sent verifies the same with
 * them (`findAnchor` tries the trusted CAs first), so the chain is read only when it must be.
 */
const verifiedCache = new Map<string, VerifiedEntry>();
const verifiedTtlMs = 10_000;
const verifiedEntriesMax = 1024;

function verifiedPeer(peer: PeerCredentials, trusted: TrustedSet, now: Date): VerifiedPeer {
  const at = now.getTime();
  const alone = cachedVerification(peer.fingerprint, trusted.key, at);
  if (alone?.verified !== undefined) return alone.verified;
  if (alone === undefined) {
    try {
      const verified = verifyPeerCertificate(peer.der, trusted.cas, now);
      return remember(peer.fingerprint, { trustedKey: trusted.key, verified, expiresMs: at + verifiedTtlMs });
    } catch (error) {
      if (!(error instanceof PkiError) || peer.intermediates().length === 0) throw error;
      remember(peer.fingerprint, {
        trustedKey: trusted.key,
        verified: undefined,
        expiresMs: at + verifiedTtlMs,
      });
    }
  }
  const chain = peer.intermediates();
  const hash = createHash("sha256").update(peer.der);
  for (const link of chain) hash.update(link);
  const key = `${peer.fingerprint}|${hash.digest("base64")}`;
  const hit = cachedVerification(key, trusted.key, at);
  if (hit?.verified !== undefined) return hit.verified;
  const verified = verifyPeerCertificate(peer.der, trusted.cas, now, { intermediates: chain });
  return remember(key, { trustedKey: trusted.key, verified, expiresMs: at + verifiedTtlMs });
}

function cachedVerification(key: string, trustedKey: string, at: number): VerifiedEntry | undefined {
  const hit = verifiedCache.get(key);
  if (hit === undefined || hit.trustedKey !== trustedKey || hit.expiresMs <= at) return undefined;
  const v = hit.verified;
  return v === undefined || (v.notBefore.getTime() <= at && at <= v.notAfter.getTime()) ? hit : undefined;
}

function remember<T extends VerifiedEntry>(key: string, entry: T): T["verified"] {
  verifiedCache.delete(key);
  if (verifiedCache.size >= verifiedEntriesMax) verifiedCache.delete(verifiedCache.keys().next().value!);
  verifiedCache.set(key, entry);
  return entry.verified;
}

/** The engine's identity (operations by enumeration key) in the operation contract's terms. */
function toClientIdentity(
  found: NonNullable<Awaited<ReturnType<KmipEngineState["resolveClient"]>>>,
  serial: string,
): ClientIdentity {
  const operations = new Set<string>();
  for (const key of found.operations) {
    const name = operationName(Operation[key]);
    if (name !== undefined) operations.add(name);
  }
  return {
    scopeName: found.scopeName,
    scopeId: found.scopeId,
    roleName: found.roleName,
    roleId: found.roleId,
    certificateSerial: serial,
    operations,
  };
}
