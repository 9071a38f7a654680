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
import { createHash, X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import type { Logger } from "../core/logger.js";
import type { KmipEngineState, ListenerInfo } from "../engine/kmip/state.js";
import { Operation } from "../kmip/generated/enums.js";
import { operationName } from "../operations/registry.js";
import type { ClientIdentity } from "../operations/types.js";
import { PkiError, type TrustedCa, verifyPeerCertificate } from "../pki/index.js";

/** What the handshake gave us: the peer's certificate and any intermediates it sent. */
export interface PeerCredentials {
  readonly der: Uint8Array;
  readonly intermediates: readonly Uint8Array[];
  readonly notAfter: Date;
  readonly hasExtendedKeyUsage: boolean;
}

/** The listener a connection came in on: the legacy one, or a named listener by name. */
export type TargetRef = "legacy" | { readonly name: string };

const chainDepthMax = 8;

/**
 * The peer certificate of a completed handshake, or undefined when there is none. From the
 * legacy `getPeerCertificate(true)` object: Node 20's `getPeerX509Certificate()` with its
 * `issuerCertificate` links leaked native memory here (about 3 KB per fuzzed message, never
 * returned, JS heap flat: `npm run fuzz` showed it), so the one X509Certificate made is of the
 * DER alone.
 */
export function peerCredentials(socket: TLSSocket): PeerCredentials | undefined {
  const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  if (peer?.raw === undefined || peer.raw.length === 0) return undefined;
  const intermediates: Uint8Array[] = [];
  const seen = new Set<DetailedPeerCertificate>([peer]);
  for (let link = peer.issuerCertificate; link && !seen.has(link); link = link.issuerCertificate) {
    if (intermediates.length >= chainDepthMax || link.raw === undefined) break;
    seen.add(link);
    intermediates.push(new Uint8Array(link.raw));
  }
  const parsed = new X509Certificate(peer.raw);
  return {
    der: new Uint8Array(peer.raw),
    intermediates,
    notAfter: new Date(parsed.validTo),
    // Node names the Extended Key Usage list `keyUsage`; undefined when the extension is absent.
    hasExtendedKeyUsage: parsed.keyUsage !== undefined,
  };
}

export interface IdentityDeps {
  readonly state: KmipEngineState;
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
    const { state, peer, logger, logFields } = this.deps;
    const target = await this.listener();
    if (target === undefined) return this.refuse("its listener no longer exists");
    const trusted = await state.trustedClientCas(target);
    let verified: ReturnType<typeof verifyPeerCertificate>;
    try {
      verified = verifiedPeer(peer, trusted, this.deps.now());
    } catch (error) {
      if (error instanceof PkiError) return this.refuse(error.message);
      throw error;
    }
    this.noteMissingEku();
    const found = await state.resolveClient({
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
      {
        ...logFields,
        scope: identity.scopeName,
        role: identity.roleName,
        serial: identity.certificateSerial,
      },
      "KMIP client identified",
    );
    return identity;
  }

  private async listener(): Promise<ListenerInfo | "legacy" | undefined> {
    const target = this.deps.target;
    if (target === "legacy") return "legacy";
    return (await this.deps.state.listListeners()).find((l) => l.name === target.name);
  }

  private refuse(why: string): undefined {
    this.deps.logger.info({ ...this.deps.logFields, why }, "KMIP client certificate not authorized");
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
  readonly verified: VerifiedPeer;
  readonly expiresMs: number;
}

/**
 * Certificates verified lately, by certificate and chain (issue #8: parsing and verifying the
 * same client certificate was half of a new connection's CPU). An entry serves only while the
 * listener trusts exactly the same CAs, the certificate is within its own validity, and for at
 * most `verifiedTtlMs`; so a CA that stops being trusted stops matching at once. Only the
 * verification is kept: which scope and role the certificate maps to, and whether its serial is
 * revoked, is read again on every resolve.
 */
const verifiedCache = new Map<string, VerifiedEntry>();
const verifiedTtlMs = 10_000;
const verifiedEntriesMax = 1024;

function verifiedPeer(peer: PeerCredentials, trusted: readonly TrustedCa[], now: Date): VerifiedPeer {
  const hash = createHash("sha256").update(peer.der);
  for (const link of peer.intermediates) hash.update(link);
  const key = hash.digest("base64");
  const trustedKey = trusted.map((ca) => `${ca.name}\n${ca.certificatesPem.join("")}`).join("\0");
  const at = now.getTime();
  const hit = verifiedCache.get(key);
  const current = (v: VerifiedPeer) => v.notBefore.getTime() <= at && at <= v.notAfter.getTime();
  if (hit !== undefined && hit.trustedKey === trustedKey && hit.expiresMs > at && current(hit.verified)) {
    return hit.verified;
  }
  const verified = verifyPeerCertificate(peer.der, trusted, now, { intermediates: peer.intermediates });
  verifiedCache.delete(key);
  if (verifiedCache.size >= verifiedEntriesMax) verifiedCache.delete(verifiedCache.keys().next().value!);
  verifiedCache.set(key, { trustedKey, verified, expiresMs: at + verifiedTtlMs });
  return verified;
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
