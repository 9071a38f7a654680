/**
 * Handshake failures reach `kmipd_kmip_handshake_failures_total{cause}` from the real KMIP
 * listener (src/server/listener.ts), each under its own cause: a certificate from a CA the
 * listener does not trust, no certificate, not TLS at all, a handshake not finished in time, a
 * listener at its connection cap. The last two use limits applied to the running service
 * (`KmipService.setLimits`, what SIGHUP does with `kmip_limits`).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { TestClient } from "../server/client.js";
import { type LiveServer, ROOT_TOKEN, startLive } from "./live-server.js";
import { halfOpen, sleep } from "./raw.js";
import { carrier, outcomes, SUCCESS } from "./shaped.js";
import { selfSigned } from "./spawned.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-handshake-metrics-"));
let live: LiveServer;

beforeAll(async () => {
  live = await startLive();
}, 30_000);

afterAll(async () => {
  await live?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The counter's value for `cause` (0 before its first increment). */
async function failures(cause: string): Promise<number> {
  const res = await fetch(`${live.running.urls[0]}/v1/sys/metrics?format=prometheus`, {
    headers: { "X-Vault-Token": ROOT_TOKEN },
  });
  const text = await res.text();
  const line = new RegExp(`^kmipd_kmip_handshake_failures_total\\{cause="${cause}"\\} (\\d+)$`, "m").exec(
    text,
  );
  return line ? Number(line[1]) : 0;
}

/** Waits until the counter for `cause` reaches `expected` (2 s at most), and returns it. */
async function settles(cause: string, expected: number): Promise<number> {
  let seen = await failures(cause);
  for (let i = 0; i < 100 && seen < expected; i++) {
    await sleep(20);
    seen = await failures(cause);
  }
  return seen;
}

/** A TLS client to the KMIP port with the given certificate (or none); errors are the point. */
function tryTls(port: number, options: { cert?: string; key?: string }): void {
  const socket = tlsConnect({ host: "127.0.0.1", port, ca: live.ca, servername: "localhost", ...options });
  socket.on("error", () => undefined);
  socket.on("secureConnect", () => socket.write("x"));
}

function mountUuid(): string {
  return live.running.core.listMounts().find((m) => m.path === "kmip/")!.uuid;
}

describe("handshake failures by cause, from the KMIP listener", () => {
  it("counts a certificate from an unknown CA as unknown_ca, for TLS 1.2 and 1.3", async () => {
    const stranger = selfSigned(dir, "stranger");
    const cert = readFileSync(stranger.cert, "utf8");
    const key = readFileSync(stranger.key, "utf8");
    const before = await failures("unknown_ca");
    tryTls(live.port, { cert, key });
    expect(await settles("unknown_ca", before + 1)).toBe(before + 1);
    const socket = tlsConnect({
      host: "127.0.0.1",
      port: live.port,
      ca: live.ca,
      servername: "localhost",
      cert,
      key,
      maxVersion: "TLSv1.2",
    });
    socket.on("error", () => undefined);
    expect(await settles("unknown_ca", before + 2)).toBe(before + 2);
    expect(await failures("no_certificate")).toBe(0);
  });

  it("counts a client without a certificate as no_certificate", async () => {
    const before = await failures("no_certificate");
    tryTls(live.port, {});
    expect(await settles("no_certificate", before + 1)).toBe(before + 1);
  });

  it("counts bytes that are not TLS as protocol", async () => {
    const before = await failures("protocol");
    const socket = await halfOpen(live.port);
    socket.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await settles("protocol", before + 1)).toBe(before + 1);
    socket.socket.destroy();
  });

  it("counts timeout and connection_limit under limits set on the running service", async () => {
    live.running.kmip.setLimits({ handshakeTimeoutMs: 300, connectionsMax: 3 });
    await sleep(50);
    await live.running.kmip.settled(mountUuid());
    // A new handshake deadline restarts the listener in place; on port 0 it gets a new port.
    const port = live.running.kmip.listeners(mountUuid())[0]!.port;
    const timeouts = await failures("timeout");
    const capped = await failures("connection_limit");
    const open = await Promise.all([1, 2, 3].map(() => halfOpen(port)));
    const dropped = await halfOpen(port);
    expect(await dropped.closedAfterMs).toBeLessThan(300);
    expect(await settles("connection_limit", capped + 1)).toBe(capped + 1);
    const lives = await Promise.all(open.map((o) => o.closedAfterMs));
    for (const ms of lives) expect(ms).toBeLessThan(2000);
    expect(await settles("timeout", timeouts + 3)).toBe(timeouts + 3);
    // Back to the defaults: the restarted listener serves a real client.
    live.running.kmip.setLimits({});
    await sleep(50);
    await live.running.kmip.settled(mountUuid());
    const client = await TestClient.connect(
      live.running.kmip.listeners(mountUuid())[0]!.port,
      await live.credential(),
    );
    expect(outcomes(await client.roundTrip(encodeTtlv(carrier([]))))).toEqual([SUCCESS]);
    client.close();
  });
});
