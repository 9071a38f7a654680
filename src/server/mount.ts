/**
 * The KMIP service of one mounted engine: its listeners follow the engine's configuration (start,
 * stop, rebind, new TLS contexts) as soon as a change event arrives, and every change drops the
 * cached identity of its connections and the mount's cached engine answers (`IdentityDirectory`):
 * revocation reaches live and new connections within a second.
 */
import type { TLSSocket } from "node:tls";
import type { KmipChange } from "../engine/kmip/events.js";
import type { KmipEngineState } from "../engine/kmip/state.js";
import { acceptConnection } from "./accept.js";
import type { KmipConnection } from "./connection.js";
import { IdentityDirectory } from "./identity-directory.js";
import { desiredSpecs, type ListenSpec } from "./listen-specs.js";
import { KmipListener } from "./listener.js";
import type { MessageDeps } from "./message.js";
import type { ServiceLimits } from "./options.js";

export interface MountDeps {
  readonly limits: ServiceLimits;
  readonly message: MessageDeps;
  readonly sealed: () => boolean;
}

/** A running listener as reported by `KmipService.listeners()`. */
export interface ListenerStatus {
  readonly target: ListenSpec["target"];
  readonly address: string;
  readonly host: string;
  readonly port: number;
}

/** Changes that can alter listeners; scope, role and credential changes alter identities only. */
const listenerKinds = new Set<KmipChange["kind"]>(["config", "listener", "ca", "external"]);

export class MountRuntime {
  private readonly listeners = new Map<string, KmipListener>();
  private readonly connections = new Map<KmipConnection, KmipListener>();
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** What new connections ask the engine, dropped on every change event as identities are. */
  private readonly directory: IdentityDirectory;

  constructor(
    readonly mountUuid: string,
    readonly state: KmipEngineState,
    private deps: MountDeps,
  ) {
    this.directory = new IdentityDirectory(state);
  }

  /**
   * New limits (`KmipService.setLimits`): the connection cap applies to each listener now, a new
   * handshake deadline restarts listeners in place (next reconcile), and connections accepted from
   * now on get the new deps; open connections keep theirs.
   */
  setDeps(deps: MountDeps): void {
    this.deps = deps;
    if (this.stopped) return;
    for (const listener of this.listeners.values()) listener.setConnectionsMax(deps.limits.connectionsMax);
    void this.reconcile();
  }

  async start(): Promise<void> {
    this.unsubscribe = this.state.onChange((change) => this.onChange(change));
    await this.reconcile();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    await this.running?.catch(() => undefined);
    await Promise.all([...this.listeners.keys()].map((key) => this.stopListener(key)));
    for (const connection of this.connections.keys()) connection.close("KMIP service detached");
    // A drain: requests in flight finish before the caller seals or closes storage (each close
    // is bounded by closeGraceMs).
    await Promise.all([...this.connections.keys()].map((connection) => connection.closed));
  }

  /** Applies the engine's configuration now; concurrent calls coalesce into one more pass. */
  reconcile(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      do {
        this.again = false;
        await this.applyOnce();
      } while (this.again && !this.stopped);
    };
    this.running = run()
      .catch((error: unknown) => {
        // Never an unhandled rejection: log, and try again later.
        this.deps.message.logger.error(
          { mount: this.mountUuid, error: String(error) },
          "KMIP reconcile failed",
        );
        this.scheduleRetry();
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Resolves when no reconciliation is running or queued. */
  async settled(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Which target holds `address` on this mount, if any. */
  holderOf(address: string): ListenSpec["target"] | undefined {
    for (const listener of this.listeners.values()) {
      if (listener.spec.address === address) return listener.spec.target;
    }
    return undefined;
  }

  status(): ListenerStatus[] {
    return [...this.listeners.values()].flatMap((l) => {
      const bound = l.address();
      return bound
        ? [{ target: l.spec.target, address: l.spec.address, host: bound.address, port: bound.port }]
        : [];
    });
  }

  private onChange(change: KmipChange): void {
    this.directory.invalidate();
    for (const connection of this.connections.keys()) connection.invalidate();
    if (listenerKinds.has(change.kind) && !this.stopped) void this.reconcile();
  }

  private async applyOnce(): Promise<void> {
    if (this.stopped) return;
    const { logger } = this.deps.message;
    let specs: ListenSpec[];
    try {
      specs = await desiredSpecs(this.state, this.deps.limits.handshakeTimeoutMs, logger);
    } catch (error) {
      logger.warn(
        { mount: this.mountUuid, error: String(error) },
        "KMIP listener configuration unreadable; will retry",
      );
      return this.scheduleRetry();
    }
    const wanted = new Map(specs.map((s) => [s.key, s]));
    for (const key of [...this.listeners.keys()]) if (!wanted.has(key)) await this.stopListener(key);
    let failed = false;
    for (const spec of specs) {
      if (this.stopped) return;
      failed = !(await this.apply(spec)) || failed;
    }
    if (failed) this.scheduleRetry();
  }

  /** Starts, updates or restarts one listener; false when it could not be bound. */
  private async apply(spec: ListenSpec): Promise<boolean> {
    const current = this.listeners.get(spec.key);
    try {
      // The handshake deadline is fixed when the TLS server is made: a change means a new server
      // (open connections stay).
      if (current !== undefined && current.spec.handshakeTimeoutMs === spec.handshakeTimeoutMs) {
        current.update(spec);
        return true;
      }
      if (current !== undefined) await this.stopListener(spec.key, false);
    } catch (error) {
      return this.failed(spec, error, "KMIP listener TLS context rejected; will retry");
    }
    let listener: KmipListener;
    try {
      listener = new KmipListener(spec, {
        sealed: this.deps.sealed,
        logger: this.deps.message.logger,
        connectionsMax: this.deps.limits.connectionsMax,
        ...(this.deps.message.metrics && { metrics: this.deps.message.metrics }),
        onSecureConnection: (socket, from) => this.accept(socket, from),
      });
      await listener.start();
    } catch (error) {
      return this.failed(spec, error, "KMIP listener cannot start; will retry");
    }
    this.listeners.set(spec.key, listener);
    // Connections of a listener restarted in place now belong to its successor.
    for (const [connection, from] of this.connections)
      if (from === current) this.connections.set(connection, listener);
    return true;
  }

  private failed(spec: ListenSpec, error: unknown, message: string): false {
    const reason = error instanceof Error ? error.message : String(error);
    this.deps.message.logger.error({ mount: this.mountUuid, listener: spec.key, error: reason }, message);
    return false;
  }

  private async stopListener(key: string, closeConnections = true): Promise<void> {
    const listener = this.listeners.get(key);
    if (listener === undefined) return;
    this.listeners.delete(key);
    await listener.stop();
    if (!closeConnections) return;
    for (const [connection, from] of this.connections) {
      if (from === listener) connection.close("listener removed");
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconcile();
    }, this.deps.limits.retryMs);
    this.retryTimer.unref();
  }

  /** A verified handshake: identify the client, then serve it. */
  private accept(socket: TLSSocket, listener: KmipListener): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    let connection: KmipConnection | undefined;
    try {
      connection = acceptConnection(socket, listener.spec, {
        mountUuid: this.mountUuid,
        state: this.state,
        source: this.directory,
        ...this.deps,
      });
    } catch (error) {
      this.deps.message.logger.error(
        { mount: this.mountUuid, error: String(error) },
        "KMIP connection setup failed",
      );
      socket.destroy();
      return;
    }
    if (connection === undefined) return;
    this.connections.set(connection, listener);
    void connection.closed.then(() => this.connections.delete(connection));
  }
}
