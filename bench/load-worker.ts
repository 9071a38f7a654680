/**
 * The load generator's own process (see `load.ts`): receives one LoadSpec, runs it, sends
 * progress once a second and the result at the end, and exits.
 */
import { performance } from "node:perf_hooks";
import { createSecureContext, type TLSSocket } from "node:tls";
import type { LoadMode, LoadResult, LoadSpec, WorkerMessage } from "./load.js";
import { Tally, type Window } from "./tally.js";
import { type Endpoint, openTls, Wire } from "./wire.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Picks a request by weight; one request means no dice. */
function picker(spec: LoadSpec): () => Uint8Array {
  const total = spec.requests.reduce((s, r) => s + r.weight, 0);
  if (spec.requests.length === 1) return () => spec.requests[0]!.bytes;
  return () => {
    let x = Math.random() * total;
    for (const r of spec.requests) {
      x -= r.weight;
      if (x < 0) return r.bytes;
    }
    return spec.requests[spec.requests.length - 1]!.bytes;
  };
}

/** One persistent connection, reconnecting if the server drops it, until the window closes. */
async function keepAlive(to: Endpoint, pick: () => Uint8Array, tally: Tally, window: Window) {
  while (performance.now() < window.end) {
    let wire: Wire | undefined;
    try {
      const socket = await openTls(to);
      tally.connected(socket);
      wire = new Wire(socket, to.timeoutMs);
      while (performance.now() < window.end) {
        const start = performance.now();
        const answer = await wire.send(pick());
        tally.answer(start, performance.now(), answer);
      }
    } catch (e) {
      tally.error(e);
      // A server that refuses or drops connections is not hammered in a tight loop.
      await pause(50);
    } finally {
      wire?.close();
    }
  }
}

/** A fresh connection and full handshake for every request. */
async function newConnections(to: Endpoint, pick: () => Uint8Array, tally: Tally, window: Window) {
  while (performance.now() < window.end) {
    const start = performance.now();
    let socket: TLSSocket | undefined;
    try {
      socket = await openTls(to);
      tally.connected(socket);
      const answer = await new Wire(socket, to.timeoutMs).send(pick());
      tally.answer(start, performance.now(), answer);
    } catch (e) {
      tally.error(e);
      await pause(50);
    } finally {
      socket?.destroy();
    }
  }
}

/**
 * A fresh connection for every request, offering the session ticket the last one received
 * (TLS 1.3 sends tickets after the handshake; TLS 1.2 gives the session itself): a server that
 * resumes skips the certificate exchange and its signatures. `Tally` counts the resumptions.
 */
async function resumedConnections(to: Endpoint, pick: () => Uint8Array, tally: Tally, window: Window) {
  let ticket: Buffer | undefined;
  while (performance.now() < window.end) {
    const start = performance.now();
    let socket: TLSSocket | undefined;
    try {
      socket = await openTls(to, ticket);
      socket.on("session", (s: Buffer) => {
        ticket = s;
      });
      tally.connected(socket);
      const answer = await new Wire(socket, to.timeoutMs).send(pick());
      tally.answer(start, performance.now(), answer);
      ticket ??= socket.getSession();
    } catch (e) {
      tally.error(e);
      ticket = undefined;
      await pause(50);
    } finally {
      socket?.destroy();
    }
  }
}

const LOOPS: Record<LoadMode, typeof keepAlive> = {
  "keep-alive": keepAlive,
  "new-connection": newConnections,
  "resumed-connection": resumedConnections,
};

async function run(spec: LoadSpec, send: (m: WorkerMessage) => void): Promise<LoadResult> {
  const to: Endpoint = {
    host: spec.host,
    port: spec.port,
    context: createSecureContext({ ca: spec.tls.ca, cert: spec.tls.cert, key: spec.tls.key }),
    timeoutMs: spec.timeoutMs ?? 30_000,
    open: new Set(),
  };
  const begin = performance.now();
  const window: Window = { start: begin + spec.warmupMs, end: begin + spec.warmupMs + spec.durationMs };
  const tally = new Tally(window);
  const totalMs = spec.warmupMs + spec.durationMs;
  const progress = setInterval(() => {
    const elapsedMs = performance.now() - begin;
    send({ type: "progress", elapsedMs, totalMs, ops: tally.ops, errors: tally.errors + tally.failed });
  }, 1000);
  // Answers after the window are not counted, so nothing is waited for: whatever is still in
  // flight when it closes (a slow server's requests, a handshake it has not answered) is cut.
  let cpu = process.cpuUsage();
  const opened = setTimeout(() => {
    cpu = process.cpuUsage();
    send({ type: "window", edge: "start" });
  }, window.start - begin);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    tally.clientCpu(process.cpuUsage(cpu));
    send({ type: "window", edge: "end" });
    for (const socket of to.open!) socket.destroy();
  };
  // The loops may all notice the end before this timer fires; then `close` runs after them.
  const cut = setTimeout(close, window.end - begin);
  const pick = picker(spec);
  const loop = LOOPS[spec.mode];
  await Promise.all(Array.from({ length: spec.connections }, () => loop(to, pick, tally, window)));
  clearInterval(progress);
  clearTimeout(cut);
  clearTimeout(opened);
  close();
  return tally.result();
}

process.once("message", (spec: LoadSpec) => {
  const send = (m: WorkerMessage) => process.send?.(m);
  run(spec, send).then(
    (result) => {
      send({ type: "result", result });
      process.disconnect?.();
    },
    (e) => {
      console.error("load worker failed:", e);
      process.exit(1);
    },
  );
});
