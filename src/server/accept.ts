/**
 * From a completed handshake to a served connection: read the peer certificate, build the
 * connection's identity and start serving. No identity, no service (contract §3): a certificate
 * whose serial is unknown or revoked, or whose role or scope is gone, is closed at once.
 *
 * Admission per client certificate, on each mount: at most `connectionsPerClientMax` open
 * connections, and with `requestsPerSecondMax` one request budget shared by all of them.
 */
import { randomUUID } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { KmipEngineState } from "../engine/kmip/state.js";
import { KmipConnection, type RequestRate } from "./connection.js";
import { ConnectionIdentity, peerCredentials } from "./identity.js";
import type { IdentitySource } from "./identity-directory.js";
import type { ListenSpec } from "./listen-specs.js";
import type { MountDeps } from "./mount.js";

export interface AcceptDeps extends MountDeps {
  readonly mountUuid: string;
  readonly state: KmipEngineState;
  /** The mount's engine answers, cached until its next change. */
  readonly source: IdentitySource;
}

/** The started connection, or undefined when the socket was closed instead. */
export function acceptConnection(
  socket: TLSSocket,
  spec: ListenSpec,
  deps: AcceptDeps,
): KmipConnection | undefined {
  const { logger, now } = deps.message;
  const logFields = {
    mount: deps.mountUuid,
    listener: spec.key,
    connection: randomUUID(),
    peer: socket.remoteAddress,
  };
  let peer: ReturnType<typeof peerCredentials>;
  try {
    peer = peerCredentials(socket);
  } catch (error) {
    logger.info(Object.assign({}, logFields, { error: String(error) }), "KMIP client certificate unreadable");
    peer = undefined;
  }
  if (peer === undefined) {
    logger.info(logFields, "KMIP connection without a client certificate closed");
    deps.message.metrics?.handshake("no_certificate");
    socket.destroy();
    return undefined;
  }
  const slot = claimSlot(deps, peer.fingerprint);
  if (slot === undefined) {
    const limit = deps.limits.connectionsPerClientMax;
    logger.info(
      Object.assign({}, logFields, { limit }),
      "KMIP connection refused: too many for this client certificate",
    );
    deps.message.metrics?.handshake("connection_limit");
    closeCleanly(socket, deps.limits.closeGraceMs);
    return undefined;
  }
  socket.once("close", () => releaseSlot(slot));
  const identity = new ConnectionIdentity({
    source: deps.source,
    target: spec.target,
    peer,
    now,
    logger,
    logFields,
  });
  const connection = new KmipConnection(socket, {
    mountUuid: deps.mountUuid,
    limits: deps.limits,
    message: deps.message,
    identity,
    sealed: deps.sealed,
    logger,
    logFields,
    ...(slot.rate !== undefined && { rate: slot.rate }),
  });
  connection.start();
  deps.message.metrics?.connectionOpened();
  void connection.closed.then(() => deps.message.metrics?.connectionClosed());
  void admit(connection, identity, deps, logFields);
  return connection;
}

async function admit(
  connection: KmipConnection,
  identity: ConnectionIdentity,
  deps: AcceptDeps,
  fields: object,
): Promise<void> {
  try {
    const found = await identity.current();
    // Revoked, unknown serial, scope or role gone: refused right after the handshake.
    deps.message.metrics?.handshake(found === undefined ? "unauthorized" : undefined);
    if (found === undefined) connection.close("client certificate not authorized");
  } catch (error) {
    // Storage unreadable for now: the first request retries and is answered General Failure.
    deps.message.logger.warn(
      Object.assign({}, fields, { error: String(error) }),
      "KMIP client identity unreadable",
    );
  }
}

/** What one client certificate holds on one mount. */
interface ClientSlot {
  readonly table: Map<string, ClientSlot>;
  readonly key: string;
  connections: number;
  readonly rate: TokenBucket | undefined;
}

/** Per attached mount (its engine state), by certificate hash; a detached mount's table goes with it. */
const clientTables = new WeakMap<object, Map<string, ClientSlot>>();

/** One more connection for the certificate (by its SHA-256), or undefined when it already holds its maximum. */
function claimSlot(deps: AcceptDeps, key: string): ClientSlot | undefined {
  const table = clientTables.get(deps.state) ?? new Map<string, ClientSlot>();
  clientTables.set(deps.state, table);
  const perSecond = deps.limits.requestsPerSecondMax;
  const slot = table.get(key) ?? {
    table,
    key,
    connections: 0,
    rate: perSecond > 0 ? new TokenBucket(perSecond) : undefined,
  };
  if (slot.connections >= deps.limits.connectionsPerClientMax) return undefined;
  slot.connections++;
  table.set(key, slot);
  return slot;
}

/**
 * The slot outlives the client's last connection by the second its budget takes to refill, so
 * reconnecting does not buy a fresh budget.
 */
function releaseSlot(slot: ClientSlot): void {
  slot.connections--;
  if (slot.connections > 0) return;
  setTimeout(() => {
    if (slot.connections === 0 && slot.table.get(slot.key) === slot) slot.table.delete(slot.key);
  }, 1000).unref();
}

/** After the handshake: our close_notify and FIN, and no waiting on a peer that lingers. */
function closeCleanly(socket: TLSSocket, graceMs: number): void {
  socket.end();
  const timer = setTimeout(() => socket.destroy(), graceMs);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}

/** `perSecond` requests a second, in bursts of up to a second's worth (a token bucket). */
class TokenBucket implements RequestRate {
  private tokens: number;
  private last = performance.now();

  constructor(readonly perSecond: number) {
    this.tokens = perSecond;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
