/**
 * Crash safety, on SQLite and on PostgreSQL: `kmipd server -config` (key-file seal) under a concurrent Create /
 * Register / Activate / Destroy load through its KMIP listener is killed with SIGKILL mid-load,
 * twice. After each kill the database is checked at rest (SQLite's integrity and foreign keys;
 * on both, every live object with its attributes and sealed material, a destroyed one without) and the server is restarted on the same data, unsealed by the
 * key file the first time and by the unseal key the second. Then every acknowledged Create and
 * Register is there with its exact material and state, every acknowledged Destroy destroyed, and
 * any object no acknowledgement speaks of is whole (attributes, material that opens) and is what
 * its request asked for.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { KmipClient } from "../../src/client/index.js";
import { State } from "../../src/kmip/generated/enums.js";
import { query, startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { Ledger, worker } from "./crash-load.js";
import { sleep } from "./raw.js";
import { type Api, apiAt, freePort, type Spawned, spawnKmipd, waitForPort, writeConfig } from "./spawned.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-crash-"));
const children: Spawned[] = [];
let postgres: TestPostgres | undefined;
afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Where the data lives, and how to look at it at rest while no server runs. */
interface Backend {
  readonly dir: string;
  /** The storage stanza; SQLite in `dir/data` when absent. */
  readonly storage?: string;
  /** Checks the stored rows and returns how many objects there are. */
  checkAtRest(): Promise<number>;
}

/** A live object's row, as both adapters store it (objects, object_attrs). */
interface ObjectRow {
  readonly uid: string;
  readonly state: number | string;
  readonly has: number | boolean;
  readonly attrs: number | string;
}

const ROWS_SQL =
  "SELECT uid, state, material IS NOT NULL AS has, (SELECT count(*) FROM object_attrs WHERE obj = seq) AS attrs FROM objects";
/** SQLite's attribute index is `object_index` since its migration 3 (integer keys). */
const SQLITE_ROWS_SQL = ROWS_SQL.replace("object_attrs", "object_index");

/** Nothing half there: attributes for every object, material exactly when not destroyed. */
function checkRows(rows: readonly ObjectRow[]): number {
  for (const row of rows) {
    expect(Number(row.attrs), row.uid).toBeGreaterThan(0);
    expect(Boolean(row.has), row.uid).toBe(Number(row.state) !== State.Destroyed);
  }
  return rows.length;
}

function sqliteBackend(): Backend {
  const at = mkdtempSync(join(dir, "sqlite-"));
  return { dir: at, checkAtRest: async () => checkAtRest(join(at, "data", "kmipd.db")) };
}

async function postgresBackend(): Promise<Backend> {
  postgres = await startPostgres();
  const url = postgres.url;
  return {
    dir: mkdtempSync(join(dir, "postgres-")),
    storage: `storage "postgresql" {\n  connection_url = "${url}"\n}\n`,
    checkAtRest: async () => checkRows(await query<ObjectRow>(url, ROWS_SQL)),
  };
}

const WORKERS = 6;
const LOAD_MS = 1500;

interface Setup {
  readonly api: Api;
  readonly kmipPort: number;
  readonly root: string;
  readonly unsealKey: string;
  readonly tls: { ca: string; cert: string; key: string };
}

async function start(config: string, apiPort: number): Promise<Spawned> {
  const spawned = await spawnKmipd(config, apiPort, dir);
  children.push(spawned);
  return spawned;
}

/** Init, unseal, the kmip engine with a listener, a scope, a role and one credential. */
async function setUp(api: Api): Promise<Setup> {
  const init = await api("POST", "sys/init", { secret_shares: 1, secret_threshold: 1 });
  expect(init.status).toBe(200);
  const root = init.body.root_token as string;
  const unsealKey = init.body.keys_base64[0] as string;
  expect((await api("POST", "sys/unseal", { key: unsealKey })).body.sealed).toBe(false);
  const must = async (path: string, body?: unknown) => {
    const r = await api("POST", path, body, root);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  };
  await must("sys/mounts/kmip", { type: "kmip" });
  const kmipPort = await freePort();
  await must("kmip/config", { listen_addrs: `127.0.0.1:${kmipPort}` });
  await must("kmip/scope/crash");
  await must("kmip/scope/crash/role/load", { operation_all: true });
  const cred = (await must("kmip/scope/crash/role/load/credential/generate", { format: "pem" })).data;
  const ca = (await api("GET", "kmip/ca", undefined, root)).body.data.ca_pem as string;
  return { api, kmipPort, root, unsealKey, tls: { ca, cert: cred.certificate, key: cred.private_key } };
}

function connect(s: Setup): Promise<KmipClient> {
  return KmipClient.connect({
    host: "127.0.0.1",
    port: s.kmipPort,
    ...s.tls,
    servername: "localhost",
    timeoutMs: 15_000,
  });
}

/** The load for LOAD_MS, then SIGKILL while requests are in flight. */
async function loadAndKill(s: Setup, server: Spawned, ledger: Ledger, round: number): Promise<void> {
  await waitForPort(s.kmipPort, server);
  const clients = await Promise.all(Array.from({ length: WORKERS }, () => connect(s)));
  const before = ledger.operations;
  const running = clients.map((c, i) => worker(c, `r${round}w${i}`, ledger, () => false));
  await sleep(LOAD_MS);
  server.child.kill("SIGKILL");
  expect((await server.exited).signal).toBe("SIGKILL");
  await Promise.all(running);
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  expect(ledger.operations - before).toBeGreaterThan(20);
}

/** At rest, before any restart: SQLite intact; every object whole. */
function checkAtRest(dbPath: string): number {
  const db = new Database(dbPath);
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    return checkRows(db.prepare(SQLITE_ROWS_SQL).all() as ObjectRow[]);
  } finally {
    db.close();
  }
}

async function stateOf(client: KmipClient, uid: string): Promise<number> {
  const attributes = await client.getAttributes(uid, ["State"]);
  return attributes.find((a) => a.name === "State")!.value as number;
}

async function nameOf(client: KmipClient, uid: string): Promise<string> {
  const attributes = await client.getAttributes(uid, ["Name"]);
  return (attributes.find((a) => a.name === "Name")!.value as { nameValue: string }).nameValue;
}

/** What survived matches the ledger; returns how many objects the ledger did not acknowledge. */
async function checkAfterRestart(client: KmipClient, ledger: Ledger, storedObjects: number): Promise<number> {
  const live = new Set((await client.locate({ maximumItems: 100_000 })).uniqueIdentifiers);
  for (const [uid, entry] of ledger.acked) {
    const state = await stateOf(client, uid);
    expect([entry.state, entry.pending], `${entry.name} state`).toContain(state);
    entry.state = state;
    entry.pending = undefined;
    if (state === State.Destroyed) {
      await expect(client.get(uid)).rejects.toThrow();
      continue;
    }
    expect(live.has(uid), `${entry.name} located`).toBe(true);
    const material = Buffer.from((await client.get(uid)).keyMaterial!);
    if (entry.material) expect(material.equals(entry.material), `${entry.name} material`).toBe(true);
    else expect(material.length).toBe(32);
    entry.material = material;
  }
  let unacknowledged = 0;
  for (const uid of live) {
    if (ledger.acked.has(uid)) continue;
    unacknowledged++;
    const name = await nameOf(client, uid);
    const intent = ledger.intents.get(name);
    expect(intent, `object ${uid} named ${name} was asked for`).toBeDefined();
    expect(await stateOf(client, uid)).toBe(State.PreActive);
    const material = Buffer.from((await client.get(uid)).keyMaterial!);
    if (intent!.material) expect(material.equals(intent!.material)).toBe(true);
    else expect(material.length).toBe(32);
    // Whole, so from now on it is as good as acknowledged.
    ledger.acked.set(uid, { name, material, state: State.PreActive });
  }
  const destroyed = [...ledger.acked.values()].filter((a) => a.state === State.Destroyed).length;
  expect(live.size + destroyed).toBe(storedObjects);
  return unacknowledged;
}

/** Two rounds of load and SIGKILL on `backend`; a line for the log. */
async function crashRounds(backend: Backend): Promise<string> {
  const apiPort = await freePort();
  const keyFile = join(backend.dir, "unseal.key");
  const common = {
    dir: backend.dir,
    apiPort,
    logLevel: "warn",
    ...(backend.storage && { storage: backend.storage }),
  };
  const withKeyFile = writeConfig({ ...common, keyFile });
  const withoutSeal = writeConfig(common, "manual.hcl");
  const ledger = new Ledger();
  const api = apiAt(`http://127.0.0.1:${apiPort}`);

  let server = await start(withKeyFile, apiPort);
  const s = await setUp(api);
  const report: string[] = [];
  for (const round of [1, 2]) {
    await loadAndKill(s, server, ledger, round);
    const stored = await backend.checkAtRest();
    // Round 1 restarts unsealed by the key file; round 2 sealed, then unsealed with the key.
    server = await start(round === 1 ? withKeyFile : withoutSeal, apiPort);
    if (round === 2) {
      expect((await api("GET", "sys/health")).status).toBe(503);
      await api("POST", "sys/unseal", { key: s.unsealKey });
    }
    expect((await api("GET", "sys/health")).status).toBe(200);
    await waitForPort(s.kmipPort, server);
    const client = await connect(s);
    const extra = await checkAfterRestart(client, ledger, stored);
    await client.close();
    report.push(`round ${round}: ${ledger.acked.size} objects, ${extra} complete but unacknowledged`);
  }
  server.child.kill("SIGTERM");
  expect((await server.exited).code).toBe(0);
  return `${ledger.operations} acknowledged operations; ${report.join("; ")}`;
}

describe("crash safety", () => {
  it("keeps every acknowledged change across SIGKILL, and nothing half made (SQLite)", async () => {
    console.info(`crash test, SQLite: ${await crashRounds(sqliteBackend())}`);
  }, 120_000);

  it("keeps every acknowledged change across SIGKILL, and nothing half made (PostgreSQL)", async () => {
    console.info(`crash test, PostgreSQL: ${await crashRounds(await postgresBackend())}`);
  }, 180_000);
});
