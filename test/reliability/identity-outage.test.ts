/**
 * A storage outage while a connection's client must be looked up (src/server/connection.ts): the
 * request gets a KMIP Response Message, General Failure with "storage unavailable, try again
 * later (reference …)" and nothing of the internal cause; the connection stays open, and once
 * storage answers again the same connection is served. Any other lookup failure (a bug) says
 * "cannot verify the client now". The connection runs over a plain local socket: TLS plays no part
 * in what is tested here.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kmipOperations, serverInfo } from "../../src/app.js";
import { silentLogger } from "../../src/core/logger.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import type { ClientIdentity, MaterialSealer } from "../../src/operations/types.js";
import { KmipConnection } from "../../src/server/connection.js";
import type { ConnectionIdentity } from "../../src/server/identity.js";
import type { MessageDeps } from "../../src/server/message.js";
import { resolveServiceLimits } from "../../src/server/options.js";
import type { ObjectStore } from "../../src/storage/objects.js";
import { StorageError } from "../../src/storage/types.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { TtlvFramer } from "../../src/ttlv/framer.js";
import { field, readResponse } from "../server/ttlv-builders.js";
import { carrier, failed, outcomes, ResultReason, SUCCESS } from "./shaped.js";

const CLIENT: ClientIdentity = {
  scopeName: "s",
  scopeId: "s-id",
  roleName: "r",
  roleId: "r-id",
  certificateSerial: "1",
  operations: new Set(["Discover Versions"]),
};

/** What the identity lookup does next: throw this error, or answer. */
let lookup: () => Promise<ClientIdentity | undefined> = async () => CLIENT;
let server: Server;
let port: number;

beforeAll(async () => {
  const operations = kmipOperations();
  const message: MessageDeps = {
    operations,
    serverInfo: serverInfo(operations),
    // Discover Versions touches neither; the outage is in the identity lookup.
    objects: {} as ObjectStore,
    sealer: {} as MaterialSealer,
    now: () => new Date(),
    logger: silentLogger,
    ttlvLimits: resolveServiceLimits().ttlv,
  };
  const identity = { current: () => lookup(), invalidate: () => undefined } as unknown as ConnectionIdentity;
  server = createServer((socket) => {
    const connection = new KmipConnection(socket as unknown as TLSSocket, {
      mountUuid: "m",
      limits: resolveServiceLimits(),
      message,
      identity,
      sealed: () => false,
      logger: silentLogger,
      logFields: {},
    });
    connection.start();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => {
  server?.close();
});

/** A client over plain TCP: sends a request, reads the next framed response. */
async function client(): Promise<{ ask(bytes: Uint8Array): Promise<Uint8Array>; socket: Socket }> {
  const socket = tcpConnect({ host: "127.0.0.1", port });
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const framer = new TtlvFramer();
  const ready: Uint8Array[] = [];
  let waiting: ((m: Uint8Array) => void) | undefined;
  socket.on("data", (chunk: Buffer) => {
    for (const m of framer.push(chunk)) {
      if (waiting) {
        waiting(m);
        waiting = undefined;
      } else ready.push(m);
    }
  });
  return {
    socket,
    ask(bytes) {
      socket.write(bytes);
      const next = ready.shift();
      if (next) return Promise.resolve(next);
      return new Promise((resolve) => (waiting = resolve));
    },
  };
}

const request = (version: [number, number] = [1, 4]) => encodeTtlv(carrier([], version));

describe("the client lookup during a storage outage", () => {
  it("answers General Failure, storage unavailable, keeps the connection and serves it once storage is back", async () => {
    const c = await client();
    lookup = () => Promise.reject(new StorageError("connect ECONNREFUSED 10.0.0.7:5432", "unavailable"));
    for (const version of [
      [1, 4],
      [2, 1],
    ] as [number, number][]) {
      const refused = readResponse(await c.ask(request(version)));
      expect(refused.version).toEqual(version);
      expect(outcomes(refused)).toEqual([failed(ResultReason.GeneralFailure)]);
      const text = field(refused.items[0], Tag.ResultMessage) as string;
      expect(text).toMatch(/^storage unavailable, try again later \(reference [0-9a-f]+\)$/);
      expect(text).not.toMatch(/ECONNREFUSED|5432/);
    }
    expect(c.socket.destroyed).toBe(false);
    lookup = async () => CLIENT;
    expect(outcomes(readResponse(await c.ask(request())))).toEqual([SUCCESS]);
    c.socket.destroy();
  });

  it("says it cannot verify the client for any other failure of the lookup", async () => {
    const c = await client();
    lookup = () => Promise.reject(new TypeError("x is undefined"));
    const refused = readResponse(await c.ask(request()));
    expect(outcomes(refused)).toEqual([failed(ResultReason.GeneralFailure)]);
    expect(field(refused.items[0], Tag.ResultMessage)).toMatch(
      /^cannot verify the client now \(reference [0-9a-f]+\)$/,
    );
    lookup = async () => CLIENT;
    expect(outcomes(readResponse(await c.ask(request())))).toEqual([SUCCESS]);
    c.socket.destroy();
  });
});
