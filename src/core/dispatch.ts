/**
 * One API request, from method and path to status and body (Vault's request handling, API docs
 * "HTTP API"):
 * 1. while sealed, only the paths that work sealed answer (sys/init, sys/unseal, sys/seal-status,
 *    sys/health); everything else is 503 "Vault is sealed";
 * 2. the token (X-Vault-Token or Authorization: Bearer) must be a live token, else 403 "permission
 *    denied"; unauthenticated paths skip this;
 * 3. the path is routed to the mount with the longest matching prefix and one of its PathDefs; no
 *    match is a 404 (or a 403 when the ACL allows nothing there, so unauthorised callers learn
 *    nothing about which paths exist);
 * 4. the operation is settled (list, read, delete, create or update), the ACL checked (with sudo
 *    for root-protected paths), and an operation the path lacks is a 405;
 * 5. the request is audited (src/audit: refused with a 500 when no enabled audit device can
 *    record it), then the handler runs; unknown fields are ignored with Vault's warning.
 */
import { type HttpResult, renderResponse } from "../api/envelope.js";
import { unknownFields } from "../api/framework/request.js";
import {
  aclPath,
  baseOperation,
  checkAcl,
  type HttpMethod,
  matchRoute,
  needsSudo,
  prepareRequest,
  type Router,
} from "../api/framework/router.js";
import { ApiError, type LogicalRequest, type RequestIdentity } from "../api/framework/types.js";
import type { SysPathDef, SysRequest } from "../api/sys/context.js";
import type { ApiAuditTrail } from "../audit/api-trail.js";
import { parseBool } from "../config/duration.js";
import { badRequest, permissionDenied, sealedError } from "./errors.js";
import type { Acl } from "./policy/acl.js";
import type { TokenEntry } from "./token-entry.js";
import type { TokenStore } from "./tokens.js";

export interface CoreRequest {
  /** GET, HEAD, POST, PUT, DELETE or LIST. */
  readonly method: string;
  /** The path after /v1/, URL-decoded, e.g. "sys/mounts/kmip". */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The parsed JSON body, if any. */
  readonly body?: unknown;
  readonly token?: string;
  /** The client's address, for the audit log. */
  readonly remoteAddress?: string;
}

export interface DispatchDeps {
  readonly router: Router;
  sealed(): boolean;
  tokens(): TokenStore;
  acl(policies: readonly string[]): Promise<Acl>;
}

interface Caller {
  readonly token: string;
  readonly entry: TokenEntry;
  readonly acl: Acl;
}

const ANONYMOUS: RequestIdentity = { accessor: "", policies: [], isRoot: false };

export async function dispatch(
  deps: DispatchDeps,
  req: CoreRequest,
  requestId: string,
  trail?: ApiAuditTrail,
): Promise<HttpResult> {
  const method = httpMethod(req.method);
  const path = checkPath(req.path);
  const list = listFlag(method, req.query);
  const raw = rawInput(req);
  const resolved = deps.router.resolve(path);
  const match = resolved ? matchRoute(resolved.table, resolved.rel) : undefined;
  const sealedOk =
    resolved?.table.system === true && (match?.def as SysPathDef | undefined)?.sealedOk === true;
  if (deps.sealed() && !sealedOk) throw sealedError();
  const caller = match?.def.unauthenticated ? undefined : await authenticate(deps, req.token);
  if (!resolved || !match) return noRoute(caller, path, method, list);
  const { table, rel } = resolved;
  const identity = caller ? identityOf(caller.entry) : ANONYMOUS;
  const prepared = await prepareRequest({ method, list, table, rel, match, raw, identity });
  const { operation, handler } = prepared;
  if (caller)
    checkAcl(caller.acl, aclPath(table, rel, operation), operation, needsSudo(match.def, operation));
  if (!handler) throw new ApiError(405, "unsupported operation");
  trail?.request({ operation, mountType: table.type, mountPoint: table.path, raw, caller });
  const request: LogicalRequest =
    table.system && caller ? withCaller(prepared.request, caller) : prepared.request;
  const res = await handler(request);
  const warnings = unknownFieldWarnings(match.def, raw);
  return renderResponse(res, { requestId, operation, mountType: table.type, warnings });
}

function httpMethod(method: string): HttpMethod {
  const m = method.toUpperCase();
  if (m === "HEAD") return "GET";
  if (m === "GET" || m === "POST" || m === "PUT" || m === "DELETE" || m === "LIST") return m;
  throw new ApiError(405, "unsupported operation");
}

/** No empty, "." or ".." segment, no control character; a trailing slash is allowed (lists). */
function checkPath(input: string): string {
  const path = input.startsWith("/") ? input.slice(1) : input;
  const body = path.endsWith("/") ? path.slice(0, -1) : path;
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    throw badRequest("invalid request path");
  if (body !== "" && body.split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw badRequest("invalid request path: empty, '.' and '..' segments are not allowed");
  }
  return path;
}

function listFlag(method: HttpMethod, query: CoreRequest["query"]): boolean {
  if (method === "LIST") return true;
  const value = query?.list;
  if (value === undefined || method !== "GET") return false;
  try {
    return (typeof value === "string" ? [value] : value).some((v) => parseBool(v));
  } catch {
    throw badRequest("invalid value for the 'list' query parameter");
  }
}

/** The JSON body merged over the query string (without `list`); the body must be an object. */
function rawInput(req: CoreRequest): Record<string, unknown> {
  const body = req.body;
  if (body !== undefined && body !== null && (typeof body !== "object" || Array.isArray(body))) {
    throw badRequest("the request body must be a JSON object");
  }
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (key !== "list" && value !== undefined) raw[key] = value;
  }
  return Object.assign(raw, body ?? {});
}

async function authenticate(deps: DispatchDeps, token: string | undefined): Promise<Caller> {
  if (token === undefined || token === "") throw permissionDenied();
  const entry = await deps.tokens().lookup(token);
  if (!entry) throw permissionDenied();
  return { token, entry, acl: await deps.acl(entry.policies) };
}

function identityOf(entry: TokenEntry): RequestIdentity {
  return { accessor: entry.accessor, policies: entry.policies, isRoot: entry.policies.includes("root") };
}

/** Vault checks the ACL before routing: a caller allowed nothing there gets 403, not 404. */
function noRoute(caller: Caller | undefined, path: string, method: HttpMethod, list: boolean): never {
  const operation = baseOperation(method, list);
  const aclTarget = operation === "list" && !path.endsWith("/") ? `${path}/` : path;
  const caps = caller?.acl.capabilities(aclTarget, operation === "list");
  if (caller && !caller.acl.root && (!caps || caps.size === 0)) throw permissionDenied();
  throw new ApiError(404, `no handler for route "${path}"`);
}

function withCaller(request: LogicalRequest, caller: Caller): SysRequest {
  return { ...request, clientToken: caller.token, caller: caller.entry };
}

/** Vault's framework warning for fields a path does not declare. */
function unknownFieldWarnings(def: SysPathDef, raw: Record<string, unknown>): string[] {
  const unknown = unknownFields(def, raw).sort();
  return unknown.length > 0 ? [`Endpoint ignored these unrecognized parameters: [${unknown.join(" ")}]`] : [];
}
