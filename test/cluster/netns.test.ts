/**
 * Two kmipd nodes as two hosts: each `kmipd server -config` process runs in a network namespace of
 * its own (test/helpers/netns.ts), both with the same configuration file: one PostgreSQL database,
 * the API on 0.0.0.0:8200, and (written once through the API) the KMIP listener on 0.0.0.0:5696 —
 * the same addresses on every node, as cluster members behind a load balancer have. The test
 * drives both from the host namespace through each node's address: a key created through node 1
 * is fetched through node 2, a credential revoked through node 2 is refused by node 1 within a
 * second, a policy, a mount, a new listener with a new CA written through one node hold on the
 * other within a second. Each node unseals itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetwork, type NetnsHost, netnsUnavailable, type TestNetwork } from "../helpers/netns.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { repoRoot } from "../helpers/vectors.js";
import { type ApiResult, type Credential, call, kmipClient, within } from "./nodes.js";
import { TcpProxy } from "./tcp-proxy.js";

/** The balancer's name, in every server certificate (`server_hostnames`). */
const NAME = "kmip.cluster.test";
const SECOND = 1000;

interface Member {
  readonly host: NetnsHost;
  readonly process: ChildProcess;
  output: string;
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResult>;
  must(method: string, path: string, body?: unknown): Promise<ApiResult>;
}

const dir = mkdtempSync(join(tmpdir(), "kmipd-netns-"));
let network: TestNetwork | undefined;
let pg: TestPostgres;
let relay: TcpProxy;
let one: Member;
let two: Member;
let root = "";
let ca: string;

beforeAll(async () => {
  const why = netnsUnavailable();
  if (why !== undefined) throw new Error(`network namespaces are needed (run as root): ${why}`);
  network = createNetwork(2);
  pg = await startPostgres();
  const db = new URL(pg.url);
  relay = await TcpProxy.start(
    { host: db.hostname, port: Number(db.port) },
    { host: network.serviceAddress, port: 0 },
  );
  const configFile = join(dir, "kmipd.hcl");
  writeFileSync(configFile, sharedConfig(relay.via(pg.url)));
  [one, two] = network.hosts.map((host) => startMember(network!, host, configFile)) as [Member, Member];
  await Promise.all([ready(one), ready(two)]);
  const init = await one.must("PUT", "sys/init", { secret_shares: 1, secret_threshold: 1 });
  root = init.body!.root_token;
  for (const member of [one, two]) {
    const unsealed = await member.must("PUT", "sys/unseal", { key: init.body!.keys_base64[0] });
    expect(unsealed.body!.sealed).toBe(false);
  }
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([one, two].filter(Boolean).map((m) => stopMember(m)));
  await relay?.close();
  await pg?.stop();
  network?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function sharedConfig(connectionUrl: string): string {
  return `
storage "postgresql" {
  connection_url = "${connectionUrl}"
  max_parallel   = 8
}
listener "tcp" {
  address     = "0.0.0.0:8200"
  tls_disable = true
}
log_level = "warn"
workers   = 1
`;
}

function startMember(net: TestNetwork, host: NetnsHost, configFile: string): Member {
  const node = [
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "server", `-config=${configFile}`],
  ] as const;
  const [file, args] = net.command(host, node[0], node[1]);
  const child = spawn(file, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", HOME: dir } });
  const base = `http://${host.address}:8200`;
  const member: Member = {
    host,
    process: child,
    output: "",
    api: (method, path, body, token = root) => call(base, method, path, body, token),
    async must(method, path, body) {
      const r = await member.api(method, path, body);
      if (r.status >= 300)
        throw new Error(`${host.address} ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r;
    },
  };
  child.stdout.on("data", (c: Buffer) => (member.output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (member.output += c.toString()));
  return member;
}

async function ready(member: Member): Promise<void> {
  await within(60_000, async () => {
    if (member.process.exitCode !== null)
      throw new Error(`node ${member.host.address} exited (${member.process.exitCode}): ${member.output}`);
    return member.api("GET", "sys/health", undefined, null).then(
      () => true,
      () => false,
    );
  });
}

async function stopMember(member: Member): Promise<void> {
  if (member.process.exitCode !== null) return;
  const exited = new Promise((r) => member.process.once("exit", r));
  member.process.kill("SIGTERM");
  const timer = setTimeout(() => member.process.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

const kmipAt = (member: Member, port = 5696) => ({ host: member.host.address, port });

async function issue(member: Member, role: string): Promise<Credential> {
  const r = await member.must("POST", `kmip/scope/finance/role/${role}/credential/generate`, {
    format: "pem",
  });
  return r.body!.data as Credential;
}

async function refused(work: () => Promise<unknown>): Promise<boolean> {
  return work().then(
    () => false,
    () => true,
  );
}

describe("two nodes on two hosts, one database, one configuration", () => {
  it("serves through node 2 a mount enabled through node 1, within a second", async () => {
    expect(one.host.address).not.toBe(two.host.address);
    await one.must("POST", "sys/mounts/kmip", { type: "kmip" });
    const took = await within(SECOND, async () => (await two.api("GET", "kmip/config")).status === 200);
    console.info(`mount served by node 2 after ${Math.round(took)} ms`);
  });

  it("listens on 0.0.0.0:5696 on both nodes after one config write, names and all", async () => {
    await one.must("POST", "kmip/config", {
      listen_addrs: "0.0.0.0:5696",
      server_hostnames: NAME,
      server_ips: [one.host.address, two.host.address].join(","),
    });
    await one.must("POST", "kmip/scope/finance");
    await one.must("POST", "kmip/scope/finance/role/accounting", { operation_all: true });
    ca = (await two.must("GET", "kmip/ca")).body!.data.ca_pem;
    const cred = await issue(one, "accounting");
    for (const member of [one, two]) {
      await within(SECOND, async () => {
        const client = await kmipClient(kmipAt(member), ca, cred, NAME).catch(() => undefined);
        await client?.close();
        return client !== undefined;
      });
    }
  });

  it("fetches through node 2 a key created through node 1", async () => {
    const cred = await issue(two, "accounting");
    const c1 = await kmipClient(kmipAt(one), ca, cred, NAME);
    const c2 = await kmipClient(kmipAt(two), ca, cred, NAME);
    try {
      const created = await c1.create({ algorithm: "AES", length: 256, name: "netns-key" });
      const got = await c2.get(created.uniqueIdentifier);
      expect(got.keyMaterial?.length).toBe(32);
      expect(Buffer.from((await c1.get(created.uniqueIdentifier)).keyMaterial!)).toEqual(
        Buffer.from(got.keyMaterial!),
      );
    } finally {
      await Promise.all([c1.close(), c2.close()]);
    }
  });

  it("refuses on node 1, within a second, a credential revoked through node 2", async () => {
    const cred = await issue(one, "accounting");
    const live = await kmipClient(kmipAt(one), ca, cred, NAME);
    const created = await live.create({ algorithm: "AES", length: 128 });
    await two.must("POST", "kmip/scope/finance/role/accounting/credential/revoke", {
      serial_number: cred.serial_number,
    });
    const took = await within(SECOND, () => refused(() => live.get(created.uniqueIdentifier)));
    await live.close().catch(() => {});
    const fresh = () => kmipClient(kmipAt(one), ca, cred, NAME).then((c) => c.get(created.uniqueIdentifier));
    expect(await refused(fresh)).toBe(true);
    console.info(`revoked credential refused by node 1 after ${Math.round(took)} ms`);
  });

  it("enforces on node 2, within a second, a policy changed through node 1", async () => {
    await one.must("PUT", "sys/policies/acl/reader", {
      policy: 'path "kmip/ca" { capabilities = ["read"] }',
    });
    const token = (await one.must("POST", "auth/token/create", { policies: ["reader"] })).body!.auth
      .client_token;
    expect((await two.api("GET", "kmip/ca", undefined, token)).status).toBe(200);
    await one.must("PUT", "sys/policies/acl/reader", {
      policy: 'path "kmip/config" { capabilities = ["read"] }',
    });
    const took = await within(
      SECOND,
      async () => (await two.api("GET", "kmip/ca", undefined, token)).status === 403,
    );
    console.info(`policy change enforced by node 2 after ${Math.round(took)} ms`);
  });

  it("serves on node 1, within a second, a new listener with a new CA written through node 2", async () => {
    const partners = (await two.must("POST", "kmip/ca/partners/generate", { key_type: "ec", key_bits: 256 }))
      .body!.data.ca_pem as string;
    await two.must("POST", "kmip/listener/partners", {
      ca: "partners",
      address: "0.0.0.0:5697",
      server_hostnames: NAME,
      server_ips: [one.host.address, two.host.address].join(","),
    });
    await two.must("POST", "kmip/scope/finance/role/partner", { operation_all: true, ca: "partners" });
    const cred = await issue(two, "partner");
    const took = await within(SECOND, async () => {
      const client = await kmipClient(kmipAt(one, 5697), partners, cred, NAME).catch(() => undefined);
      if (client === undefined) return false;
      await client.create({ algorithm: "AES", length: 128 });
      await client.close();
      return true;
    });
    console.info(`new listener and CA served by node 1 after ${Math.round(took)} ms`);
  });

  it("keeps node 2 unsealed when node 1 is sealed", async () => {
    await one.must("PUT", "sys/seal");
    expect((await one.api("GET", "sys/seal-status")).body!.sealed).toBe(true);
    expect((await two.api("GET", "sys/seal-status")).body!.sealed).toBe(false);
    const cred = await issue(two, "accounting");
    const client = await kmipClient(kmipAt(two), ca, cred, NAME);
    await client.create({ algorithm: "AES", length: 128 });
    await client.close();
  });
});
