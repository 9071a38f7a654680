/**
 * Routing of a request path to a mount and one of its PathDefs, and the steps between the HTTP
 * method and the handler (Vault's router and sdk/framework):
 * - the mount is the one whose path is the longest prefix of the request path;
 * - GET is read, or list with `?list=true`; LIST is list; DELETE is delete; POST and PUT are
 *   create or update, decided by the path's existence check ("Vault engines can implement an
 *   existence check to discover whether an operation is actually a create or update operation",
 *   API docs "HTTP API"); without one, update;
 * - the ACL is checked on the full path, a list on its prefix form with a trailing slash
 *   ("Vault will sanitize request paths to be prefixes", docs "Policies"), with sudo for
 *   root-protected paths.
 */
import type { Acl } from "../../core/policy/acl.js";
import { type CompiledPath, compilePaths, matchPaths, type PathMatch } from "./patterns.js";
import { buildLogicalRequest } from "./request.js";
import {
  ApiError,
  type Handler,
  type LogicalRequest,
  type Operation,
  type PathDef,
  type RequestIdentity,
} from "./types.js";

export interface RouteTable {
  /** The mount path with its trailing slash, e.g. "kmip/" or "sys/". */
  readonly path: string;
  /** Mount type for the envelope's `mount_type` ("system", "token", "kmip", ...). */
  readonly type: string;
  readonly paths: readonly CompiledPath[];
  /** Built-in tables (sys/, auth/token/) whose handlers may see the caller's token. */
  readonly system: boolean;
  readonly defs: readonly PathDef[];
}

export function routeTable(path: string, type: string, defs: readonly PathDef[], system = false): RouteTable {
  return { path, type, paths: compilePaths(defs), system, defs };
}

export class Router {
  readonly #tables = new Map<string, RouteTable>();

  mount(table: RouteTable): void {
    this.#tables.set(table.path, table);
  }

  unmount(path: string): void {
    this.#tables.delete(path);
  }

  tables(): RouteTable[] {
    return [...this.#tables.values()];
  }

  /** The table owning `path` (longest mount prefix) and the path relative to it. */
  resolve(path: string): { table: RouteTable; rel: string } | undefined {
    let best: RouteTable | undefined;
    for (const table of this.#tables.values()) {
      const owns = path.startsWith(table.path) || path === table.path.slice(0, -1);
      if (owns && (!best || table.path.length > best.path.length)) best = table;
    }
    return best ? { table: best, rel: path.slice(best.path.length) } : undefined;
  }
}

/** Matches `rel` in `table`; a trailing slash (a list of a prefix) is not part of the pattern. */
export function matchRoute(table: RouteTable, rel: string): PathMatch | undefined {
  return matchPaths(table.paths, rel.endsWith("/") ? rel.slice(0, -1) : rel);
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "LIST";

/** The operation before any existence check; POST/PUT start as update. */
export function baseOperation(method: HttpMethod, list: boolean): Operation {
  if (method === "LIST" || (method === "GET" && list)) return "list";
  if (method === "GET") return "read";
  if (method === "DELETE") return "delete";
  return "update";
}

export interface RouteInput {
  readonly method: HttpMethod;
  readonly list: boolean;
  readonly table: RouteTable;
  readonly rel: string;
  readonly match: PathMatch;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly identity: RequestIdentity;
}

export interface Prepared {
  readonly operation: Operation;
  readonly request: LogicalRequest;
  readonly handler: Handler | undefined;
}

/** Builds the LogicalRequest and settles create vs update through the path's existence check. */
export async function prepareRequest(input: RouteInput): Promise<Prepared> {
  const { def, params } = input.match;
  const build = (operation: Operation) =>
    buildLogicalRequest(def, {
      operation,
      path: input.rel,
      params,
      raw: input.raw,
      identity: input.identity,
    });
  let operation = baseOperation(input.method, input.list);
  if (operation === "update") operation = await writeOperation(def, build("update"));
  return { operation, request: build(operation), handler: def.operations[operation] };
}

async function writeOperation(def: PathDef, probe: LogicalRequest): Promise<Operation> {
  if (def.exists) return (await def.exists(probe)) ? "update" : "create";
  return !def.operations.update && def.operations.create ? "create" : "update";
}

/** The path the ACL sees: mount path + relative path, a list in its prefix form. */
export function aclPath(table: RouteTable, rel: string, operation: Operation): string {
  const full = table.path + rel;
  return operation === "list" && !full.endsWith("/") ? `${full}/` : full;
}

export function needsSudo(def: PathDef, operation: Operation): boolean {
  if (def.sudo === undefined || def.sudo === false) return false;
  return def.sudo === true || def.sudo.includes(operation);
}

/** Throws 403 unless the ACL allows the operation (and sudo where the path needs it). */
export function checkAcl(acl: Acl, path: string, operation: Operation, sudo: boolean): void {
  if (!acl.allows(path, operation, sudo)) throw new ApiError(403, "permission denied");
}
