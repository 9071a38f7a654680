/**
 * The relay between worker processes (src/cluster/worker-link.ts), with the IPC pipes replaced by
 * in-memory ones: a message reaches every other worker and never its publisher, and a waited
 * publish resolves only once every other worker has handled it, or that worker is gone.
 */
import type { Worker } from "node:cluster";
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { type IpcChannel, WorkerLink, WorkerRelay } from "../../src/cluster/worker-link.js";

/** One worker: its process side (for WorkerLink) and the primary's handle (for WorkerRelay). */
function pair(relay: () => WorkerRelay) {
  const processSide = new EventEmitter() as EventEmitter & IpcChannel;
  let connected = true;
  const handle = {
    send: (m: unknown) => {
      setImmediate(() => processSide.emit("message", m));
      return true;
    },
    isConnected: () => connected,
  } as unknown as Worker;
  processSide.send = (m: unknown) => {
    setImmediate(() => relay().onMessage(handle, m));
    return true;
  };
  return { link: new WorkerLink(processSide), handle, disconnect: () => (connected = false) };
}

function cluster(n: number) {
  let relay: WorkerRelay | undefined;
  const workers = Array.from({ length: n }, () => pair(() => relay!));
  relay = new WorkerRelay(() => workers.map((w) => w.handle));
  return { relay, workers };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe("worker link", () => {
  it("reaches every other worker, never the publisher", async () => {
    const { workers } = cluster(3);
    const heard: string[] = [];
    for (const [i, w] of workers.entries()) w.link.subscribe("t", (p) => void heard.push(`${i}:${p}`));
    workers[0]!.link.publish("t", "x");
    workers[0]!.link.publish("other", "y");
    await tick();
    expect(heard.sort()).toEqual(["1:x", "2:x"]);
  });

  it("resolves a waited publish once every other worker has handled it", async () => {
    const { workers } = cluster(3);
    let release!: () => void;
    const slow = new Promise<void>((r) => {
      release = r;
    });
    workers[1]!.link.subscribe("t", () => undefined);
    workers[2]!.link.subscribe("t", () => slow);
    let resolved = false;
    const waited = workers[0]!.link.publishAndWait("t", "x", 5000).then(() => {
      resolved = true;
    });
    await tick();
    expect(resolved).toBe(false); // worker 2 is still at it
    release();
    await waited;
    expect(resolved).toBe(true);
  });

  it("does not wait for a worker that is gone", async () => {
    const { relay, workers } = cluster(2);
    workers[1]!.link.subscribe("t", () => new Promise<void>(() => undefined)); // never finishes
    const waited = workers[0]!.link.publishAndWait("t", "x", 5000);
    await tick();
    workers[1]!.disconnect();
    relay.onExit(workers[1]!.handle);
    await waited;
  });
});
