/**
 * The load generator's view of one connection: mutual TLS from a shared secure context (the
 * PEM is parsed once, not per connection), one request in flight, the response framed by
 * kmipd's own TTLV framer and handed back whole. Nothing is decoded here: the load generator
 * reads the Result Status straight from the bytes (`result-bytes.ts`) so that its own cost per
 * request stays small next to the server's.
 */
import { connect, type SecureContext, type TLSSocket } from "node:tls";
import { CLIENT_TTLV_LIMITS } from "../src/client/connection.js";
import { TtlvFramer } from "../src/ttlv/framer.js";

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly context: SecureContext;
  readonly timeoutMs: number;
  /** Every open socket, so that the run can cut them all when its window closes. */
  readonly open?: Set<TLSSocket>;
}

/**
 * Connects and completes the handshake. Without `session` none is offered, so it is always a
 * full one; with it (a ticket from an earlier connection) the server may resume that session.
 */
export function openTls(to: Endpoint, session?: Buffer): Promise<TLSSocket> {
  return new Promise((done, fail) => {
    const socket = connect({
      host: to.host,
      port: to.port,
      secureContext: to.context,
      minVersion: "TLSv1.2",
      ...(session !== undefined && { session }),
    });
    to.open?.add(socket);
    socket.once("close", () => to.open?.delete(socket));
    const timer = setTimeout(() => socket.destroy(new Error("TLS handshake timed out")), to.timeoutMs);
    const onError = (e: Error) => {
      clearTimeout(timer);
      fail(e);
    };
    // Destroyed without an error (the run's end cut it): no "error" event comes, only "close".
    const onClose = () => onError(new Error("closed during the TLS handshake"));
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      socket.off("close", onClose);
      socket.setNoDelay(true);
      done(socket);
    });
    socket.once("close", onClose);
    socket.once("error", onError);
  });
}

interface Waiter {
  resolve(message: Uint8Array): void;
  reject(error: Error): void;
}

export class Wire {
  private readonly framer = new TtlvFramer(CLIENT_TTLV_LIMITS);
  private waiter: Waiter | undefined;
  private failure: Error | undefined;

  constructor(
    readonly socket: TLSSocket,
    timeoutMs: number,
  ) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (e) => this.fail(e));
    socket.on("close", () => this.fail(new Error("the server closed the connection")));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("no response in time")));
  }

  /** Writes one request and resolves with the next whole message the server sends. */
  send(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.failure ??= new Error("closed");
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let messages: Uint8Array[];
    try {
      messages = this.framer.push(chunk);
    } catch (e) {
      this.socket.destroy(e as Error);
      return;
    }
    for (const m of messages) {
      const w = this.waiter;
      this.waiter = undefined;
      w?.resolve(m);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(this.failure);
  }
}
