/**
 * A scripted KMIP server over mutual TLS for the client's unit tests: certificates from the
 * project's own PKI (EC P-256, fast), a framer on each connection, and a handler that decides
 * what each request gets back — a typed Response Message, raw bytes split at odd offsets,
 * silence, or a closed socket.
 */
import type { AddressInfo } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import { ResultStatus } from "../../src/kmip/generated/enums.js";
import {
  decodeRequestMessage,
  encodeResponseMessage,
  encodeResponsePayload,
  type RequestMessage,
  type ResponseBatchItem,
  type ResponseMessage,
} from "../../src/kmip/messages.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { generateCaHierarchy } from "../../src/pki/ca.js";
import { issueClientCertificate } from "../../src/pki/client-cert.js";
import { issueServerCertificate } from "../../src/pki/server-cert.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { TtlvFramer } from "../../src/ttlv/framer.js";

export interface Credentials {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/** A CA hierarchy, a server certificate for 127.0.0.1/localhost and a client certificate. */
export async function makeCredentials(): Promise<Credentials> {
  const now = new Date();
  const ca = await generateCaHierarchy({ keyType: "ec", keyBits: 256, now });
  const server = await issueServerCertificate({ ca, now });
  const client = await issueClientCertificate({
    ca,
    scopeId: "scopeTest01",
    roleId: "roleTest001",
    keyType: "ec",
    keyBits: 256,
    ttlSeconds: 3600,
    now,
  });
  return {
    ca: ca.root.certificatePem,
    cert: `${client.certificatePem}\n${ca.intermediate.certificatePem}\n`,
    key: client.privateKeyPem ?? "",
    serverCert: `${server.certificatePem}\n${ca.intermediate.certificatePem}\n`,
    serverKey: server.privateKeyPem,
  };
}

/**
 * What to do with one request: answer (typed, or bytes written in pieces, or bytes in one
 * write), stay silent, or hang up.
 */
export type Reply = ResponseMessage | Uint8Array | { readonly whole: Uint8Array } | "silence" | "close";
export type Handler = (
  request: RequestMessage,
  version: KmipVersion,
  socket: TLSSocket,
) => Reply | Promise<Reply>;

export interface FakeServer {
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RequestMessage[];
  close(): Promise<void>;
}

/** A Response Message answering each batch item of `request` with `payload(item)` (or a failure). */
export function answer(
  request: RequestMessage,
  version: KmipVersion,
  result: (item: RequestMessage["batchItem"][number]) => {
    payload?: unknown;
    reason?: number;
    message?: string;
  },
): ResponseMessage {
  const batchItem = request.batchItem.map((item): ResponseBatchItem => {
    const r = result(item);
    const failed = r.reason !== undefined;
    return {
      operation: item.operation,
      uniqueBatchItemID: item.uniqueBatchItemID,
      resultStatus: failed ? ResultStatus.OperationFailed : ResultStatus.Success,
      resultReason: r.reason,
      resultMessage: r.message,
      responsePayload: failed ? undefined : encodeResponsePayload(item.operation, r.payload ?? {}, version),
      messageExtension: [],
    } as ResponseBatchItem;
  });
  const header = {
    protocolVersion: request.requestHeader.protocolVersion,
    timeStamp: BigInt(Math.floor(Date.now() / 1000)),
    attestationType: [],
    batchCount: batchItem.length,
  };
  return { responseHeader: header, batchItem } as ResponseMessage;
}

/** Writes `bytes` in pieces of 1, 3, 7, 13 … bytes, so the client's framer must reassemble. */
function writeInPieces(socket: TLSSocket, bytes: Uint8Array): void {
  let at = 0;
  for (let step = 1; at < bytes.length; step = (step * 2 + 1) % 29 || 1) {
    socket.write(bytes.subarray(at, at + step));
    at += step;
  }
}

async function serve(socket: TLSSocket, handler: Handler, requests: RequestMessage[]): Promise<void> {
  const framer = new TtlvFramer();
  let chain = Promise.resolve();
  socket.on("data", (chunk: Buffer) => {
    for (const frame of framer.push(chunk)) {
      chain = chain.then(async () => {
        const tree = decodeTtlv(frame);
        const request = decodeRequestMessage(tree);
        const pv = request.requestHeader.protocolVersion;
        const version = (pv.protocolVersionMajor * 10 + pv.protocolVersionMinor) as KmipVersion;
        requests.push(request);
        const reply = await handler(request, version, socket);
        if (reply === "silence") return;
        if (reply === "close") socket.destroy();
        else if (reply instanceof Uint8Array) writeInPieces(socket, reply);
        else if ("whole" in reply) socket.write(reply.whole);
        else writeInPieces(socket, encodeTtlv(encodeResponseMessage(reply, version)));
      });
    }
  });
  socket.on("error", () => {});
}

export async function startFakeServer(credentials: Credentials, handler: Handler): Promise<FakeServer> {
  const requests: RequestMessage[] = [];
  const server: Server = createServer(
    {
      key: credentials.serverKey,
      cert: credentials.serverCert,
      ca: [credentials.ca],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
    },
    (socket) => void serve(socket, handler, requests),
  );
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const sockets = new Set<TLSSocket>();
  server.on("secureConnection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
