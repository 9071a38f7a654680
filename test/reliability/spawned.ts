/**
 * `kmipd server -config FILE` as a child process, the way an operator runs it: a configuration
 * file (SQLite, an API listener on 127.0.0.1, optionally a key-file seal and API TLS), its output
 * kept, signals sent to it, and the management API driven over HTTP(S).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import type { PeerCertificate, TLSSocket } from "node:tls";
import { repoRoot } from "../helpers/vectors.js";

export interface ConfigSpec {
  readonly dir: string;
  readonly apiPort: number;
  readonly keyFile?: string;
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly logLevel?: string;
  /** The storage stanza in place of SQLite in `dir/data` (e.g. `storage "postgresql" { ... }`). */
  readonly storage?: string;
  /** More configuration text, appended as is (e.g. a `kmip_limits { ... }` stanza). */
  readonly extra?: string;
}

/** Writes `kmipd.hcl` in `spec.dir` (SQLite data in `spec.dir/data`) and returns its path. */
export function writeConfig(spec: ConfigSpec, name = "kmipd.hcl"): string {
  const tls = spec.tls
    ? `  tls_cert_file = "${spec.tls.cert}"\n  tls_key_file = "${spec.tls.key}"\n`
    : "  tls_disable = true\n";
  const text =
    (spec.storage ?? `storage "sqlite" {\n  path = "${join(spec.dir, "data", "kmipd.db")}"\n}\n`) +
    `listener "tcp" {\n  address = "127.0.0.1:${spec.apiPort}"\n${tls}}\n` +
    (spec.keyFile ? `seal "keyfile" {\n  path = "${spec.keyFile}"\n}\n` : "") +
    `log_level = "${spec.logLevel ?? "info"}"\n` +
    (spec.extra ?? "");
  const path = join(spec.dir, name);
  writeFileSync(path, text);
  return path;
}

export interface Spawned {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Resolves once `port` accepts connections; throws after `ms` or if `child` exits first. */
export async function waitForPort(port: number, spawned?: Spawned, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (spawned && spawned.child.exitCode !== null) throw new Error(`server exited: ${spawned.output()}`);
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}: ${spawned?.output() ?? ""}`);
}

/** Starts `kmipd server -config=<path>` and waits for its API port. */
export async function spawnKmipd(configPath: string, apiPort: number, home: string): Promise<Spawned> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "server", `-config=${configPath}`],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: home },
    },
  );
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const spawned = { child, output: () => out, exited };
  await waitForPort(apiPort, spawned);
  return spawned;
}

export interface ApiAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON, read field by field in tests
  readonly body: any;
  /** The certificate an https server presented. */
  readonly peer?: PeerCertificate;
}

export type Api = (method: string, path: string, body?: unknown, token?: string) => Promise<ApiAnswer>;

/** The management API at `base` over a new connection per call; `ca` (PEM) trusted for https. */
export function apiAt(base: string, ca?: string): Api {
  return (method, path, body, token) =>
    new Promise((resolve, reject) => {
      const url = new URL(`${base}/v1/${path}`);
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const headers = { ...(token && { "X-Vault-Token": token }), "Content-Type": "application/json" };
      const req = send(url, { method, headers, agent: false, ...(ca && { ca }) }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          const peer = (res.socket as TLSSocket).getPeerCertificate?.();
          const parsed = text === "" ? undefined : JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, body: parsed, ...(peer && { peer }) });
        });
      });
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
}

/**
 * A POST whose answer is left unread until `read()`: the server's write backs up once the socket
 * buffers are full, so a large answer stays in flight on the server as long as the test wants.
 */
export function unreadRequest(
  port: number,
  path: string,
  body: unknown,
  token: string,
): { read(): Promise<ApiAnswer> } {
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const headers = { "X-Vault-Token": token, "Content-Type": "application/json" };
    const req = httpRequest(
      { host: "127.0.0.1", port, path: `/v1/${path}`, method: "POST", headers, agent: false },
      resolve,
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
  return {
    async read() {
      const res = await response;
      let text = "";
      for await (const chunk of res) text += (chunk as Buffer).toString();
      return { status: res.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) };
    },
  };
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
export function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const subject = ["-subj", `/CN=${name}`, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "2",
      ...subject,
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  return { cert, key };
}
