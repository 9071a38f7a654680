/**
 * A live kmipd for the conformance run, in this process: a temporary SQLite database, a dev-style
 * init (one unseal key, a known root token), the `kmip` secrets engine, and a KMIP listener on a
 * port the operating system picks. Everything is set up through the management API, as an
 * operator would (README tutorial); only the bound port is read from the service, since the API
 * reports the configured address (`:0`), not the port it got.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, type StartOptions, startServer } from "../app.js";
import type { ServerConfig } from "../config/server-config.js";
import { silentLogger } from "../core/logger.js";

const ROOT_TOKEN = "conformance-root";
const MOUNT = "kmip";

/** What a KMIP client needs to reach one scope and role over mutual TLS. */
export interface ClientCredential {
  readonly host: string;
  readonly port: number;
  readonly servername: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export class LiveServer {
  private constructor(
    private readonly server: RunningServer,
    private readonly dir: string,
    private readonly base: string,
    readonly port: number,
    private readonly ca: string,
  ) {}

  /**
   * Starts kmipd and configures its `kmip` mount with a listener on 127.0.0.1, port 0. `start`
   * replaces `startServer` (to try a server built differently); by default the real one.
   */
  static async start(
    start: (options: StartOptions) => Promise<RunningServer> = startServer,
  ): Promise<LiveServer> {
    const dir = mkdtempSync(join(tmpdir(), "kmipd-conformance-"));
    const config: ServerConfig = {
      storage: { type: "sqlite", path: join(dir, "kmipd.db") },
      listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
      logLevel: "error",
      workers: 1,
      ignored: [],
    };
    const server = await start({
      config,
      logger: silentLogger,
      interop: true,
      prepare: async (core) => {
        await core.initDev({ rootTokenId: ROOT_TOKEN });
      },
    });
    try {
      const base = server.urls[0]!;
      await api(base, "POST", `sys/mounts/${MOUNT}`, { type: "kmip" });
      await api(base, "POST", `${MOUNT}/config`, { listen_addrs: "127.0.0.1:0" });
      const uuid = (await api(base, "GET", `sys/mounts/${MOUNT}`))?.uuid as string;
      await server.kmip.settled(uuid);
      const port = server.kmip.listeners(uuid)[0]?.port;
      if (port === undefined) throw new Error("the KMIP listener did not start");
      const ca = (await api(base, "GET", `${MOUNT}/ca`))?.ca_pem as string;
      return new LiveServer(server, dir, base, port, ca);
    } catch (err) {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** A new scope, a role allowed every operation, and a client certificate for it. */
  async newScope(scope: string): Promise<ClientCredential> {
    await api(this.base, "POST", `${MOUNT}/scope/${scope}`);
    await api(this.base, "POST", `${MOUNT}/scope/${scope}/role/all`, { operation_all: true });
    const data = await api(this.base, "POST", `${MOUNT}/scope/${scope}/role/all/credential/generate`, {
      format: "pem",
    });
    return {
      host: "127.0.0.1",
      port: this.port,
      servername: "localhost",
      ca: this.ca,
      cert: data?.certificate as string,
      key: data?.private_key as string,
    };
  }

  /** Deletes a scope and every object in it, so the database stays small over a long run. */
  async dropScope(scope: string): Promise<void> {
    await api(this.base, "DELETE", `${MOUNT}/scope/${scope}?force=true`);
  }

  async close(): Promise<void> {
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One management API call with the root token; the response's `data`, or undefined. */
async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers: {
      "X-Vault-Token": ROOT_TOKEN,
      ...(body !== undefined && { "Content-Type": "application/json" }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  if (text === "") return undefined;
  return (JSON.parse(text) as { data?: Record<string, unknown> }).data;
}
