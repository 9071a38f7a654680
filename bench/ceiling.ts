/**
 * The ceiling: the fastest a Node.js KMIP server could be on this machine. A bare mutual-TLS
 * server with the TLS settings kmipd's listeners use (TLS 1.2 floor, client certificate
 * required and verified, Nagle off), framing TTLV with kmipd's own framer, and answering every
 * request with one fixed Get response encoded once. It decodes nothing, authorizes nothing,
 * stores nothing: whatever kmipd does beyond this is the cost of being a key server.
 *
 * The benchmark runs it as its own process (`servers/ceiling-child.ts`); the smoke test runs
 * `startCeiling` in-process.
 */
import type { AddressInfo } from "node:net";
import { createServer, type TLSSocket } from "node:tls";
import { TtlvFramer } from "../src/ttlv/framer.js";

export interface CeilingOptions {
  readonly host?: string;
  readonly port?: number;
  /** PEM: the server's certificate and key, and the CA its clients' certificates chain to. */
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  /** The answer to every request. */
  readonly response: Uint8Array;
}

export interface Ceiling {
  readonly port: number;
  close(): Promise<void>;
}

function serve(socket: TLSSocket, response: Uint8Array): void {
  socket.setNoDelay(true);
  const framer = new TtlvFramer();
  socket.on("data", (chunk: Buffer) => {
    let messages: Uint8Array[];
    try {
      messages = framer.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (let i = 0; i < messages.length; i++) socket.write(response);
  });
  socket.on("error", () => socket.destroy());
}

export function startCeiling(options: CeilingOptions): Promise<Ceiling> {
  const sockets = new Set<TLSSocket>();
  const server = createServer(
    {
      cert: options.cert,
      key: options.key,
      ca: options.ca,
      minVersion: "TLSv1.2",
      requestCert: true,
      rejectUnauthorized: true,
      handshakeTimeout: 10_000,
    },
    (socket) => {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      serve(socket, options.response);
    },
  );
  // A failed handshake (a client that gave up) ends that connection, not the server.
  server.on("tlsClientError", (_e, socket) => socket.destroy());
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const close = () =>
        new Promise<void>((closed) => {
          for (const s of sockets) s.destroy();
          server.close(() => closed());
        });
      done({ port, close });
    });
  });
}
