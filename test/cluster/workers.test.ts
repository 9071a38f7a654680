/**
 * `workers = 2` (src/cluster/primary.ts): `kmipd server -config` as a primary and two workers on
 * one SQLite file, the API and KMIP ports shared (node:cluster hands connections to the workers
 * in turn, so consecutive new connections land on different workers). One unseal through the API
 * unseals both; a mount, scope, role and credential made through one worker serve on both; an
 * object made on one worker is read and changed through the other; identifiers never collide; a
 * revoked credential is refused by both within a second; one seal seals both; SIGTERM stops all.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KmipClient } from "../../src/client/index.js";
import { State } from "../../src/kmip/generated/enums.js";
import {
  type Api,
  apiAt,
  freePort,
  type Spawned,
  spawnKmipd,
  waitForPort,
  writeConfig,
} from "../reliability/spawned.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-workers-"));
let server: Spawned | undefined;
afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Several API calls on new connections: both workers answer some of them. */
async function sealedEverywhere(api: Api): Promise<boolean[]> {
  const answers = await Promise.all(Array.from({ length: 6 }, () => api("GET", "sys/seal-status")));
  return answers.map((a) => a.body.sealed as boolean);
}

/** Until `ok()` holds (polled), at most `ms`; returns the milliseconds it took. */
async function within(ms: number, ok: () => Promise<boolean>): Promise<number> {
  const began = Date.now();
  while (!(await ok())) {
    if (Date.now() - began > ms) throw new Error(`not within ${ms} ms`);
    await sleep(20);
  }
  return Date.now() - began;
}

describe("workers = 2", () => {
  it("serves from two processes as one server", { timeout: 120_000 }, async () => {
    const apiPort = await freePort();
    const config = writeConfig({ dir, apiPort, logLevel: "warn", extra: "workers = 2\n" });
    server = await spawnKmipd(config, apiPort, dir);
    const api = apiAt(`http://127.0.0.1:${apiPort}`);

    const init = await api("POST", "sys/init", { secret_shares: 1, secret_threshold: 1 });
    expect(init.status).toBe(200);
    const root = init.body.root_token as string;
    // One unseal, answered by one worker, reaches the other.
    expect((await api("POST", "sys/unseal", { key: init.body.keys_base64[0] })).body.sealed).toBe(false);
    await within(1000, async () => (await sealedEverywhere(api)).every((s) => !s));

    const must = async (path: string, body?: unknown) => {
      const r = await api("POST", path, body, root);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await must("sys/mounts/kmip", { type: "kmip" });
    const kmipPort = await freePort();
    await must("kmip/config", { listen_addrs: `127.0.0.1:${kmipPort}` });
    await must("kmip/scope/s");
    await must("kmip/scope/s/role/r", { operation_all: true });
    const cred = (await must("kmip/scope/s/role/r/credential/generate", { format: "pem" })).data;
    const ca = (await api("GET", "kmip/ca", undefined, root)).body.data.ca_pem as string;
    await waitForPort(kmipPort, server);
    // The worker that did not take the writes starts its listener from the relayed change.
    await sleep(600);

    const connect = () =>
      KmipClient.connect({
        host: "127.0.0.1",
        port: kmipPort,
        ca,
        cert: cred.certificate,
        key: cred.private_key,
        servername: "localhost",
        timeoutMs: 10_000,
      });
    const clients: KmipClient[] = [];
    for (let i = 0; i < 4; i++) clients.push(await connect());

    // Identifiers from both workers at once: all distinct.
    const made = await Promise.all(
      clients.flatMap((c) =>
        Array.from({ length: 10 }, () => c.create({ algorithm: "AES", length: 256, usageMask: "Encrypt" })),
      ),
    );
    const uids = made.map((m) => m.uniqueIdentifier);
    expect(new Set(uids).size).toBe(uids.length);

    // Made on one worker, read and changed through the others (their caches follow the file).
    const uid = uids[0]!;
    for (const c of clients) expect((await c.get(uid)).uniqueIdentifier).toBe(uid);
    await clients[1]!.activate(uid);
    for (const c of clients) {
      const attrs = await c.getAttributes(uid, ["State"]);
      expect(attrs.find((a) => a.name === "State")?.value).toBe(State.Active);
    }

    // Revoked through the API (one worker): every connection, on both workers, refused within 1 s.
    await must("kmip/scope/s/role/r/credential/revoke", { serial_number: cred.serial_number });
    const refused = async (c: KmipClient) => {
      try {
        await c.get(uid);
        return false;
      } catch {
        return true;
      }
    };
    const waits = await Promise.all(clients.map((c) => within(1000, () => refused(c))));
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000);
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));

    // One seal seals both.
    expect((await api("POST", "sys/seal", undefined, root)).status).toBeLessThan(300);
    await within(1000, async () => (await sealedEverywhere(api)).every((s) => s));

    server.child.kill("SIGTERM");
    const exit = await Promise.race([server.exited, sleep(20_000).then(() => undefined)]);
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
  });
});
