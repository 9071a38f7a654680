/**
 * Audit records of the management API, in Vault's shape (docs "Audit log entry schema"): one
 * `request` record before the handler runs and one `response` record after, matched by
 * `request.id` (the response envelope's `request_id`):
 *
 *   {"type": "request" | "response", "time": ISO 8601,
 *    "auth": {client_token, accessor, display_name, policies, token_policies, metadata,
 *             entity_id, token_type, token_ttl, token_issue_time},
 *    "request": {id, operation, mount_type, mount_point, client_token, client_token_accessor,
 *                path, data, remote_address},
 *    "response": {mount_type, status_code, data, auth, warnings},   (response records only)
 *    "error": "..."}                                                 (failures only)
 *
 * Tokens, accessors and data are hashed by the device's redactor (see redact.ts).
 */
import type { TokenEntry } from "../core/token-entry.js";
import type { Redactor } from "./redact.js";

export interface ApiRequestEvent {
  /** The request id (also the envelope's `request_id`). */
  readonly id: string;
  /** Vault's logical operation: read, create, update, delete or list. */
  readonly operation: string;
  /** The path after /v1/. */
  readonly path: string;
  readonly mountType?: string;
  readonly mountPoint?: string;
  readonly remoteAddress?: string;
  /** The token as sent, valid or not. */
  readonly token?: string;
  /** The token's entry, once it was looked up. */
  readonly caller?: TokenEntry;
  /** The body merged with the query string. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ApiResponseEvent {
  readonly status: number;
  readonly data?: unknown;
  readonly auth?: unknown;
  readonly warnings?: unknown;
  readonly error?: string;
}

export function requestRecord(event: ApiRequestEvent, time: Date, r: Redactor): object {
  return {
    type: "request",
    time: time.toISOString(),
    auth: authBlock(event, r),
    request: requestBlock(event, r),
  };
}

export function responseRecord(event: ApiRequestEvent, result: ApiResponseEvent, time: Date, r: Redactor) {
  const response: Record<string, unknown> = { mount_type: event.mountType ?? "", status_code: result.status };
  if (result.data !== undefined && result.data !== null) response.data = r.data(result.data);
  if (result.auth !== undefined && result.auth !== null) response.auth = r.data(result.auth);
  if (Array.isArray(result.warnings) && result.warnings.length > 0) response.warnings = result.warnings;
  return {
    type: "response",
    time: time.toISOString(),
    auth: authBlock(event, r),
    request: requestBlock(event, r),
    response,
    ...(result.error !== undefined && { error: result.error }),
  };
}

function authBlock(event: ApiRequestEvent, r: Redactor): Record<string, unknown> {
  const token =
    event.token === undefined || event.token === "" ? {} : { client_token: r.secret(event.token) };
  const entry = event.caller;
  if (entry === undefined) return token;
  return Object.assign({}, token, {
    accessor: r.accessor(entry.accessor),
    display_name: entry.displayName,
    policies: entry.policies,
    token_policies: entry.policies,
    metadata: entry.meta === null ? null : r.data(entry.meta),
    entity_id: "",
    token_type: "service",
    token_ttl: entry.creationTtl,
    token_issue_time: new Date(entry.creationTimeMs).toISOString(),
  });
}

function requestBlock(event: ApiRequestEvent, r: Redactor): Record<string, unknown> {
  const block: Record<string, unknown> = { id: event.id, operation: event.operation };
  if (event.mountType !== undefined) block.mount_type = event.mountType;
  if (event.mountPoint !== undefined) block.mount_point = event.mountPoint;
  if (event.token !== undefined && event.token !== "") block.client_token = r.secret(event.token);
  if (event.caller !== undefined) block.client_token_accessor = r.accessor(event.caller.accessor);
  block.path = event.path;
  if (Object.keys(event.data).length > 0) block.data = r.data(event.data);
  if (event.remoteAddress !== undefined) block.remote_address = event.remoteAddress;
  return block;
}
