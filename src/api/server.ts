/**
 * The management API over HTTP (fastify 5): every request under /v1/ goes to `Core.handle`.
 *
 * - Tokens come in `X-Vault-Token` or `Authorization: Bearer <token>` (API docs "HTTP API" >
 *   "Authentication"); `X-Vault-Request` is accepted and ignored.
 * - Bodies are JSON whatever the Content-Type ("Vault ... does not require it from the clients
 *   request"), at most `bodyLimitBytes` (1 MiB by default; over it, 413).
 * - LIST arrives as GET with `list=true`, rewritten at the socket (list-method.ts).
 * - Responses carry `Cache-Control: no-store`, as Vault's do. Access log lines hold the method,
 *   the path without its query string, the status and the duration: no header, no body.
 */
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import type { SecureContextOptions, TlsOptions } from "node:tls";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Core } from "../core/core.js";
import { type Logger, silentLogger } from "../core/logger.js";
import { errorResult, type HttpResult, renderError } from "./envelope.js";
import { ApiError } from "./framework/types.js";
import { HEAD_BYTES_MAX, installListMethod } from "./list-method.js";

export const BODY_BYTES_MAX = 1024 * 1024;

export interface ApiServerOptions {
  readonly logger?: Logger;
  readonly bodyLimitBytes?: number;
  /** TLS for the listener; may also be given to `listen` (before the first request is served). */
  readonly tls?: TlsOptions & SecureContextOptions;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsOptions & SecureContextOptions;
}

export interface ApiServer {
  /** The fastify instance (built on first use, plain HTTP unless `tls` was given). */
  readonly app: FastifyInstance;
  listen(options: ListenOptions): Promise<{ host: string; port: number; url: string }>;
  /**
   * Stops accepting and lets requests in flight finish; after `graceMs` (default 0) the
   * connections still open are cut. Idle keep-alive connections close at once.
   */
  close(graceMs?: number): Promise<void>;
  /** New certificate and key for new TLS handshakes (SIGHUP); false on a plain-HTTP listener. */
  setSecureContext(options: SecureContextOptions): boolean;
}

export function createApiServer(core: Core, options: ApiServerOptions = {}): ApiServer {
  let app: FastifyInstance | undefined;
  let tlsUsed = options.tls;
  const get = (tls = tlsUsed): FastifyInstance => {
    if (app && tls !== tlsUsed) throw new Error("the API server was already built with other TLS settings");
    tlsUsed = tls;
    app ??= buildApp(core, options, tls);
    return app;
  };
  return {
    get app() {
      return get();
    },
    async listen(listen) {
      const instance = get(listen.tls ?? tlsUsed);
      await instance.listen({ host: listen.host, port: listen.port });
      const address = instance.server.address() as AddressInfo;
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      return {
        host: address.address,
        port: address.port,
        url: `${tlsUsed ? "https" : "http"}://${host}:${address.port}`,
      };
    },
    async close(graceMs = 0) {
      if (app === undefined) return;
      const server = app.server;
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      try {
        if (graceMs > 0 && server.listening) {
          // Node's http close() also destroys a connection whose response has ended but is still
          // being flushed to a slow reader: stop accepting first, let responses finish, then close.
          net.Server.prototype.close.call(server);
          await responsesDone(server, graceMs);
        }
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    },
    setSecureContext(secure) {
      if (app === undefined || tlsUsed === undefined) return false;
      (app.server as https.Server).setSecureContext(secure);
      return true;
    },
  };
}

/** Responses not yet handed to the OS whole, per server (for `close`). */
const unfinished = new WeakMap<object, Set<http.ServerResponse>>();

function trackResponses(server: http.Server): void {
  const open = new Set<http.ServerResponse>();
  unfinished.set(server, open);
  server.on("request", (_req, res: http.ServerResponse) => {
    open.add(res);
    const done = () => open.delete(res);
    res.once("finish", done);
    res.once("close", done);
  });
}

async function responsesDone(server: object, ms: number): Promise<void> {
  const open = unfinished.get(server);
  for (const until = Date.now() + ms; open !== undefined && open.size > 0 && Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function buildApp(core: Core, options: ApiServerOptions, tls: ApiServerOptions["tls"]): FastifyInstance {
  const logger = options.logger ?? silentLogger;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? BODY_BYTES_MAX,
    // On close, idle keep-alive connections go at once and busy ones finish (see `close`).
    forceCloseConnections: "idle",
    return503OnClosing: true,
    clientErrorHandler,
    serverFactory: (handler) => {
      const serverOptions = { maxHeaderSize: HEAD_BYTES_MAX, requestTimeout: 60_000, headersTimeout: 30_000 };
      const server = tls
        ? https.createServer({ ...serverOptions, ...tls }, handler)
        : http.createServer(serverOptions, handler);
      installListMethod(server, tls !== undefined);
      trackResponses(server);
      return server;
    },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.route({
    method: ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
    url: "/v1/*",
    handler: (req, reply) => handle(core, req, reply),
  });
  app.setNotFoundHandler((_req, reply) => send(reply, errorResult(404, [])));
  app.setErrorHandler((err, _req, reply) => send(reply, fastifyError(err, logger)));
  app.addHook("onResponse", async (req, reply) => {
    const path = req.url.split("?", 1)[0];
    logger.info(
      { method: req.method, path, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      "request",
    );
  });
  return app;
}

async function handle(core: Core, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const params = req.params as Record<string, string>;
  const result = await core.handle({
    method: req.method,
    path: params["*"] ?? "",
    query: req.query as Record<string, string | string[]>,
    body: parseBody(req.body),
    token: tokenOf(req),
    remoteAddress: req.ip,
  });
  send(reply, result);
}

function parseBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  const text = body.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `failed to parse JSON input: ${(err as Error).message}`);
  }
}

function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers["x-vault-token"];
  if (typeof header === "string" && header !== "") return header;
  const auth = req.headers.authorization;
  const m = typeof auth === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return m?.[1];
}

function send(reply: FastifyReply, result: HttpResult): void {
  reply.code(result.status).header("cache-control", "no-store");
  if (result.body === undefined || result.status === 204 || result.status === 304) {
    reply.send();
    return;
  }
  reply.type("application/json").send(JSON.stringify(result.body));
}

/**
 * Bytes Node's parser refuses (a bad method, a head over the bound) get Vault's error shape; the
 * connection is then closed, as the stream cannot be trusted.
 */
function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  const [status, reason, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "request header fields too large"]
      : [400, "Bad Request", "bad request"];
  const body = JSON.stringify({ errors: [message] });
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`;
  socket.end(`${head}\r\nConnection: close\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Fastify's own 4xx (body too large, bad framing) keep their status; anything else is a 500. */
function fastifyError(err: unknown, logger: Logger): HttpResult {
  if (err instanceof ApiError) return errorResult(err.status, err.errors);
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") return errorResult(413, ["request body too large"]);
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    return errorResult(e.statusCode, [e.message ?? "bad request"]);
  }
  return renderError(err, logger, "");
}
