/**
 * A PostgreSQL server for tests: a throw-away cluster in a temp folder, made with Debian's
 * binaries (`/usr/lib/postgresql/<version>/bin`), on 127.0.0.1 at a free port with its Unix
 * socket in the same folder and trust authentication on loopback. Run as root (CI), the cluster
 * belongs to the `postgres` user, as PostgreSQL refuses to run as root.
 *
 * With KMIPD_TEST_PG_URL set, tests use that server instead (its user must be allowed to create
 * databases). Either way each caller gets a database of its own, so test files run in parallel.
 * PostgreSQL missing is a failure with the install line, never a skip.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface TestPostgres {
  /** A database of its own: `postgres://postgres@127.0.0.1:<port>/kmipd_test_<random>`. */
  readonly url: string;
  /** With `tls`: the CA (a self-signed certificate for 127.0.0.1) that the server's TLS uses. */
  readonly ca?: string;
  /** `pg_ctl restart` (fast shutdown: every session is cut); only for a cluster started here. */
  restart(): Promise<void>;
  /** Drops the database; stops and deletes a cluster started here. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A cluster of its own even when KMIPD_TEST_PG_URL is set (a test that restarts it must not share it). */
  local?: boolean;
  /** A cluster of its own that accepts TLS connections only on 127.0.0.1 (needs openssl). */
  tls?: boolean;
}

export const INSTALL_HINT =
  "PostgreSQL is not installed: apt-get update && apt-get install -y postgresql " +
  "(or set KMIPD_TEST_PG_URL to a server where the tests may create databases)";

const ROOT = "/usr/lib/postgresql";

export async function startPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const external = process.env.KMIPD_TEST_PG_URL;
  const local = options.local === true || options.tls === true;
  if (external !== undefined && external !== "" && !local) return onServer(external);
  const cluster = await startCluster(findBinaries(), options.tls === true);
  try {
    const db = await onServer(cluster.url, cluster.ca);
    return { ...db, restart: cluster.restart, stop: cluster.stop };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** A new database on a running server, dropped by `stop`. */
async function onServer(serverUrl: string, ca?: string): Promise<TestPostgres> {
  const name = `kmipd_test_${randomBytes(6).toString("hex")}`;
  const admin = (sql: string) => query(withDatabase(serverUrl, "postgres"), sql, [], ca);
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    ...(ca === undefined ? {} : { ca }),
    restart: async () => {
      throw new Error("this test restarts PostgreSQL: use startPostgres({ local: true })");
    },
    stop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on its own connection (for tests that look at the tables directly). */
export async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
  ca?: string,
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, ...(ca === undefined ? {} : { ssl: { ca } }) });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

interface Binaries {
  initdb: string;
  pgCtl: string;
}

/** The newest version Debian installed. */
function findBinaries(): Binaries {
  const versions = existsSync(ROOT)
    ? readdirSync(ROOT)
        .filter((v) => existsSync(join(ROOT, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(INSTALL_HINT);
  const bin = join(ROOT, versions[0]!, "bin");
  return { initdb: join(bin, "initdb"), pgCtl: join(bin, "pg_ctl") };
}

interface Cluster {
  url: string;
  ca: string | undefined;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function startCluster(bin: Binaries, tls: boolean): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "kmipd-pg-"));
  const [data, log] = [join(dir, "data"), join(dir, "postgres.log")];
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, idOf("-u"), idOf("-g"));
  const run = (cmd: string, args: readonly string[]) => runAs(asRoot, cmd, args);
  const ctl = (...args: string[]) => [bin.pgCtl, ["-D", data, "-l", log, "-w", ...args]] as const;
  // A test process that dies must not leave a server behind.
  const onExit = () => {
    spawnSync(...asUser(asRoot, ...ctl("-m", "immediate", "stop")), { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    onExit();
  };
  try {
    const initdb = ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"];
    await run(bin.initdb, initdb);
    const port = await freePort();
    appendFileSync(join(data, "postgresql.conf"), settings(port, dir));
    const ca = tls ? await enableTls(dir, data, run) : undefined;
    await run(...ctl("start"));
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return { url, ca, restart: () => run(...ctl("-m", "fast", "restart")), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Fast rather than durable: the cluster lives as long as one test file. */
function settings(port: number, dir: string): string {
  return [
    "",
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    "max_connections = 200",
    "shared_buffers = 16MB",
    "",
  ].join("\n");
}

type Run = (cmd: string, args: readonly string[]) => Promise<void>;

/** A self-signed certificate for 127.0.0.1; TCP clients must use TLS (hostssl), the socket need not. */
async function enableTls(dir: string, data: string, run: Run): Promise<string> {
  const [cert, key] = [join(dir, "server.crt"), join(dir, "server.key")];
  await run("openssl", [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
    ...["-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
    ...["-addext", "subjectAltName=IP:127.0.0.1"],
  ]).catch((err: Error) => {
    throw new Error(`openssl is needed for the TLS tests: apt-get install -y openssl (${err.message})`);
  });
  chmodSync(key, 0o600); // PostgreSQL refuses a key others may read
  appendFileSync(
    join(data, "postgresql.conf"),
    `ssl = on\nssl_cert_file = '${cert}'\nssl_key_file = '${key}'\n`,
  );
  writeFileSync(join(data, "pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 trust\n");
  return readFileSync(cert, "utf8");
}

function asUser(asRoot: boolean, cmd: string, args: readonly string[]): [string, string[]] {
  return asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, [...args]];
}

/** Resolves when the command exits (pg_ctl start leaves the server running, detached). */
function runAs(asRoot: boolean, cmd: string, args: readonly string[]): Promise<void> {
  const [file, argv] = asUser(asRoot, cmd, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${code}): ${output}`)),
    );
  });
}

function idOf(flag: "-u" | "-g"): number {
  const out = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`no postgres user: ${INSTALL_HINT}`);
  return Number(out.stdout.trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
