/**
 * One mutual-TLS connection to a KMIP server, carrying whole TTLV messages.
 *
 * KMIP 1.4 §10 (Transport): client and server "SHALL establish and maintain channel
 * confidentiality and integrity, and provide assurance of authenticity" as the KMIP Profiles
 * specify, whose authentication suites are TLS with mutual certificate authentication; TLS 1.2
 * is the floor here (OpenSSL 3 refuses the older versions anyway). Each request is answered by
 * one response on the same connection, in order. A framer splits the byte stream into messages
 * (the 8-byte TTLV header gives the length, 1.4 §9.1.1); exactly one request is in flight at a
 * time and later ones wait their turn, so a response always belongs to the oldest unanswered
 * request.
 */
import { isIP } from "node:net";
import { checkServerIdentity, connect, type TLSSocket } from "node:tls";
import { TtlvError } from "../ttlv/errors.js";
import { TtlvFramer } from "../ttlv/framer.js";
import type { TtlvLimits } from "../ttlv/limits.js";
import { KmipTransportError } from "./errors.js";

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** PEM bundle of the CAs that may sign the server's certificate. */
  readonly ca: string | Buffer;
  /** PEM client certificate (chain) and its private key. */
  readonly cert: string;
  readonly key: string;
  /** Name to check the server certificate against (and to send as SNI); default: host. */
  readonly servername?: string | undefined;
  /** Bound on the TLS handshake and on each request's round trip. */
  readonly timeoutMs: number;
  readonly limits?: Partial<TtlvLimits>;
}

/** A client trusts its server more than a server trusts clients: room for large Locate or Get answers. */
export const CLIENT_TTLV_LIMITS: Partial<TtlvLimits> = {
  messageBytesMax: 64 * 1024 * 1024,
  byteStringBytesMax: 64 * 1024 * 1024,
  itemsMax: 2_000_000,
};

interface Pending {
  resolve(message: Uint8Array): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class KmipConnection {
  private readonly framer: TtlvFramer;
  private pending: Pending | undefined;
  private failure: Error | undefined;
  /** The last queued exchange; the next one starts when it settles. */
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly socket: TLSSocket,
    private readonly timeoutMs: number,
    limits: Partial<TtlvLimits>,
  ) {
    this.framer = new TtlvFramer(limits);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (err) =>
      this.fail(new KmipTransportError("closed", `connection error: ${err.message}`)),
    );
    socket.on("close", () => this.fail(new KmipTransportError("closed", "the server closed the connection")));
  }

  /** Connects and completes the TLS handshake (server certificate verified against `ca`). */
  static open(options: ConnectionOptions): Promise<KmipConnection> {
    const sni = options.servername ?? options.host;
    const socket = connect({
      host: options.host,
      port: options.port,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      minVersion: "TLSv1.2",
      // SNI carries host names only (RFC 6066 §3); an IP address is still checked against the SANs.
      ...(isIP(sni) === 0 ? { servername: sni } : {}),
      checkServerIdentity: (_host, cert) => checkServerIdentity(sni, cert),
    });
    // Listen before anything can happen on the socket, so no event finds it without a handler.
    const connection = new KmipConnection(socket, options.timeoutMs, options.limits ?? CLIENT_TTLV_LIMITS);
    return handshake(socket, options).then(() => connection);
  }

  /** Sends one request message and resolves with the next response message; queued behind earlier ones. */
  exchange(request: Uint8Array): Promise<Uint8Array> {
    const run = this.tail.then(
      () => this.send(request),
      () => this.send(request),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  get closed(): boolean {
    return this.failure !== undefined;
  }

  /** Ends the TLS session politely; resolves when the socket is closed. */
  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.failure ??= new KmipTransportError("closed", "the connection was closed");
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 1000).unref();
    });
  }

  private send(request: Uint8Array): Promise<Uint8Array> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The response may still come; the stream can no longer be matched to requests.
        this.destroy(new KmipTransportError("timeout", `no response within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending = { resolve, reject, timer };
      this.socket.write(request);
    });
  }

  private onData(chunk: Buffer): void {
    let messages: Uint8Array[];
    try {
      messages = this.framer.push(chunk);
    } catch (e) {
      const why = e instanceof TtlvError ? e.message : String(e);
      this.destroy(new KmipTransportError("protocol", `bad response framing: ${why}`, { cause: e }));
      return;
    }
    for (const m of messages) this.deliver(m);
  }

  private deliver(message: Uint8Array): void {
    const p = this.pending;
    if (p === undefined) {
      this.destroy(new KmipTransportError("protocol", "the server sent a message nobody asked for"));
      return;
    }
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(message);
  }

  private destroy(error: Error): void {
    this.fail(error);
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.reject(this.failure);
  }
}

function handshake(socket: TLSSocket, options: ConnectionOptions): Promise<void> {
  const where = `${options.host}:${options.port}`;
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: KmipTransportError) => {
      clearTimeout(timer);
      socket.removeListener("secureConnect", onConnect);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
      if (error === undefined) return resolve();
      socket.destroy();
      reject(error);
    };
    const onConnect = () => settle();
    const onError = (err: NodeJS.ErrnoException) => {
      const code = err.code === "ECONNREFUSED" || err.code === "ENOTFOUND" ? "connect" : "tls";
      settle(new KmipTransportError(code, `cannot connect to ${where}: ${err.message}`, { cause: err }));
    };
    // A server that drops the connection during the handshake may send no alert.
    const onClose = () =>
      settle(new KmipTransportError("tls", `cannot connect to ${where}: connection closed`));
    const timer = setTimeout(
      () =>
        settle(
          new KmipTransportError("timeout", `TLS handshake with ${where} took over ${options.timeoutMs} ms`),
        ),
      options.timeoutMs,
    );
    socket.once("secureConnect", onConnect);
    socket.once("error", onError);
    socket.once("close", onClose);
  });
}
