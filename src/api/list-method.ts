/**
 * Vault's `LIST` HTTP method on a Node server.
 *
 * Vault clients send `LIST /v1/<path>` (Vault API docs, "HTTP API": "either issue a GET with the
 * query string parameter list=true, or you use the LIST HTTP verb"). Node's HTTP parser (llhttp)
 * knows only the methods in `http.METHODS`, and LIST is not one of them: it answers 400 before any
 * handler runs. So the rewrite happens below the parser: every accepted socket (plain, or the
 * decrypted side of a TLS socket) is wrapped in a duplex that turns the request line
 * `LIST <target> HTTP/1.x` into `GET <target with list=true added> HTTP/1.x` at the start of each
 * request of a keep-alive connection, and forwards every other byte untouched. Request boundaries
 * come from `Http1RequestScanner` (Content-Length and chunked bodies, pipelining).
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import { Http1RequestScanner } from "./framework/http1-scanner.js";

/** Node's own default `maxHeaderSize` (16 KiB); a longer head is passed to Node to refuse (431). */
export const HEAD_BYTES_MAX = 16 * 1024;

const LIST_PREFIX = "LIST ";

/** Rewrites a complete request head if its method is LIST; any other head is returned as is. */
export function rewriteListHead(head: Buffer): Buffer {
  if (head.length < LIST_PREFIX.length || head.toString("latin1", 0, LIST_PREFIX.length) !== LIST_PREFIX) {
    return head;
  }
  const lineEnd = head.indexOf("\r\n");
  const line = head.toString("latin1", 0, lineEnd);
  const m = /^LIST (\S+) (HTTP\/\d\.\d)$/.exec(line);
  if (!m) return head; // malformed: Node answers 400 for it
  const target = m[1]!;
  const separator = target.includes("?") ? "&" : "?";
  const requestLine = `GET ${target}${separator}list=true ${m[2]}`;
  return Buffer.concat([Buffer.from(requestLine, "latin1"), head.subarray(lineEnd)]);
}

/**
 * The socket Node's HTTP server sees: reads come from `inner` through the scanner, writes go to
 * `inner` unchanged. Only what Node's server and fastify use of a socket is forwarded.
 */
export class ListRewritingSocket extends Duplex {
  readonly #inner: Socket;
  readonly #scanner = new Http1RequestScanner({ headBytesMax: HEAD_BYTES_MAX, rewriteHead: rewriteListHead });
  /** Set for a TLS connection, as on a TLSSocket (fastify reads it to tell http from https). */
  readonly encrypted: boolean;

  constructor(inner: Socket, encrypted = false) {
    super({ allowHalfOpen: true });
    this.#inner = inner;
    this.encrypted = encrypted;
    inner.on("data", (chunk: Buffer) => this.#onData(chunk));
    inner.on("end", () => this.push(null));
    inner.on("timeout", () => this.emit("timeout"));
    inner.on("error", (err) => this.destroy(err));
    inner.on("close", () => this.destroy());
  }

  #onData(chunk: Buffer): void {
    let more = true;
    for (const piece of this.#scanner.push(chunk)) more = this.push(piece) && more;
    if (!more) this.#inner.pause();
  }

  override _read(): void {
    this.#inner.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#inner.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#inner.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#inner.destroyed) this.#inner.destroy(error ?? undefined);
    callback(error);
  }

  get remoteAddress(): string | undefined {
    return this.#inner.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.#inner.remotePort;
  }
  get remoteFamily(): string | undefined {
    return this.#inner.remoteFamily;
  }
  get localAddress(): string | undefined {
    return this.#inner.localAddress;
  }
  get localPort(): number | undefined {
    return this.#inner.localPort;
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.#inner.setTimeout(ms);
    if (callback) this.once("timeout", callback);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.#inner.setNoDelay(noDelay);
    return this;
  }
  setKeepAlive(enable?: boolean, initialDelayMs?: number): this {
    this.#inner.setKeepAlive(enable, initialDelayMs);
    return this;
  }
}

/**
 * Makes `server` hand its connection listeners a `ListRewritingSocket` instead of the accepted
 * socket. For an HTTPS server the listeners of `secureConnection` (the decrypted TLSSocket) are
 * wrapped, never `connection` (the raw TCP socket the TLS layer reads).
 */
export function installListMethod(server: Server, tls: boolean): void {
  const event = tls ? "secureConnection" : "connection";
  const listeners = server.listeners(event) as ((socket: unknown) => void)[];
  server.removeAllListeners(event);
  server.on(event, (socket: Socket) => {
    const wrapped = new ListRewritingSocket(socket, tls);
    for (const listener of listeners) listener.call(server, wrapped);
  });
}
