/**
 * Time bounds on a live server, each tested inside the limit and past it: the TLS handshake, a
 * message once begun, the idle time between messages. Slow-loris (a header dribbled a byte a
 * second) and half-open handshakes (TCP connect, no ClientHello) do not hold up other clients,
 * and each is closed, and logged, when its bound passes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { readResponse } from "../server/ttlv-builders.js";
import { type LiveServer, startLive } from "./live-server.js";
import { dribble, halfOpen, nextMessage, sleep, tlsOver } from "./raw.js";
import { carrier, outcomes, SUCCESS } from "./shaped.js";

const HANDSHAKE_MS = 1000;
const MESSAGE_MS = 2000;
const IDLE_MS = 1500;

let live: LiveServer;

beforeAll(async () => {
  live = await startLive({
    handshakeTimeoutMs: HANDSHAKE_MS,
    messageTimeoutMs: MESSAGE_MS,
    idleTimeoutMs: IDLE_MS,
  });
}, 30_000);

afterAll(async () => {
  await live?.close();
});

const request = () => encodeTtlv(carrier([]));

/** A normal client is served, start to finish, within `ms`. */
async function servedWithin(ms: number): Promise<void> {
  const started = Date.now();
  const client = await live.client();
  try {
    expect((await client.discoverVersions()).length).toBeGreaterThan(0);
  } finally {
    await client.close();
  }
  expect(Date.now() - started).toBeLessThan(ms);
}

describe("time limits on a live server", () => {
  it("completes a handshake begun within handshakeTimeoutMs; drops one that is not", async () => {
    const cred = await live.credential();
    const early = await halfOpen(live.port);
    await sleep(HANDSHAKE_MS / 3);
    const tls = await tlsOver(live.port, cred, early.socket);
    tls.socket.write(request());
    expect(outcomes(readResponse((await nextMessage(tls.socket))!))).toEqual([SUCCESS]);
    tls.socket.destroy();

    const late = await halfOpen(live.port);
    const life = await late.closedAfterMs;
    expect(life).toBeGreaterThanOrEqual(HANDSHAKE_MS - 100);
    expect(life).toBeLessThan(HANDSHAKE_MS + 1500);
    expect(live.logged(/KMIP TLS handshake failed/)).toBe(true);
  });

  it("serves a message finished within messageTimeoutMs; closes one that is not", async () => {
    const cred = await live.credential();
    const bytes = request();
    const ok = await tlsOver(live.port, cred);
    ok.socket.write(bytes.subarray(0, 20));
    await sleep(MESSAGE_MS / 2);
    ok.socket.write(bytes.subarray(20));
    expect(outcomes(readResponse((await nextMessage(ok.socket))!))).toEqual([SUCCESS]);
    ok.socket.destroy();

    // Past it: the rest trickles in (each byte restarting the idle clock) and is not whole in time.
    const slow = await tlsOver(live.port, cred);
    slow.socket.write(bytes.subarray(0, 20));
    void dribble(slow.socket, bytes.subarray(20), 500);
    expect(await nextMessage(slow.socket, MESSAGE_MS + 2000)).toBeUndefined();
    const life = await slow.closedAfterMs;
    expect(life).toBeGreaterThanOrEqual(MESSAGE_MS - 100);
    expect(live.logged(/KMIP message not whole in time/)).toBe(true);
    expect(live.logs.some((l) => l.obj.reason === "message timeout")).toBe(true);
  });

  it("keeps a connection whose gaps stay under idleTimeoutMs; closes it when idle longer", async () => {
    const conn = await tlsOver(live.port, await live.credential());
    for (let i = 0; i < 3; i++) {
      await sleep(IDLE_MS * 0.6);
      conn.socket.write(request());
      expect(outcomes(readResponse((await nextMessage(conn.socket))!))).toEqual([SUCCESS]);
    }
    const lastAnswer = Date.now();
    await conn.closedAfterMs;
    expect(Date.now() - lastAnswer).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect(live.logs.some((l) => l.obj.reason === "idle timeout")).toBe(true);
  });

  it("closes a slow-loris client (a header byte a second) and serves others meanwhile", async () => {
    const loris = await tlsOver(live.port, await live.credential());
    // Each byte restarts the idle clock (1.5 s); only the message clock (2 s) can end this.
    const dribbling = dribble(loris.socket, request(), 1000);
    await sleep(300);
    await servedWithin(2000);
    const life = await loris.closedAfterMs;
    expect(await dribbling).toBeLessThan(8); // not even the 8-byte header got through
    expect(life).toBeGreaterThanOrEqual(MESSAGE_MS - 100);
    expect(life).toBeLessThan(MESSAGE_MS + 2000);
  });

  it("serves a normal client while many handshakes hang half-open, and drops them on time", async () => {
    const hanging = await Promise.all(Array.from({ length: 50 }, () => halfOpen(live.port)));
    await servedWithin(2000);
    const lives = await Promise.all(hanging.map((h) => h.closedAfterMs));
    expect(Math.max(...lives)).toBeLessThan(HANDSHAKE_MS + 2000);
  });
});
