/**
 * PostgreSQL restarts (`pg_ctl restart -m fast`: every session cut) in the middle of a load of
 * KMIP Creates through two nodes. Every Create that was acknowledged is there afterwards, with
 * its material, through either node; every one that failed failed as a KMIP General Failure on
 * a connection that stayed up; nothing half-written remains (every object the scope holds has
 * its material); and both nodes serve again without being restarted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmipResultError } from "../../src/client/errors.js";
import type { KmipClient } from "../../src/client/index.js";
import { ResultReason } from "../../src/kmip/generated/enums.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";
import {
  initCluster,
  issue,
  kmipClient,
  kmipPort,
  mountUuid,
  type Node,
  startNode,
  within,
} from "./nodes.js";

const WORKERS_PER_NODE = 3;
const LOAD_BEFORE_MS = 600;
const LOAD_AFTER_MS = 1500;

let pg: TestPostgres;
let nodes: Node[];
const clients: KmipClient[] = [];

beforeAll(async () => {
  pg = await startPostgres({ local: true }); // restarted below: a cluster of its own
  nodes = await Promise.all([startNode(pg.url), startNode(pg.url)]);
  await initCluster(nodes);
  const [one] = nodes as [Node, Node];
  await one.must("POST", "sys/mounts/kmip", { type: "kmip" });
  await one.must("POST", "kmip/config", { listen_addrs: "127.0.0.1:0" });
  await one.must("POST", "kmip/scope/load");
  await one.must("POST", "kmip/scope/load/role/writer", { operation_all: true });
  const uuid = (await mountUuid(one))!;
  const ca = (await one.must("GET", "kmip/ca")).body!.data.ca_pem;
  const cred = await issue(one, "load", "writer");
  await within(1000, () => nodes.every((n) => kmipPort(n, uuid) !== undefined));
  for (const node of nodes)
    for (let i = 0; i < WORKERS_PER_NODE; i++)
      clients.push(await kmipClient({ host: "127.0.0.1", port: kmipPort(node, uuid)! }, ca, cred));
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await Promise.allSettled(nodes?.map((n) => n.close()) ?? []);
  await pg?.stop();
});

interface Outcome {
  acked: { uid: string; at: number }[];
  failed: unknown[];
}

/** Creates on `client` until `until()` says stop; records what was acknowledged and what failed. */
async function createLoop(client: KmipClient, until: () => boolean, out: Outcome): Promise<void> {
  while (!until()) {
    try {
      const created = await client.create({ algorithm: "AES", length: 256 });
      out.acked.push({ uid: created.uniqueIdentifier, at: performance.now() });
    } catch (err) {
      out.failed.push(err);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe("a database restart in the middle of a load", () => {
  it("loses no acknowledged Create, fails the others cleanly, and serves again by itself", async () => {
    const out: Outcome = { acked: [], failed: [] };
    let stop = false;
    const load = Promise.all(clients.map((c) => createLoop(c, () => stop, out)));
    await new Promise((r) => setTimeout(r, LOAD_BEFORE_MS));
    const restartAt = performance.now();
    await pg.restart();
    const restartedAt = performance.now();
    await new Promise((r) => setTimeout(r, LOAD_AFTER_MS));
    stop = true;
    await load;

    console.info(
      `restart took ${Math.round(restartedAt - restartAt)} ms; ${out.acked.length} Creates acknowledged, ` +
        `${out.failed.length} failed`,
    );
    expect(out.acked.filter((a) => a.at < restartAt).length).toBeGreaterThan(0);
    expect(out.acked.filter((a) => a.at > restartedAt).length).toBeGreaterThan(0);
    expect(out.failed.length).toBeGreaterThan(0);
    for (const err of out.failed) {
      expect(err).toBeInstanceOf(KmipResultError);
      expect((err as KmipResultError).resultReason).toBe(ResultReason.GeneralFailure);
      expect((err as KmipResultError).resultMessage).toMatch(
        /^(storage unavailable, try again later|cannot verify the client now) \(reference [0-9a-f]+\)$/,
      );
    }

    // Every acknowledged key, read through node 2 (half of them were made through node 1).
    const reader = clients[clients.length - 1]!;
    for (const { uid } of out.acked) expect((await reader.get(uid)).keyMaterial?.length, uid).toBe(32);
    // Nothing half-written: whatever the scope holds (a Create whose answer was lost may have
    // committed) is whole.
    // Locate answers at most a page at a time: walk it with Offset Items.
    const all: string[] = [];
    for (let page: string[] = []; all.length === 0 || page.length > 0; ) {
      page = (await clients[0]!.locate({ maximumItems: 500, offsetItems: all.length })).uniqueIdentifiers;
      all.push(...page);
      if (page.length < 500) break;
    }
    expect(all.length).toBeGreaterThanOrEqual(out.acked.length);
    for (const uid of all) expect((await clients[0]!.get(uid)).keyMaterial?.length).toBe(32);
    for (const node of nodes) expect((await node.api("GET", "kmip/config")).status).toBe(200);
  }, 60_000);
});
