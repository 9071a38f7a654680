/**
 * Two stateless nodes on one PostgreSQL database (in this process; the network-namespace test runs
 * them as separate hosts): a change made through either node holds on the other within a second
 * (architecture: "caches never outlive the truth"). Mounts, policies, KMIP objects, credential
 * revocation, listener configuration; sealing one node leaves the other serving.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KmipClient } from "../../src/client/index.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";
import {
  type Credential,
  initCluster,
  issue,
  kmipClient,
  kmipPort,
  mountUuid,
  type Node,
  startNode,
  within,
} from "./nodes.js";

/** A change must hold on every node within this; the delays measured are printed with the test. */
const SECOND = 1000;

let pg: TestPostgres;
let one: Node;
let two: Node;
let uuid: string;
let ca: string;
let key: string;

beforeAll(async () => {
  pg = await startPostgres();
  [one, two] = await Promise.all([startNode(pg.url), startNode(pg.url)]);
  ({ key } = await initCluster([one, two]));
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([one?.close(), two?.close()]);
  await pg?.stop();
});

const at = (node: Node, host = "127.0.0.1") => {
  const port = kmipPort(node, uuid, host);
  if (port === undefined) throw new Error("no KMIP listener on this node");
  return { host, port };
};

describe("two nodes on one PostgreSQL database", () => {
  it("serves a mount enabled through node 1 on node 2 within a second, KMIP listener included", async () => {
    await one.must("POST", "sys/mounts/kmip", { type: "kmip" });
    const mounted = await within(SECOND, async () => (await two.api("GET", "kmip/config")).status === 200);
    uuid = (await mountUuid(one))!;
    expect(await mountUuid(two)).toBe(uuid);
    await one.must("POST", "kmip/config", { listen_addrs: "127.0.0.1:0" });
    const listening = await within(SECOND, () => kmipPort(two, uuid) !== undefined);
    // The writer starts its own listener after answering, too.
    await within(SECOND, () => kmipPort(one, uuid) !== undefined);
    expect(kmipPort(one, uuid)).not.toBe(kmipPort(two, uuid));
    ca = (await two.must("GET", "kmip/ca")).body!.data.ca_pem;
    console.info(`mount on node 2 after ${ms(mounted)}, its KMIP listener after ${ms(listening)}`);
  });

  it("enforces a policy changed through node 1 on node 2 within a second", async () => {
    const allow = 'path "kmip/config" { capabilities = ["read"] }';
    await one.must("PUT", "sys/policies/acl/reader", { policy: allow });
    const token = (await one.must("POST", "auth/token/create", { policies: ["reader"] })).body!.auth
      .client_token;
    expect((await two.api("GET", "kmip/config", undefined, token)).status).toBe(200);
    await one.must("PUT", "sys/policies/acl/reader", {
      policy: 'path "kmip/ca" { capabilities = ["read"] }',
    });
    const denied = await within(
      SECOND,
      async () => (await two.api("GET", "kmip/config", undefined, token)).status === 403,
    );
    expect((await two.api("GET", "kmip/ca", undefined, token)).status).toBe(200);
    await one.must("POST", "auth/token/revoke", { token });
    expect((await two.api("GET", "kmip/ca", undefined, token)).status).toBe(403);
    console.info(`policy change enforced on node 2 after ${ms(denied)}; a revoked token at once`);
  });

  it("fetches through node 2's listener a key created through node 1's", async () => {
    await one.must("POST", "kmip/scope/finance");
    await one.must("POST", "kmip/scope/finance/role/accounting", { operation_all: true });
    const cred = await issue(one, "finance", "accounting");
    const [c1, c2] = await Promise.all([kmipClient(at(one), ca, cred), kmipClient(at(two), ca, cred)]);
    try {
      const created = await c1.create({ algorithm: "AES", length: 256, name: "cluster-key" });
      const got = await c2.get(created.uniqueIdentifier);
      expect(got.keyMaterial?.length).toBe(32);
      const again = await c1.get(created.uniqueIdentifier);
      expect(Buffer.from(again.keyMaterial!).equals(Buffer.from(got.keyMaterial!))).toBe(true);
    } finally {
      await Promise.all([c1.close(), c2.close()]);
    }
  });

  it("refuses on node 1, within a second, a credential revoked through node 2", async () => {
    const cred = await issue(two, "finance", "accounting");
    const live = await kmipClient(at(one), ca, cred);
    const created = await live.create({ algorithm: "AES", length: 128 });
    await two.must("POST", "kmip/scope/finance/role/accounting/credential/revoke", {
      serial_number: cred.serial_number,
    });
    const refused = await within(SECOND, () => fails(live.get(created.uniqueIdentifier)));
    await live.close().catch(() => {});
    expect(await fails(kmipClient(at(one), ca, cred).then((c) => c.get(created.uniqueIdentifier)))).toBe(
      true,
    );
    console.info(`revoked credential refused by node 1 after ${ms(refused)}`);
  });

  it("applies on node 1, within a second, a listener address written through node 2", async () => {
    await two.must("POST", "kmip/config", { listen_addrs: ["127.0.0.1:0", "127.0.0.2:0"] });
    const moved = await within(SECOND, () => kmipPort(one, uuid, "127.0.0.2") !== undefined);
    const cred = await issue(one, "finance", "accounting");
    const client = await kmipClient(at(one, "127.0.0.2"), ca, cred);
    await client.create({ algorithm: "AES", length: 128 });
    await client.close();
    console.info(`new listen address served by node 1 after ${ms(moved)}`);
  });

  it("keeps node 2 serving while node 1 is sealed (a seal is one node's), and node 1 unseals itself", async () => {
    await one.must("PUT", "sys/seal");
    expect((await one.api("GET", "kmip/config")).status).toBe(503);
    expect((await two.api("GET", "kmip/config")).status).toBe(200);
    expect((await two.must("GET", "sys/seal-status")).body!.sealed).toBe(false);
    const cred = await issue(two, "finance", "accounting");
    const client = await kmipClient(at(two), ca, cred);
    await client.create({ algorithm: "AES", length: 128 });
    await client.close();
    expect((await one.api("PUT", "sys/unseal", { key })).body?.sealed).toBe(false);
    await within(SECOND, () => kmipPort(one, uuid) !== undefined);
  });

  it("stops on node 1 a mount disabled through node 2, listeners and all", async () => {
    const port = at(one).port;
    await two.must("DELETE", "sys/mounts/kmip");
    const gone = await within(SECOND, async () => (await one.api("GET", "kmip/config")).status === 404);
    await within(SECOND, () => one.server.kmip.listeners(uuid).length === 0);
    expect(await fails(kmipClient({ host: "127.0.0.1", port }, ca, await credentialStub()))).toBe(true);
    console.info(`mount gone from node 1 after ${ms(gone)}`);
  });
});

async function fails(work: Promise<unknown>): Promise<boolean> {
  try {
    const value = await work;
    if (value !== null && typeof value === "object" && "close" in value) await (value as KmipClient).close();
    return false;
  } catch {
    return true;
  }
}

/** Any credential will do against a port nobody listens on. */
async function credentialStub(): Promise<Credential> {
  return { certificate: ca, private_key: "", serial_number: "0" };
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
