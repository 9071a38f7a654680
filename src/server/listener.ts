/**
 * One TLS listener: mutual TLS (`requestCert`, `rejectUnauthorized`: a client without a
 * certificate from a trusted CA never completes the handshake), a handshake deadline, a cap on
 * connections, and no handshake at all while the core is sealed. Every refusal here is counted
 * by cause (`KmipMetrics.handshake`: TLS failures, `sealed`, `connection_limit`); refusals after
 * the handshake (no identity, per-client cap) are counted in accept.ts. New certificates, trusted CAs,
 * TLS versions or cipher suites take effect through `setSecureContext` without a rebind.
 */
import type { AddressInfo, Socket } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import type { Logger } from "../core/logger.js";
import { listenOn } from "./bind.js";
import { handshakeCause } from "./handshake-cause.js";
import type { ListenSpec } from "./listen-specs.js";
import type { KmipMetrics } from "./options.js";

export interface ListenerDeps {
  readonly sealed: () => boolean;
  readonly logger: Logger;
  readonly connectionsMax: number;
  /** Counts handshake failures by cause (src/metrics). */
  readonly metrics?: KmipMetrics;
  /** A handshake completed with a certificate the TLS layer verified. */
  readonly onSecureConnection: (socket: TLSSocket, listener: KmipListener) => void;
}

export class KmipListener {
  private readonly server: Server;
  private current: ListenSpec;
  private dropped = 0;
  private dropLoggedAt = 0;
  private connectionsMax: number;

  constructor(
    spec: ListenSpec,
    private readonly deps: ListenerDeps,
  ) {
    this.current = spec;
    this.connectionsMax = deps.connectionsMax;
    this.server = createServer(
      Object.assign({}, spec.secure, {
        requestCert: true,
        rejectUnauthorized: true,
        handshakeTimeout: spec.handshakeTimeoutMs,
      }),
      (socket) => deps.onSecureConnection(socket, this),
    );
    this.server.maxConnections = deps.connectionsMax;
    this.server.on("drop", (dropped) => this.noteDrop(dropped?.remoteAddress));
    // Runs after node's own TLS wrapping listener, before any handshake byte is read.
    this.server.on("connection", (socket: Socket) => {
      if (!deps.sealed()) return;
      deps.logger.info(
        { listener: spec.key, peer: socket.remoteAddress },
        "KMIP connection refused: core sealed",
      );
      deps.metrics?.handshake("sealed");
      socket.destroy();
    });
    this.server.on("tlsClientError", (error, socket) => {
      // A certificate that did not verify shows as "socket hang up" plus `authorizationError`.
      const cause = handshakeCause(error, socket.authorizationError);
      const fields = { listener: this.current.key, peer: socket.remoteAddress, error: error.message, cause };
      deps.logger.info(fields, "KMIP TLS handshake failed");
      deps.metrics?.handshake(cause);
      // With a listener attached node leaves the socket open (a handshake timeout would not
      // close it at all): the handshake failed, so the connection ends here.
      socket.destroy();
    });
    this.server.on("error", (error) =>
      deps.logger.error({ listener: this.current.key, error: error.message }, "KMIP listener error"),
    );
  }

  /**
   * Over the cap node closes the new socket before its handshake; only the `drop` event tells of
   * it. Logged at most once a second with the count since, so a flood does not flood the log.
   */
  private noteDrop(peer: string | undefined): void {
    this.deps.metrics?.handshake("connection_limit");
    this.dropped++;
    const now = Date.now();
    if (now - this.dropLoggedAt < 1000) return;
    const { connectionsMax: limit } = this;
    const { logger } = this.deps;
    const fields = { listener: this.current.key, peer, limit, dropped: this.dropped };
    logger.warn(fields, "KMIP connection refused: listener at its connection limit");
    this.dropLoggedAt = now;
    this.dropped = 0;
  }

  /** A new cap on open connections (a SIGHUP reload); sockets already open stay. */
  setConnectionsMax(connectionsMax: number): void {
    this.connectionsMax = connectionsMax;
    this.server.maxConnections = connectionsMax;
  }

  get spec(): ListenSpec {
    return this.current;
  }

  /** The bound address (the real port when the configured one is 0). */
  address(): AddressInfo | undefined {
    const address = this.server.address();
    return address !== null && typeof address === "object" ? address : undefined;
  }

  async start(): Promise<void> {
    await listenOn(this.server, this.current.address);
    const bound = this.address();
    this.deps.logger.info(
      { listener: this.current.key, address: bound?.address, port: bound?.port },
      "KMIP listener started",
    );
  }

  /** Takes a new spec for the same address; a changed TLS context applies to new handshakes. */
  update(spec: ListenSpec): void {
    const changed = spec.fingerprint !== this.current.fingerprint;
    this.current = spec;
    if (!changed) return;
    this.server.setSecureContext(spec.secure);
    this.deps.logger.info({ listener: spec.key }, "KMIP listener TLS context replaced");
  }

  /** Stops accepting; connections already open are the caller's to close. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      // close() calls back only once every connection has ended; the port is free right away.
      this.server.close();
      this.deps.logger.info({ listener: this.current.key }, "KMIP listener stopped");
      resolve();
    });
  }
}
