/**
 * Test helpers for the management API: a trivial secrets engine (a key-value map in its sealed
 * storage), a server on 127.0.0.1:0 over a real SQLite database, and small HTTP clients (fetch and
 * raw sockets).
 */
import { connect } from "node:net";
import type { Backend, BackendFactory, LogicalRequest, PathDef } from "../../src/api/framework/types.js";
import type { ApiServer } from "../../src/api/server.js";
import { createApiServer } from "../../src/api/server.js";
import { Core } from "../../src/core/core.js";
import type { Logger } from "../../src/core/logger.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";

export interface MemEvents {
  initialized: string[];
  cleanedUp: string[];
}

/** A key-value engine: data/<key> read/write/delete, LIST data/ and data/<prefix>/. */
export function memBackend(events: MemEvents = { initialized: [], cleanedUp: [] }): BackendFactory {
  return async (ctx): Promise<Backend> => {
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    const key = (req: LogicalRequest) => `data/${req.get<string>("key")}`;
    const list = async (req: LogicalRequest) => {
      const prefix = req.has("key") ? `data/${req.get<string>("key")}/` : "data/";
      return { data: { keys: await ctx.storage.list(prefix) } };
    };
    const write = async (req: LogicalRequest) => {
      const record = {
        value: req.get<string>("value"),
        ttl: req.get<number>("ttl"),
        tags: req.get<string[]>("tags"),
      };
      await ctx.storage.put(key(req), enc.encode(JSON.stringify(record)));
      return undefined;
    };
    const fields = {
      key: { type: "string", description: "The key." },
      value: { type: "string", description: "The value." },
      ttl: { type: "duration", description: "A duration." },
      tags: { type: "comma-string-list", description: "Tags." },
    } as const;
    const paths: PathDef[] = [
      { pattern: "data", summary: "List keys.", operations: { list } },
      {
        pattern: "data/*key",
        summary: "One key.",
        fields,
        exists: async (req) => (await ctx.storage.get(key(req))) !== undefined,
        operations: {
          read: async (req) => {
            const bytes = await ctx.storage.get(key(req));
            return bytes ? { data: JSON.parse(dec.decode(bytes)) } : undefined;
          },
          create: write,
          update: write,
          delete: async (req) => {
            await ctx.storage.delete(key(req));
            return undefined;
          },
          list,
        },
      },
      {
        pattern: "fail",
        summary: "Always fails unexpectedly.",
        operations: {
          read: async () => {
            throw new Error("boom: secret internal detail");
          },
        },
      },
    ];
    return {
      type: "mem",
      paths,
      async initialize() {
        events.initialized.push(ctx.mountPath);
      },
      async cleanup() {
        events.cleanedUp.push(ctx.mountPath);
      },
    };
  };
}

export interface TestServer {
  core: Core;
  server: ApiServer;
  storage: SqliteStorage;
  url: string;
  port: number;
  events: MemEvents;
  close(): Promise<void>;
}

export async function startServer(
  options: {
    path?: string;
    now?: () => Date;
    keyFile?: string;
    bodyLimitBytes?: number;
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  const storage = SqliteStorage.open({ path: options.path ?? ":memory:" });
  const events: MemEvents = { initialized: [], cleanedUp: [] };
  const core = await Core.create({
    storage,
    backends: new Map([["mem", memBackend(events)]]),
    tidyIntervalMs: 0,
    ...(options.now ? { now: options.now } : {}),
    ...(options.keyFile ? { keyFile: options.keyFile } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const server = createApiServer(core, {
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { url, port } = await server.listen({ host: "127.0.0.1", port: 0 });
  return {
    core,
    server,
    storage,
    url,
    port,
    events,
    async close() {
      await server.close();
      await core.shutdown();
      await storage.close();
    },
  };
}

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies of many shapes
  body: any;
  headers: Headers;
}

export async function api(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers["X-Vault-Token"] = options.token;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await fetch(`${url}/v1/${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text), headers: res.headers };
}

/** Initializes (1 share unless told) and unseals; returns the keys and the root token. */
export async function initAndUnseal(url: string, shares = 1, threshold = 1) {
  const init = await api(url, "PUT", "sys/init", {
    body: { secret_shares: shares, secret_threshold: threshold },
  });
  if (init.status !== 200) throw new Error(`init failed: ${JSON.stringify(init.body)}`);
  const keys: string[] = init.body.keys;
  for (const key of keys.slice(0, threshold)) await api(url, "PUT", "sys/unseal", { body: { key } });
  return { keys, keysBase64: init.body.keys_base64 as string[], rootToken: init.body.root_token as string };
}

/** A logger that keeps every line, to check what is (and is not) logged. */
export function memoryLogger(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * Sends raw bytes (optionally in pieces) on one connection; resolves with everything read until
 * close or idle. With `stepwise`, each piece after the first waits for an answer to the one before.
 */
export function rawExchange(
  port: number,
  pieces: (string | Buffer)[],
  options: { idleMs?: number; stepwise?: boolean } = {},
): Promise<string> {
  const idleMs = options.idleMs ?? 300;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(done, idleMs);
    };
    let answered: (() => void) | undefined;
    socket.on("data", (c) => {
      chunks.push(c);
      answered?.();
      arm();
    });
    socket.on("error", reject);
    socket.on("close", () => {
      if (timer) clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    socket.on("connect", async () => {
      socket.setNoDelay(true);
      for (const piece of pieces) {
        const answer = new Promise<void>((r) => {
          answered = r;
        });
        socket.write(piece);
        await (options.stepwise ? answer : new Promise((r) => setTimeout(r, 5)));
      }
      arm();
    });
  });
}

/** Splits raw HTTP/1.1 responses (Content-Length framed, as fastify sends them). */
export function parseResponses(raw: string): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const headEnd = rest.indexOf("\r\n\r\n");
    if (headEnd < 0) break;
    const head = rest.slice(0, headEnd);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    out.push({ status, body: rest.slice(headEnd + 4, headEnd + 4 + length) });
    rest = rest.slice(headEnd + 4 + length);
  }
  return out;
}
