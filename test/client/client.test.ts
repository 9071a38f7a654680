/**
 * The client over real mutual TLS against a scripted server (fake-server.ts): one request in
 * flight per connection with the rest queued, responses reassembled from odd-sized pieces,
 * Result Status failures as KmipResultError, and transport failures (timeout, hang-up, stray
 * messages, refused connections, an untrusted server) as KmipTransportError.
 */
import { type AddressInfo, createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmipClient } from "../../src/client/client.js";
import { KmipRequestError, KmipResultError, KmipTransportError } from "../../src/client/errors.js";
import { Operation, ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import { decodeRequestPayload, encodeResponseMessage } from "../../src/kmip/messages.js";
import type { GetRequest } from "../../src/kmip/payloads/get.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import {
  answer,
  type Credentials,
  type FakeServer,
  type Handler,
  makeCredentials,
  startFakeServer,
} from "./fake-server.js";

let creds: Credentials;
const servers: FakeServer[] = [];

beforeAll(async () => {
  creds = await makeCredentials();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serverWith(handler: Handler): Promise<FakeServer> {
  const s = await startFakeServer(creds, handler);
  servers.push(s);
  return s;
}

function connect(port: number, extra: Partial<Parameters<typeof KmipClient.connect>[0]> = {}) {
  return KmipClient.connect({
    host: "127.0.0.1",
    port,
    ca: creds.ca,
    cert: creds.cert,
    key: creds.key,
    ...extra,
  });
}

/** Answers Get with a 16-byte AES key named by the request's identifier, after `delayMs`. */
function getHandler(delayMs = 0, inFlight = { now: 0, max: 0 }): Handler {
  return async (request, version) => {
    inFlight.now += 1;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight.now -= 1;
    return answer(request, version, (item) => {
      const payload = decodeRequestPayload(item.operation, item.requestPayload, version) as GetRequest;
      const uid = payload.uniqueIdentifier;
      const keyBlock = { keyFormatType: 1, keyValue: { keyMaterial: new Uint8Array(16).fill(Number(uid)) } };
      return {
        payload: {
          objectType: 2,
          uniqueIdentifier: uid,
          object: { type: "symmetricKey", value: { keyBlock } },
        },
      };
    });
  };
}

describe("KmipClient over mutual TLS", () => {
  it("sends one request at a time and matches every response to its call", async () => {
    const inFlight = { now: 0, max: 0 };
    const server = await serverWith(getHandler(5, inFlight));
    const client = await connect(server.port);
    const uids = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const results = await Promise.all(uids.map((u) => client.get(u)));
    expect(results.map((r) => r.uniqueIdentifier)).toEqual(uids);
    expect(results.map((r) => r.keyMaterial?.[0])).toEqual(uids.map(Number));
    expect(inFlight.max).toBe(1);
    await client.close();
  });

  it("writes the Request Header the spec asks for (KMIP 1.4 §7.2)", async () => {
    const server = await serverWith(getHandler());
    const client = await connect(server.port, { version: "2.0" });
    const items = ["7", "8"].map((u) => ({ operation: Operation.Get, payload: { uniqueIdentifier: u } }));
    const r = await client.request(items, { maximumResponseSize: 4096, batchErrorContinuationOption: 1 });
    const header = server.requests.at(-1)?.requestHeader;
    expect(header).toMatchObject({
      protocolVersion: { protocolVersionMajor: 2, protocolVersionMinor: 0 },
      maximumResponseSize: 4096,
      batchErrorContinuationOption: 1,
      batchCount: 2,
    });
    const ids = server.requests
      .at(-1)
      ?.batchItem.map((i) => Buffer.from(i.uniqueBatchItemID ?? []).toString("hex"));
    expect(new Set(ids).size).toBe(2);
    expect(r.version).toBe(20);
    expect(r.batchItems.map((i) => (i.payload as { uniqueIdentifier: string }).uniqueIdentifier)).toEqual([
      "7",
      "8",
    ]);
    await client.get("9");
    // One item: no Unique Batch Item ID needed, no Batch Error Continuation Option allowed (§6.13).
    expect(server.requests.at(-1)?.batchItem[0]?.uniqueBatchItemID).toBeUndefined();
    await client.close();
  });

  it("throws KmipResultError with the Result Status, Reason and Message", async () => {
    const server = await serverWith((request, version) =>
      answer(request, version, () => ({ reason: ResultReason.ItemNotFound, message: "no such object" })),
    );
    const client = await connect(server.port);
    const error = await client.get("42").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KmipResultError);
    expect(error).toMatchObject({
      resultStatus: ResultStatus.OperationFailed,
      resultReason: ResultReason.ItemNotFound,
      resultMessage: "no such object",
      operation: Operation.Get,
      reasonName: "Item Not Found",
    });
    expect((error as Error).message).toBe("Get failed: Item Not Found (no such object)");
    expect(client.closed).toBe(false);
    await client.close();
  });

  it("refuses locally what the protocol version cannot carry", async () => {
    const server = await serverWith(getHandler());
    const client = await connect(server.port, { version: 1.0 });
    await expect(client.discoverVersions()).rejects.toThrow(KmipRequestError);
    expect(server.requests).toHaveLength(0);
    await client.close();
  });

  it("fails a request that gets no answer in time, and every later one", async () => {
    const server = await serverWith(() => "silence");
    const client = await connect(server.port, { timeoutMs: 300 });
    const first = client.get("1");
    const second = client.get("2");
    await expect(first).rejects.toMatchObject({ name: "KmipTransportError", code: "timeout" });
    await expect(second).rejects.toMatchObject({ code: "timeout" });
    expect(client.closed).toBe(true);
    await client.close();
  });

  it("reports a hang-up, a stray message and garbage as transport errors", async () => {
    const hangUp = await serverWith(() => "close");
    const c1 = await connect(hangUp.port);
    await expect(c1.get("1")).rejects.toMatchObject({ code: "closed" });

    const stray = await serverWith((request, version) => {
      const typed = answer(request, version, () => ({ payload: { uniqueIdentifier: "1" } }));
      const reply = encodeTtlv(encodeResponseMessage(typed, version));
      return { whole: Buffer.concat([reply, reply]) }; // the second answer has no request
    });
    const c2 = await connect(stray.port);
    await c2.activate("1");
    await expect(c2.activate("1")).rejects.toMatchObject({ code: "protocol" });

    const garbage = await serverWith(() => new Uint8Array(16).fill(0x42));
    const c3 = await connect(garbage.port);
    await expect(c3.get("1")).rejects.toBeInstanceOf(KmipTransportError);
    await Promise.all([c1.close(), c2.close(), c3.close()]);
  });

  it("refuses an untrusted server and an unreachable port", async () => {
    const server = await serverWith(getHandler());
    const other = await makeCredentials();
    const wrongCa = connect(server.port, { ca: other.ca });
    await expect(wrongCa).rejects.toMatchObject({ code: "tls" });
    const wrongName = connect(server.port, { servername: "kmip.example.com" });
    await expect(wrongName).rejects.toMatchObject({ code: "tls" });
    const closed = await serverWith(getHandler());
    await closed.close();
    await expect(connect(closed.port)).rejects.toMatchObject({ code: "connect" });
    // A plain TCP listener that hangs up at once, before any TLS.
    const rude = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => rude.listen(0, "127.0.0.1", resolve));
    const port = (rude.address() as AddressInfo).port;
    await expect(connect(port)).rejects.toMatchObject({ name: "KmipTransportError", code: "tls" });
    await new Promise((resolve) => rude.close(resolve));
  });

  it("takes the certificate and key from one PEM when no key is given", async () => {
    const server = await serverWith(getHandler());
    const client = await KmipClient.connect({
      host: "127.0.0.1",
      port: server.port,
      ca: creds.ca,
      cert: `${creds.key}\n${creds.cert}`,
    });
    expect((await client.get("3")).keyMaterial).toEqual(new Uint8Array(16).fill(3));
    await client.close();
  });
});
