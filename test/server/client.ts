/** A minimal KMIP-over-TLS test client: writes bytes, reads framed responses in order. */
import { connect, type TLSSocket } from "node:tls";
import { TtlvFramer } from "../../src/ttlv/framer.js";
import { type ReadResponse, readResponse } from "./ttlv-builders.js";

export interface ClientTls {
  readonly ca: readonly string[];
  readonly cert?: string;
  readonly key?: string;
}

export class TestClient {
  private readonly framer = new TtlvFramer();
  private readonly received: Uint8Array[] = [];
  private waiters: ((m: Uint8Array | undefined) => void)[] = [];
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: TLSSocket) {
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("data", (chunk: Buffer) => {
      for (const message of this.framer.push(chunk)) this.deliver(message);
    });
    socket.on("error", () => undefined);
    socket.once("close", () => {
      this.ended = true;
      for (const w of this.waiters) w(undefined);
      this.waiters = [];
    });
  }

  static connect(port: number, tls: ClientTls, host = "127.0.0.1"): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({
        host,
        port,
        ca: [...tls.ca],
        cert: tls.cert,
        key: tls.key,
        servername: "localhost",
      });
      socket.once("secureConnect", () => resolve(new TestClient(socket)));
      socket.once("error", reject);
    });
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next response, or undefined when the server closed first. */
  next(timeoutMs = 5000): Promise<Uint8Array | undefined> {
    const ready = this.received.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no KMIP response in time")), timeoutMs);
      this.waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  async roundTrip(bytes: Uint8Array): Promise<ReadResponse> {
    this.send(bytes);
    const response = await this.next();
    if (response === undefined) throw new Error("the server closed the connection without answering");
    return readResponse(response);
  }

  /** True when the server closes the connection within `ms`. */
  async closesWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(message: Uint8Array): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.received.push(message);
  }
}

/**
 * Tries a connection that the server must refuse: the handshake fails, or the server closes the
 * connection without ever answering a request sent on it. Resolves with how it ended.
 */
export function expectRefused(
  port: number,
  tls: ClientTls,
  request: Uint8Array,
): Promise<"handshake" | "closed"> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: "127.0.0.1",
      port,
      ca: [...tls.ca],
      cert: tls.cert,
      key: tls.key,
      servername: "localhost",
    });
    let secured = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("the connection was neither refused nor closed"));
    }, 5000);
    socket.once("secureConnect", () => {
      secured = true;
      socket.write(request);
    });
    socket.on("data", () => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error("the server answered a connection it should refuse"));
    });
    socket.on("error", () => undefined);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(secured ? "closed" : "handshake");
    });
  });
}
