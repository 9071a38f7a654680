/**
 * The CLI's only way to the server: Vault's HTTP API over HTTP or HTTPS, as Vault's Go client
 * (`api` package) speaks it.
 *
 * - Every request carries `X-Vault-Request: true` and, when there is one, the token as
 *   `X-Vault-Token` (settings come from `io.ts`).
 * - `LIST` is sent as a real `LIST` request (API docs, "HTTP API": "issue a GET with the query
 *   string parameter list=true, or use the LIST HTTP verb"); a server whose HTTP parser refuses
 *   the method (400 or 405 without a Vault error body, or 501) is asked again with GET ?list=true.
 * - Errors (API docs, "HTTP API", error response `{"errors": [...]}`) read as Vault's client
 *   prints them: "Error making API request.\n\nURL: GET …\nCode: 404. Errors:\n\n* …".
 *
 * Requests go through node:http and node:https rather than fetch: Node 20's fetch takes no CA
 * or verification settings without the undici package, and both modules send any method token.
 */
import http from "node:http";
import https from "node:https";

/** Vault's client gives up after 60 s (VAULT_CLIENT_TIMEOUT's default). */
const TIMEOUT_MS = 60_000;

export interface ClientSettings {
  readonly address: string;
  readonly token?: string | undefined;
  readonly namespace?: string | undefined;
  readonly ca?: string[] | undefined;
  readonly skipVerify?: boolean;
  readonly serverName?: string | undefined;
}

/** An API error response, printed as Vault's ResponseError prints itself. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly errors: string[],
    readonly raw: boolean,
  ) {
    const kind = raw ? "Raw Message" : "Errors";
    const body = raw ? errors.join("") : errors.map((e) => `* ${e}`).join("\n");
    super(`Error making API request.\n\nURL: ${method} ${url}\nCode: ${status}. ${kind}:\n\n${body}`);
  }
}

export interface RawResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly text: string;
}

export interface RequestOptions {
  readonly query?: Record<string, string[]> | undefined;
  readonly body?: unknown;
}

/** Go's url.PathEscape keeps these sub-delimiters that encodeURIComponent escapes. */
function escapePath(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(s).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (m) => decodeURIComponent(m)))
    .join("/");
}

/** Go's url.Values.Encode: keys sorted, each value its own `key=value`. */
function encodeQuery(query: Record<string, string[]>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) for (const v of query[key] ?? []) params.append(key, v);
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** A connection failure worded like Go's net/http error (`Get "url": dial tcp …`). */
function connectionError(method: string, url: URL, err: NodeJS.ErrnoException): Error {
  const op = method.charAt(0) + method.slice(1).toLowerCase();
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const target = e.address !== undefined ? `${e.address}:${e.port}` : url.host;
  let detail = err.message;
  if (e.code === "ECONNREFUSED") detail = `dial tcp ${target}: connect: connection refused`;
  else if (e.code === "ENOTFOUND") detail = `dial tcp: lookup ${url.hostname}: no such host`;
  return new Error(`${op} "${url.href}": ${detail}`);
}

function isVaultErrorBody(text: string): boolean {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === "object" && body !== null && Array.isArray((body as { errors?: unknown }).errors);
  } catch {
    return false;
  }
}

export class VaultClient {
  constructor(readonly settings: ClientSettings) {}

  url(path: string, query?: Record<string, string[]>): string {
    return `${this.settings.address.replace(/\/+$/, "")}/v1/${escapePath(path)}${encodeQuery(query ?? {})}`;
  }

  /** One request; resolves with any HTTP status, rejects only when no response came. */
  send(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const href = this.url(path, options.query);
    const url = new URL(href);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { "X-Vault-Request": "true" };
    if (this.settings.token) headers["X-Vault-Token"] = this.settings.token;
    if (this.settings.namespace) headers["X-Vault-Namespace"] = this.settings.namespace;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const tls = { ca: this.settings.ca, rejectUnauthorized: !this.settings.skipVerify };
    const sni = this.settings.serverName ? { servername: this.settings.serverName } : {};
    const transport = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: false, ...tls, ...sni }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (err) => reject(connectionError(method, url, err)));
        res.on("end", () =>
          resolve({
            method,
            url: href,
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("context deadline exceeded")));
      req.on("error", (err) => reject(connectionError(method, url, err)));
      req.end(body);
    });
  }

  /** Like `send`, but an error status (outside 200–399) rejects with an ApiError. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    return checked(await this.send(method, path, options));
  }

  /** A request whose response body is JSON (or empty, as `null`). */
  async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.request(method, path, { body });
    return res.text.trim() === "" ? null : JSON.parse(res.text);
  }

  /** Vault's Logical().ReadWithData: null when nothing is there (a 404 without warnings). */
  async read(path: string, query?: Record<string, string[]>): Promise<Secret | null> {
    return secretOrNotFound(await this.send("GET", path, { query }));
  }

  /** Vault's Logical().List, sent as a real LIST request. */
  async list(path: string): Promise<Secret | null> {
    let res = await this.send("LIST", path);
    if (!isVaultErrorBody(res.text) && (res.status === 400 || res.status === 405 || res.status === 501)) {
      res = await this.send("GET", path, { query: { list: ["true"] } });
    }
    return secretOrNotFound(res);
  }

  /** Vault's Logical().Write: PUT with a JSON body; null for an empty (204) response. */
  async write(path: string, data: Record<string, unknown>): Promise<Secret | null> {
    return parseSecret((await this.request("PUT", path, { body: data })).text);
  }

  /** Vault's Logical().DeleteWithData: the data go in the query string. */
  async delete(path: string, query?: Record<string, string[]>): Promise<Secret | null> {
    return parseSecret((await this.request("DELETE", path, { query })).text);
  }
}

/** Vault's Response.Error(): a status outside 200–399 becomes an ApiError. */
export function checked(res: RawResponse): RawResponse {
  if (res.status >= 200 && res.status < 400) return res;
  let errors: string[] | undefined;
  try {
    const body = JSON.parse(res.text) as { errors?: unknown };
    if (typeof body === "object" && body !== null) {
      errors = Array.isArray(body.errors)
        ? body.errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e)))
        : [];
    }
  } catch {
    errors = undefined;
  }
  if (errors === undefined) throw new ApiError(res.method, res.url, res.status, [res.text], true);
  throw new ApiError(res.method, res.url, res.status, errors, false);
}

/** Vault's read and list treat a 404 as "nothing there" unless it carries warnings or data. */
function secretOrNotFound(res: RawResponse): Secret | null {
  if (res.status === 404) {
    let secret: Secret | null = null;
    try {
      secret = parseSecret(res.text);
    } catch {
      secret = null;
    }
    const hasData =
      secret?.data !== null && secret?.data !== undefined && Object.keys(secret.data).length > 0;
    return secret && (hasData || (secret.warnings?.length ?? 0) > 0) ? secret : null;
  }
  return parseSecret(checked(res).text);
}

/** The `auth` block of a response (Vault's api.SecretAuth). */
export interface SecretAuth {
  client_token: string;
  accessor: string;
  policies: string[] | null;
  token_policies: string[] | null;
  identity_policies: string[] | null;
  metadata: Record<string, string> | null;
  orphan: boolean;
  entity_id: string;
  lease_duration: number;
  renewable: boolean;
}

/** A response envelope (Vault's api.Secret; API docs, "HTTP API", response format). */
export interface Secret {
  request_id: string;
  lease_id: string;
  lease_duration: number;
  renewable: boolean;
  data: Record<string, unknown> | null;
  warnings: string[] | null;
  auth: SecretAuth | null;
  wrap_info: Record<string, unknown> | null;
  mount_type: string;
}

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const count = (v: unknown): number => (typeof v === "number" ? v : 0);
const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.map((x) => String(x)) : null);

function parseAuth(a: Json): SecretAuth {
  return {
    client_token: text(a.client_token),
    accessor: text(a.accessor),
    policies: strings(a.policies),
    token_policies: strings(a.token_policies),
    identity_policies: strings(a.identity_policies),
    metadata: isRecord(a.metadata) ? (a.metadata as Record<string, string>) : null,
    orphan: a.orphan === true,
    entity_id: text(a.entity_id),
    lease_duration: count(a.lease_duration),
    renewable: a.renewable === true,
  };
}

/** Vault's api.ParseSecret: an empty body is no secret (null). */
export function parseSecret(body: string): Secret | null {
  if (body.trim() === "") return null;
  const o: unknown = JSON.parse(body);
  if (!isRecord(o)) throw new Error("the response is not a JSON object");
  return {
    request_id: text(o.request_id),
    lease_id: text(o.lease_id),
    lease_duration: count(o.lease_duration),
    renewable: o.renewable === true,
    data: isRecord(o.data) ? o.data : null,
    warnings: strings(o.warnings),
    auth: isRecord(o.auth) ? parseAuth(o.auth) : null,
    wrap_info: isRecord(o.wrap_info) ? o.wrap_info : null,
    mount_type: text(o.mount_type),
  };
}
