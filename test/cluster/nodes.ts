/**
 * kmipd nodes in this process on one PostgreSQL database, as `kmipd server -config` starts them
 * with `storage "postgresql"`: each has its own API listener, is initialized through the first
 * node and unsealed through its own API (each node unseals itself). KMIP listeners use port 0
 * (`127.0.0.1:0`), so that nodes sharing one host and one listener configuration each get a port;
 * `kmipPort` says which. The network-namespace test runs real processes instead (netns.test.ts).
 */
import { type RunningServer, startServer } from "../../src/app.js";
import { KmipClient } from "../../src/client/index.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import type { Logger } from "../../src/core/logger.js";
import { silentLogger } from "../../src/core/logger.js";

/** A JSON body as tests read it: any shape, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: the API's bodies have many shapes; tests assert on them
type JsonBody = Record<string, any>;

export interface ApiResult {
  status: number;
  body: JsonBody | undefined;
}

export interface Node {
  readonly server: RunningServer;
  /** The root token once `initCluster` ran. */
  token: string;
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResult>;
  /** Like `api`, throwing unless the status is below 300. */
  must(method: string, path: string, body?: unknown): Promise<ApiResult>;
  close(): Promise<void>;
}

export async function startNode(connectionUrl: string, logger: Logger = silentLogger): Promise<Node> {
  const config: ServerConfig = {
    storage: { type: "postgresql", connectionUrl, tlsSkipVerify: false, maxParallel: 8 },
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
    logLevel: "error",
    workers: 1,
    ignored: [],
  };
  const server = await startServer({ config, logger });
  const node: Node = {
    server,
    token: "",
    api: (method, path, body, token = node.token) => call(server.urls[0]!, method, path, body, token),
    async must(method, path, body) {
      const r = await node.api(method, path, body);
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r;
    },
    close: () => server.close(),
  };
  return node;
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = null,
): Promise<ApiResult> {
  const headers: Record<string, string> = {};
  if (token) headers["X-Vault-Token"] = token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as JsonBody) };
}

/** Initializes through the first node, then unseals every node through its own API. */
export async function initCluster(nodes: readonly Node[]): Promise<{ root: string; key: string }> {
  const init = await nodes[0]!.api("PUT", "sys/init", { secret_shares: 1, secret_threshold: 1 });
  if (init.status !== 200) throw new Error(`init: ${init.status} ${JSON.stringify(init.body)}`);
  const { root_token: root, keys_base64: keys } = init.body as { root_token: string; keys_base64: string[] };
  for (const node of nodes) {
    node.token = root;
    const r = await node.api("PUT", "sys/unseal", { key: keys[0] });
    if (r.body?.sealed !== false) throw new Error(`unseal: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { root, key: keys[0]! };
}

/** Polls `check` every 10 ms until it holds; returns how long that took, or throws after `limitMs`. */
export async function within(limitMs: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function mountUuid(node: Node, path = "kmip/"): Promise<string | undefined> {
  const r = await node.api("GET", "sys/mounts");
  return r.body?.data?.[path]?.uuid as string | undefined;
}

/** The port this node's legacy KMIP listener is bound to (config `127.0.0.1:0`), if running. */
export function kmipPort(node: Node, uuid: string, host = "127.0.0.1"): number | undefined {
  return node.server.kmip.listeners(uuid).find((l) => l.host === host)?.port;
}

export interface Credential {
  certificate: string;
  private_key: string;
  serial_number: string;
}

export async function issue(node: Node, scope: string, role: string): Promise<Credential> {
  const r = await node.must("POST", `kmip/scope/${scope}/role/${role}/credential/generate`, {
    format: "pem",
  });
  return r.body!.data as Credential;
}

export async function kmipClient(
  where: { host: string; port: number },
  ca: string,
  cred: Credential,
  servername = "localhost",
): Promise<KmipClient> {
  return KmipClient.connect({
    ...where,
    ca,
    cert: cred.certificate,
    key: cred.private_key,
    servername,
    version: 1.4,
    timeoutMs: 10_000,
  });
}
