/**
 * One node loses the database (a relay in between is cut) while another keeps it: the cut-off node
 * answers the API with 503 "storage unavailable" and KMIP batch items with General Failure saying
 * the same, keeps its client connections, and when the database is reachable again recovers by
 * itself: it serves again and applies what the other node changed meanwhile (whose notifications
 * it never heard), within a second of its periodic checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmipResultError } from "../../src/client/errors.js";
import type { KmipClient } from "../../src/client/index.js";
import { ResultReason } from "../../src/kmip/generated/enums.js";
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
import { TcpProxy } from "./tcp-proxy.js";

let pg: TestPostgres;
let proxy: TcpProxy;
/** Reaches the database through the relay. */
let cutOff: Node;
let steady: Node;
let uuid: string;
let ca: string;
let cred: Credential;
let client: KmipClient;

beforeAll(async () => {
  pg = await startPostgres();
  const direct = new URL(pg.url);
  proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port) });
  [cutOff, steady] = await Promise.all([startNode(proxy.via(pg.url)), startNode(pg.url)]);
  await initCluster([cutOff, steady]);
  await steady.must("POST", "sys/mounts/kmip", { type: "kmip" });
  await steady.must("POST", "kmip/config", { listen_addrs: "127.0.0.1:0" });
  await steady.must("POST", "kmip/scope/finance");
  await steady.must("POST", "kmip/scope/finance/role/accounting", { operation_all: true });
  uuid = (await mountUuid(steady))!;
  ca = (await steady.must("GET", "kmip/ca")).body!.data.ca_pem;
  cred = await issue(steady, "finance", "accounting");
  await within(1000, () => kmipPort(cutOff, uuid) !== undefined);
  client = await kmipClient({ host: "127.0.0.1", port: kmipPort(cutOff, uuid)! }, ca, cred);
}, 60_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await Promise.allSettled([cutOff?.close(), steady?.close()]);
  await proxy?.close();
  await pg?.stop();
});

describe("a node that loses the database", () => {
  let before: string;

  it("answers 503 storage unavailable on the API and General Failure on KMIP, keeping its connections", async () => {
    before = (await client.create({ algorithm: "AES", length: 256 })).uniqueIdentifier;
    proxy.cut();
    const api = await cutOff.api("GET", "kmip/config");
    expect(api.status).toBe(503);
    expect(api.body?.errors[0]).toMatch(/^storage unavailable, try again later; reference [0-9a-f-]{36}$/);
    const failure = await client.create({ algorithm: "AES", length: 256 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KmipResultError);
    expect((failure as KmipResultError).resultReason).toBe(ResultReason.GeneralFailure);
    // From the operation ("storage unavailable") or, when the connection's identity was dropped
    // by a change event, from re-checking the certificate's role, which needs the database too.
    expect((failure as KmipResultError).resultMessage).toMatch(
      /^(storage unavailable, try again later|cannot verify the client now) \(reference [0-9a-f]+\)$/,
    );
    expect((await steady.api("GET", "kmip/config")).status).toBe(200);
  });

  it("recovers by itself and applies what changed meanwhile, notifications missed and all", async () => {
    const revoked = await issue(steady, "finance", "accounting");
    const other = await kmipClient({ host: "127.0.0.1", port: kmipPort(cutOff, uuid)! }, ca, revoked);
    await steady.must("POST", "kmip/scope/finance/role/accounting/credential/revoke", {
      serial_number: revoked.serial_number,
    });
    await steady.must("POST", "sys/mounts/more", { type: "kmip" });
    await steady.must("PUT", "sys/policies/acl/late", {
      policy: 'path "more/*" { capabilities = ["read"] }',
    });
    await new Promise((r) => setTimeout(r, 300));
    proxy.restore();
    const back = await within(5000, async () => (await cutOff.api("GET", "kmip/config")).status === 200);
    const caughtUp = await within(1000, async () => (await cutOff.api("GET", "more/config")).status === 200);
    expect((await cutOff.must("GET", "sys/policies/acl/late")).body!.data.name).toBe("late");
    await within(1000, async () =>
      other.get(before).then(
        () => false,
        () => true,
      ),
    );
    const got = await client.get(before);
    expect(got.keyMaterial?.length).toBe(32);
    await client.create({ algorithm: "AES", length: 128 });
    await other.close().catch(() => {});
    console.info(
      `API back ${Math.round(back)} ms after the database, caught up ${Math.round(caughtUp)} ms later`,
    );
  });
});
