/**
 * A live kmipd in this process for the reliability tests: the real app (`startServer`: SQLite,
 * every KMIP operation, the real listener), initialized and unsealed, KMIP limits as the test
 * asks, every log line kept, and a `kmip` mount with a listener on 127.0.0.1, a scope, a role and
 * credentials issued through the management API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "../../src/app.js";
import { KmipClient } from "../../src/client/index.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import { type Logger, silentLogger } from "../../src/core/logger.js";
import type { KmipServiceOptions } from "../../src/server/options.js";
import type { ClientTls } from "../server/client.js";

export const ROOT_TOKEN = "root-reliability";

export interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly msg: string;
  readonly obj: Record<string, unknown>;
}

export interface Credential extends ClientTls {
  readonly cert: string;
  readonly key: string;
}

/** A management API answer; the body is JSON the tests read by path. */
export interface ApiResult {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON, read field by field in tests
  readonly body: any;
}

export interface LiveServer {
  readonly running: RunningServer;
  readonly port: number;
  readonly ca: string;
  readonly logs: LogLine[];
  /** A new client certificate for the test role. */
  credential(): Promise<Credential>;
  /** Our KMIP client over mutual TLS with `cred` (a new credential when absent). */
  client(cred?: Credential, version?: number): Promise<KmipClient>;
  api(method: string, path: string, body?: unknown): Promise<ApiResult>;
  /** True when some log line's message matches `pattern`. */
  logged(pattern: RegExp): boolean;
  close(): Promise<void>;
}

export function capturingLogger(lines: LogLine[]): Logger {
  const at = (level: LogLine["level"]) => (obj: object, msg?: string) =>
    lines.push({ level, msg: msg ?? "", obj: obj as Record<string, unknown> });
  return { info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * `keepLogs: false` drops every log line instead (a long fuzz run would otherwise hold millions
 * of them, and its memory check would measure those).
 */
export async function startLive(
  limits?: KmipServiceOptions["limits"],
  options: { keepLogs?: boolean } = {},
): Promise<LiveServer> {
  const dir = mkdtempSync(join(tmpdir(), "kmipd-reliability-"));
  const config: ServerConfig = {
    storage: { type: "sqlite", path: join(dir, "kmipd.db") },
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
    logLevel: "info",
    workers: 1,
    ignored: [],
  };
  const logs: LogLine[] = [];
  const running = await startServer({
    config,
    logger: options.keepLogs === false ? silentLogger : capturingLogger(logs),
    kmipLimits: limits,
    prepare: async (core) => {
      await core.initDev({ rootTokenId: ROOT_TOKEN });
    },
  });
  const api = apiCaller(running.urls[0]!);
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await api(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  await must("POST", "sys/mounts/kmip", { type: "kmip" });
  await must("POST", "kmip/config", { listen_addrs: "127.0.0.1:0" });
  await must("POST", "kmip/scope/load");
  await must("POST", "kmip/scope/load/role/client", { operation_all: true });
  const uuid = running.core.listMounts().find((m) => m.path === "kmip/")!.uuid;
  await running.kmip.settled(uuid);
  const port = running.kmip.listeners(uuid)[0]!.port;
  const ca = (await must("GET", "kmip/ca")).body.data.ca_pem as string;
  const credential = async (): Promise<Credential> => {
    const generate = "kmip/scope/load/role/client/credential/generate";
    const data = (await must("POST", generate, { format: "pem" })).body.data;
    return { ca: [ca], cert: data.certificate, key: data.private_key };
  };
  return {
    running,
    port,
    ca,
    logs,
    credential,
    async client(cred, version = 1.4) {
      const c = cred ?? (await credential());
      const options = { host: "127.0.0.1", port, ca, cert: c.cert, key: c.key };
      return KmipClient.connect({ ...options, servername: "localhost", version, timeoutMs: 10_000 });
    },
    api,
    logged: (pattern) => logs.some((l) => pattern.test(l.msg)),
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function apiCaller(base: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/v1/${path}`, {
      method,
      headers: { "X-Vault-Token": ROOT_TOKEN, "Content-Type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
  };
}
