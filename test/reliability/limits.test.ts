/**
 * What a message may be, each bound tested at the limit and one past it against a live server:
 * message bytes, nesting depth, item count, Text and Byte String length, Batch Items. At the limit
 * the request is served; past it the whole message is refused with the right Result Reason (and
 * the connection closed when the stream can no longer be framed), and the refusal is logged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tag } from "../../src/kmip/generated/tags.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { TestClient } from "../server/client.js";
import { field } from "../server/ttlv-builders.js";
import { type LiveServer, startLive } from "./live-server.js";
import { dribble, halfOpen, tlsOver } from "./raw.js";
import {
  bytesOf,
  carrier,
  deep,
  failed,
  itemsExactly,
  outcomes,
  ResultReason,
  SUCCESS,
  sizedExactly,
  textOf,
} from "./shaped.js";

const LIMITS = {
  batchItemsMax: 4,
  ttlv: { messageBytesMax: 4096, depthMax: 10, itemsMax: 64, textBytesMax: 100, byteStringBytesMax: 1024 },
};

let live: LiveServer;
let client: TestClient;

beforeAll(async () => {
  live = await startLive(LIMITS);
  client = await TestClient.connect(live.port, await live.credential());
}, 30_000);

afterAll(async () => {
  client?.close();
  await live?.close();
});

/** A fresh connection for a test that expects the server to close it. */
async function fresh(): Promise<TestClient> {
  return TestClient.connect(live.port, await live.credential());
}

describe("message limits on a live server", () => {
  it("serves a message of exactly messageBytesMax; refuses one 8 bytes longer and closes", async () => {
    // Lengths are multiples of 8 (KMIP 1.4 §9.1.1.3): 8 more bytes is the next possible size.
    expect(outcomes(await client.roundTrip(sizedExactly(4096, 1024)))).toEqual([SUCCESS]);
    const c = await fresh();
    const refused = await c.roundTrip(sizedExactly(4104, 1024));
    expect(outcomes(refused)).toEqual([failed(ResultReason.InvalidMessage)]);
    expect(field(refused.items[0], Tag.ResultMessage)).toMatch(/exceeds messageBytesMax/);
    expect(await c.closesWithin(2000)).toBe(true);
    expect(live.logged(/KMIP message refused: .*messageBytesMax/)).toBe(true);
  });

  it("refuses an oversized message from its header, before its body arrives", async () => {
    // Cosmian trusts the length a client claims; here a claim of 4 GiB is refused at once.
    const c = await fresh();
    c.send(Buffer.from("42007801fffffff8", "hex"));
    const refused = await c.next();
    expect(refused).toBeDefined();
    expect(await c.closesWithin(2000)).toBe(true);
  });

  it("serves nesting of exactly depthMax; refuses one level more, keeping the connection", async () => {
    expect(outcomes(await client.roundTrip(encodeTtlv(deep(10))))).toEqual([SUCCESS]);
    const refused = await client.roundTrip(encodeTtlv(deep(11)));
    expect(outcomes(refused)).toEqual([failed(ResultReason.InvalidMessage)]);
    expect(field(refused.items[0], Tag.ResultMessage)).toMatch(/depthMax/);
    // Framed, so the stream is still in step: the same connection serves the next request.
    expect(outcomes(await client.roundTrip(encodeTtlv(carrier([]))))).toEqual([SUCCESS]);
    expect(live.logged(/KMIP message refused: .*depthMax/)).toBe(true);
  });

  it("answers KMIP 2.x past a TTLV limit with Codec Error", async () => {
    expect(outcomes(await client.roundTrip(encodeTtlv(deep(10, [2, 1]))))).toEqual([SUCCESS]);
    const refused = await client.roundTrip(encodeTtlv(deep(11, [2, 1])));
    expect(refused.version).toEqual([2, 1]);
    expect(outcomes(refused)).toEqual([failed(ResultReason.CodecError)]);
  });

  it("serves exactly itemsMax items; refuses one more", async () => {
    expect(outcomes(await client.roundTrip(encodeTtlv(itemsExactly(64))))).toEqual([SUCCESS]);
    const refused = await client.roundTrip(encodeTtlv(itemsExactly(65)));
    expect(outcomes(refused)).toEqual([failed(ResultReason.InvalidMessage)]);
    expect(field(refused.items[0], Tag.ResultMessage)).toMatch(/itemsMax/);
    expect(live.logged(/KMIP message refused: .*itemsMax/)).toBe(true);
  });

  it("serves a Text String of exactly textBytesMax; refuses one byte more", async () => {
    expect(outcomes(await client.roundTrip(textOf(100)))).toEqual([SUCCESS]);
    const refused = await client.roundTrip(textOf(101));
    expect(outcomes(refused)).toEqual([failed(ResultReason.InvalidMessage)]);
    expect(field(refused.items[0], Tag.ResultMessage)).toMatch(/textBytesMax/);
    expect(live.logged(/KMIP message refused: .*textBytesMax/)).toBe(true);
  });

  it("serves a Byte String of exactly byteStringBytesMax; refuses one byte more", async () => {
    expect(outcomes(await client.roundTrip(bytesOf(1024)))).toEqual([SUCCESS]);
    const refused = await client.roundTrip(bytesOf(1025));
    expect(outcomes(refused)).toEqual([failed(ResultReason.InvalidMessage)]);
    expect(field(refused.items[0], Tag.ResultMessage)).toMatch(/byteStringBytesMax/);
    expect(live.logged(/KMIP message refused: .*byteStringBytesMax/)).toBe(true);
  });

  it("serves exactly batchItemsMax Batch Items; refuses one more, whole, before any runs", async () => {
    const four = await client.roundTrip(encodeTtlv(carrier([], [1, 4], 4)));
    expect(outcomes(four)).toEqual([SUCCESS, SUCCESS, SUCCESS, SUCCESS]);
    const five = await client.roundTrip(encodeTtlv(carrier([], [1, 4], 5)));
    // 1.x has no reason for a server's own limit: General Failure; 2.x: Server Limit Exceeded.
    expect(outcomes(five)).toEqual([failed(ResultReason.GeneralFailure)]);
    expect(field(five.items[0], Tag.ResultMessage)).toMatch(/5 Batch Items exceed the server's limit of 4/);
    const five20 = await client.roundTrip(encodeTtlv(carrier([], [2, 0], 5)));
    expect(outcomes(five20)).toEqual([failed(ResultReason.ServerLimitExceeded)]);
    expect(live.logged(/KMIP message refused: 5 Batch Items exceed/)).toBe(true);
  });
});

describe("with the default time limits", () => {
  it("serves a normal client at once while handshakes hang half-open and slow-loris clients dribble", async () => {
    const hanging = await Promise.all(Array.from({ length: 50 }, () => halfOpen(live.port)));
    const loris = await Promise.all(
      Array.from({ length: 5 }, async () => tlsOver(live.port, await live.credential())),
    );
    const dribbling = loris.map((l) => dribble(l.socket, encodeTtlv(carrier([])), 1000));
    const started = Date.now();
    const normal = await live.client();
    const created = await normal.create({ algorithm: "AES", length: 256 });
    expect((await normal.get(created.uniqueIdentifier)).keyMaterial?.length).toBe(32);
    await normal.close();
    expect(Date.now() - started).toBeLessThan(2000);
    for (const h of [...hanging, ...loris]) h.socket.destroy();
    await Promise.all(dribbling);
  });
});
