/**
 * From a completed handshake to a served connection: read the peer certificate, build the
 * connection's identity and start serving. No identity, no service (contract §3): a certificate
 * whose serial is unknown or revoked, or whose role or scope is gone, is closed at once.
 */
import { randomUUID } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { KmipEngineState } from "../engine/kmip/state.js";
import { KmipConnection } from "./connection.js";
import { ConnectionIdentity, peerCredentials } from "./identity.js";
import type { ListenSpec } from "./listen-specs.js";
import type { MountDeps } from "./mount.js";

export interface AcceptDeps extends MountDeps {
  readonly mountUuid: string;
  readonly state: KmipEngineState;
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
    logger.info({ ...logFields, error: String(error) }, "KMIP client certificate unreadable");
    peer = undefined;
  }
  if (peer === undefined) {
    logger.info(logFields, "KMIP connection without a client certificate closed");
    socket.destroy();
    return undefined;
  }
  const identity = new ConnectionIdentity({
    state: deps.state,
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
  });
  connection.start();
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
    if ((await identity.current()) === undefined) connection.close("client certificate not authorized");
  } catch (error) {
    // Storage unreadable for now: the first request retries and is answered General Failure.
    deps.message.logger.warn({ ...fields, error: String(error) }, "KMIP client identity unreadable");
  }
}
