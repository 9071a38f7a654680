/**
 * A live kmipd for end-to-end tests, started the way `kmipd server -dev` starts one (temporary
 * SQLite, initialized and unsealed, root token known), with helpers to drive the management API
 * and to set up a KMIP listener with a scope, a role and an issued client certificate.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, type StartOptions, startServer } from "../../src/app.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import { silentLogger } from "../../src/core/logger.js";

export interface ApiResult {
  status: number;
  body: Record<string, any> | undefined;
}

export interface Credential {
  certificate: string;
  private_key: string;
  serial_number: string;
  ca_chain: string[];
}

export interface Kmipd {
  readonly server: RunningServer;
  readonly dir: string;
  readonly root: string;
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResult>;
  /** Enables `kmip/` (once) and points its listener at a free port; returns the port. */
  kmipListener(): Promise<number>;
  /** Creates the scope and role (role flags as given) and issues a PEM credential. */
  credential(scope: string, role: string, flags?: Record<string, unknown>): Promise<Credential>;
  /** The credential, the CA bundle of `kmip/ca` and the port, written as PEM files. */
  credentialFiles(cred: Credential): Promise<{ ca: string; cert: string; key: string }>;
  close(): Promise<void>;
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

export async function startKmipd(options: Partial<Pick<StartOptions, "wrapEngines">> = {}): Promise<Kmipd> {
  const root = "root-test";
  const dir = mkdtempSync(join(tmpdir(), "kmipd-test-"));
  const config: ServerConfig = {
    storage: { type: "sqlite", path: join(dir, "kmipd.db") },
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
    logLevel: "error",
    workers: 1,
    ignored: [],
  };
  const server = await startServer({
    config,
    logger: silentLogger,
    ...options,
    prepare: (core) => core.initDev({ rootTokenId: root }).then(() => undefined),
  });
  let port: number | undefined;
  let files = 0;

  const api = async (method: string, path: string, body?: unknown, token: string | null = root) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers["X-Vault-Token"] = token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(`${server.urls[0]}/v1/${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, any>) };
  };

  const must = async (method: string, path: string, body?: unknown) => {
    const r = await api(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };

  return {
    server,
    dir,
    root,
    api,
    async kmipListener() {
      if (port !== undefined) return port;
      await must("POST", "sys/mounts/kmip", { type: "kmip" });
      const chosen = await freePort();
      await must("POST", "kmip/config", { listen_addrs: `127.0.0.1:${chosen}` });
      port = chosen;
      return chosen;
    },
    async credential(scope, role, flags = { operation_all: true }) {
      await must("POST", `kmip/scope/${scope}`);
      await must("POST", `kmip/scope/${scope}/role/${role}`, flags);
      const r = await must("POST", `kmip/scope/${scope}/role/${role}/credential/generate`, { format: "pem" });
      return r.body!.data as Credential;
    },
    async credentialFiles(cred) {
      const n = files++;
      const paths = {
        ca: join(dir, `ca-${n}.pem`),
        cert: join(dir, `cert-${n}.pem`),
        key: join(dir, `key-${n}.pem`),
      };
      writeFileSync(paths.ca, (await must("GET", "kmip/ca")).body!.data.ca_pem);
      writeFileSync(paths.cert, cred.certificate);
      writeFileSync(paths.key, cred.private_key);
      return paths;
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
