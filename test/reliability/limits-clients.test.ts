/**
 * What one listener and one client may hold on a live server, each at the limit and one past it:
 * connections per listener, connections per client certificate, requests per second per client
 * certificate (a token bucket shared by the certificate's connections). Past a connection limit
 * the connection is closed unanswered; past the rate the request is refused and the connection
 * kept. Each refusal is logged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tag } from "../../src/kmip/generated/tags.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { field, readResponse } from "../server/ttlv-builders.js";
import { type Credential, type LiveServer, startLive } from "./live-server.js";
import { nextMessage, sleep, tlsOver, type Watched } from "./raw.js";
import { carrier, failed, outcomes, ResultReason, SUCCESS } from "./shaped.js";

let live: LiveServer;

beforeAll(async () => {
  live = await startLive({ connectionsMax: 4, connectionsPerClientMax: 2, requestsPerSecondMax: 5 });
}, 30_000);

afterAll(async () => {
  await live?.close();
});

const request = (version: [number, number] = [1, 4]) => encodeTtlv(carrier([], version));

type Conn = Watched<import("node:tls").TLSSocket>;

async function served(conn: Conn): Promise<void> {
  conn.socket.write(request());
  expect(outcomes(readResponse((await nextMessage(conn.socket))!))).toEqual([SUCCESS]);
}

/** A connection the server must refuse: the handshake fails or it closes without answering. */
async function refused(cred: Credential): Promise<void> {
  let conn: Conn;
  try {
    conn = await tlsOver(live.port, cred);
  } catch {
    return; // dropped before or during the handshake
  }
  conn.socket.write(request());
  expect(await nextMessage(conn.socket)).toBeUndefined();
}

async function closeAll(conns: Conn[]): Promise<void> {
  for (const c of conns) c.socket.destroy();
  await Promise.all(conns.map((c) => c.closedAfterMs));
  await sleep(100); // the server sees the closes
}

describe("connection and rate limits on a live server", () => {
  it("serves connectionsMax connections on a listener; drops one more", async () => {
    const a = await live.credential();
    const b = await live.credential();
    const open = [
      await tlsOver(live.port, a),
      await tlsOver(live.port, a),
      await tlsOver(live.port, b),
      await tlsOver(live.port, b),
    ];
    for (const c of open) await served(c);
    await refused(await live.credential());
    expect(live.logged(/listener at its connection limit/)).toBe(true);
    await closeAll(open.slice(0, 1));
    const again = await tlsOver(live.port, await live.credential());
    await served(again);
    await closeAll([...open.slice(1), again]);
  });

  it("serves connectionsPerClientMax connections of one certificate; closes one more", async () => {
    const greedy = await live.credential();
    const open = [await tlsOver(live.port, greedy), await tlsOver(live.port, greedy)];
    for (const c of open) await served(c);
    await refused(greedy);
    expect(live.logged(/too many for this client certificate/)).toBe(true);
    await sleep(100);
    // Another certificate is not held back by the first one's count.
    const other = await tlsOver(live.port, await live.credential());
    await served(other);
    await closeAll([...open, other]);
  });

  it("serves requestsPerSecondMax requests at once; refuses one more, on every connection of the certificate", async () => {
    const cred = await live.credential();
    const first = await tlsOver(live.port, cred);
    const second = await tlsOver(live.port, cred);
    // Six requests in one write: five spend the bucket, the sixth finds it empty.
    first.socket.write(Buffer.concat(Array.from({ length: 6 }, () => request())));
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(readResponse((await nextMessage(first.socket))!));
    expect(answers.slice(0, 5).flatMap(outcomes)).toEqual(Array(5).fill(SUCCESS));
    expect(outcomes(answers[5]!)).toEqual([failed(ResultReason.GeneralFailure)]);
    expect(field(answers[5]!.items[0], Tag.ResultMessage)).toMatch(/request rate over 5 per second/);
    // The same certificate on another connection shares the empty bucket; in 2.x the reason says so.
    second.socket.write(request([2, 0]));
    const shared = readResponse((await nextMessage(second.socket))!);
    expect(outcomes(shared)).toEqual([failed(ResultReason.ServerLimitExceeded)]);
    expect(live.logged(/KMIP message refused: request rate over 5 per second/)).toBe(true);
    // Refused, not dropped: after the bucket refills the same connection is served.
    await sleep(1100);
    await served(first);
    // Another certificate has its own budget.
    const other = await tlsOver(live.port, await live.credential());
    await served(other);
    await closeAll([first, second, other]);
  });
});
