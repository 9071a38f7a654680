/**
 * Test doubles for the Vault-style verbs: a fake Vault HTTP server on 127.0.0.1:0 and an
 * in-memory CliIo. The server is a raw `net` server that parses just enough HTTP/1.1 (request
 * line, headers, Content-Length body), because node:http refuses the LIST method; it answers
 * each request from a route table keyed "METHOD /v1/path" and records what it received.
 */
import { STATUS_CODES } from "node:http";
import net from "node:net";
import tls from "node:tls";
import type { CliIo } from "../../src/cli/io.js";

export interface SeenRequest {
  readonly requestLine: string;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Reply {
  readonly status?: number;
  /** A JSON value, sent as JSON; omit for an empty body. */
  readonly json?: unknown;
  /** A raw body, sent as is (for non-JSON error pages). */
  readonly raw?: string;
}

export type Routes = Record<string, Reply | ((req: SeenRequest) => Reply)>;

export interface FakeVault {
  readonly address: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

function parseHead(head: string, body: string): SeenRequest {
  const [requestLine = "", ...lines] = head.split("\r\n");
  const [method = "", target = ""] = requestLine.split(" ");
  const url = new URL(target, "http://fake");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { requestLine, method, path: url.pathname, query: url.searchParams, headers, body };
}

function respond(socket: net.Socket, reply: Reply): void {
  const status = reply.status ?? (reply.json === undefined && reply.raw === undefined ? 204 : 200);
  const body = reply.raw ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
  const type = reply.raw === undefined ? "application/json" : "text/plain";
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Unknown"}\r\nContent-Type: ${type}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Starts a fake Vault answering from `routes`; anything else gets 404 `{"errors":[]}`. With
 * `tlsOptions` (a key and certificate) it speaks HTTPS.
 */
export async function startFakeVault(routes: Routes, tlsOptions?: tls.TlsOptions): Promise<FakeVault> {
  const requests: SeenRequest[] = [];
  const onSocket = (socket: net.Socket) => {
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString("latin1");
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      const req = parseHead(head, buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
      requests.push(req);
      const route = routes[`${req.method} ${req.path}`];
      const reply =
        typeof route === "function" ? route(req) : (route ?? { status: 404, json: { errors: [] } });
      respond(socket, reply);
    });
    socket.on("error", () => {});
  };
  const server = tlsOptions ? tls.createServer(tlsOptions, onSocket) : net.createServer(onSocket);
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `${tlsOptions ? "https" : "http"}://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MemoryIo extends CliIo {
  stdout(): string;
  stderr(): string;
}

export interface MemoryIoOptions {
  readonly env?: Record<string, string | undefined>;
  readonly stdin?: string;
  readonly tty?: boolean;
}

/** A CliIo writing to strings; HOME points nowhere so no real ~/.vault-token is read. */
export function memoryIo(options: MemoryIoOptions = {}): MemoryIo {
  let out = "";
  let err = "";
  const stdin = options.stdin ?? "";
  return {
    env: { HOME: "/nonexistent/kmipd-test-home", ...options.env },
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    stdoutIsTty: options.tty ?? false,
    readStdin: async () => stdin,
    readSecret: async () => stdin.split("\n")[0] ?? "",
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs a verb against `vault` (its address in VAULT_ADDR unless env says otherwise). */
export async function runVerb(
  run: (argv: readonly string[], io: CliIo) => Promise<number>,
  argv: readonly string[],
  vault: FakeVault,
  options: MemoryIoOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo({
    ...options,
    env: { VAULT_ADDR: vault.address, VAULT_TOKEN: "root", ...options.env },
  });
  const code = await run(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** A Vault response envelope around `data` (API docs, "HTTP API"). */
export function envelope(data: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request_id: "5e7b0a2b-33e4-4c2b-9b5c-2f0a1d7c9e11",
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth: null,
    ...extra,
  };
}
