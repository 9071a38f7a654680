/**
 * The byte stream of one connection: messages split across writes, several in one write, garbage,
 * TTLV that frames but does not decode, and a message over the size limit. Bad input always gets a
 * KMIP response (KMIP 1.4 §11.1 "Message cannot be parsed"), then a close when the stream can no
 * longer be split into messages.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { TestClient } from "./client.js";
import { type Fixture, startFixture } from "./fixture.js";
import { activate, field, locate, readResponse, request } from "./ttlv-builders.js";

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function connected(options: Parameters<typeof startFixture>[0] = {}): Promise<[Fixture, TestClient]> {
  fx = await startFixture(options);
  return [fx, await TestClient.connect(fx.port(), await fx.credential())];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function nextResponse(client: TestClient) {
  const bytes = await client.next();
  if (bytes === undefined) throw new Error("closed without an answer");
  return readResponse(bytes);
}

describe("message framing", () => {
  it("assembles a message split across many TCP writes", async () => {
    const [, client] = await connected();
    const message = request([1, 4], [locate(1), activate(undefined, 2)]);
    for (const cut of [0, 3, 8, 9, 40, 57, message.length - 1]) {
      client.send(message.subarray(0, cut));
      await pause(5);
      client.send(message.subarray(cut));
      const r = await nextResponse(client);
      expect(r.items.map((i) => field(i, Tag.ResultStatus))).toEqual([
        ResultStatus.Success,
        ResultStatus.Success,
      ]);
    }
  });

  it("answers several messages sent in one write, in order", async () => {
    const [, client] = await connected();
    const versions: [number, number][] = [
      [1, 0],
      [1, 4],
      [1, 2],
    ];
    client.send(Buffer.concat(versions.map((v) => request(v, [locate()]))));
    for (const v of versions) expect((await nextResponse(client)).version).toEqual(v);
  });

  it("answers garbage with Invalid Message in KMIP 1.0, then closes", async () => {
    const [, client] = await connected();
    client.send(Buffer.from("GET / HTTP/1.1\r\nHost: kmip\r\n\r\n"));
    const r = await nextResponse(client);
    expect(r.version).toEqual([1, 0]);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]?.has(Tag.Operation)).toBe(false);
    expect(field(r.items[0], Tag.ResultStatus)).toBe(ResultStatus.OperationFailed);
    expect(field(r.items[0], Tag.ResultReason)).toBe(ResultReason.InvalidMessage);
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it("answers the whole messages before garbage in the same write, then the garbage", async () => {
    const [, client] = await connected();
    client.send(Buffer.concat([request([1, 4], [locate()]), Buffer.from("\x42\x00\x78\x07garbage!")]));
    expect(field((await nextResponse(client)).items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
    expect(field((await nextResponse(client)).items[0], Tag.ResultReason)).toBe(ResultReason.InvalidMessage);
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it("answers a framed but undecodable message in its own version and keeps the connection", async () => {
    const [, client] = await connected();
    const broken = Uint8Array.from(request([1, 4], [activate("abc")]));
    broken[broken.length - 1] = 0xff; // padding of the last Text String must be zero
    const r = await nextResponseAfter(client, broken);
    expect(r.version).toEqual([1, 4]);
    expect(field(r.items[0], Tag.ResultReason)).toBe(ResultReason.InvalidMessage);
    const broken21 = Uint8Array.from(request([2, 1], [activate("abc")]));
    broken21[broken21.length - 1] = 0xff;
    const r21 = await nextResponseAfter(client, broken21);
    expect([r21.version, field(r21.items[0], Tag.ResultReason)]).toEqual([[2, 1], ResultReason.CodecError]);
    const ok = await client.roundTrip(request([1, 4], [locate()]));
    expect(field(ok.items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
  });

  it("refuses a message over the size limit before reading it, in its version", async () => {
    const [, client] = await connected({ limits: { ttlv: { messageBytesMax: 1024 } } });
    const big = request([1, 2], [activate("x".repeat(2000))]);
    client.send(big.subarray(0, 200));
    const r = await nextResponse(client);
    expect(r.version).toEqual([1, 2]);
    expect(field(r.items[0], Tag.ResultReason)).toBe(ResultReason.InvalidMessage);
    expect(field(r.items[0], Tag.ResultMessage)).toMatch(/messageBytesMax/);
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it("refuses a message with the wrong header in its version, and one without a version in 1.0", async () => {
    const [, client] = await connected();
    const wrongHeader = Uint8Array.from(request([1, 4], [locate()]));
    new DataView(wrongHeader.buffer).setUint32(8, Tag.ResponseHeader * 0x100 + 1); // not a Request Header
    const r = await nextResponseAfter(client, wrongHeader);
    expect([r.version, field(r.items[0], Tag.ResultReason)]).toEqual([[1, 4], ResultReason.InvalidMessage]);

    const noVersion = Uint8Array.from(request([1, 4], [locate()]));
    noVersion[24 + 3] = 0x05; // Protocol Version Major as an Enumeration: unreadable
    const r10 = await nextResponseAfter(client, noVersion);
    expect([r10.version, field(r10.items[0], Tag.ResultReason)]).toEqual([
      [1, 0],
      ResultReason.InvalidMessage,
    ]);
    expect(field((await client.roundTrip(request([1, 4], [locate()]))).items[0], Tag.ResultStatus)).toBe(
      ResultStatus.Success,
    );
  });
});

async function nextResponseAfter(client: TestClient, bytes: Uint8Array) {
  client.send(bytes);
  return nextResponse(client);
}
