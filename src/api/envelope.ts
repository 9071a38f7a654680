/**
 * Vault's response shapes (API docs "HTTP API"):
 * - success: {request_id, lease_id: "", renewable: false, lease_duration: 0, data, wrap_info: null,
 *   warnings, auth, mount_type};
 * - 204 with no body for a write that returns no data, but 200 with the envelope when there are
 *   warnings ("API endpoints that indicate that they return a 204 may return a 200 if warnings are
 *   generated during the operation");
 * - errors: {"errors": [...]} for any status of 400 or more; a read of nothing and an empty list
 *   are 404 with {"errors": []} ("If the list result is an empty set, Vault responds with status
 *   code 404");
 * - anything unexpected is a 500 with a generic message and a reference id; the cause goes to the
 *   log under that id and never to the client.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../core/logger.js";
import { StorageError } from "../storage/types.js";
import { ApiError, type LogicalResponse, type Operation } from "./framework/types.js";

export interface HttpResult {
  readonly status: number;
  /** JSON body; undefined for 204. */
  readonly body?: unknown;
}

export interface RenderContext {
  readonly requestId: string;
  readonly operation: Operation;
  readonly mountType: string;
  /** Warnings the framework adds (unknown fields), before the handler's own. */
  readonly warnings: readonly string[];
}

export function envelope(
  ctx: RenderContext,
  data: Record<string, unknown> | null,
  auth: Record<string, unknown> | null,
  warnings: readonly string[],
): Record<string, unknown> {
  return {
    request_id: ctx.requestId,
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: warnings.length > 0 ? warnings : null,
    auth,
    mount_type: ctx.mountType,
  };
}

export function errorResult(status: number, errors: readonly string[]): HttpResult {
  return { status, body: { errors } };
}

/** Turns a handler's result into the HTTP status and body. */
export function renderResponse(res: LogicalResponse | undefined, ctx: RenderContext): HttpResult {
  if (res?.raw) return { status: res.status ?? 200, body: res.data ?? {} };
  const warnings = [...ctx.warnings, ...(res?.warnings ?? [])];
  const data = res?.data;
  const auth = res?.auth;
  const readLike = ctx.operation === "read" || ctx.operation === "list";
  if (readLike && (data === undefined || isEmptyList(ctx.operation, data)) && !auth) {
    return errorResult(404, []);
  }
  if (data === undefined && auth === undefined && warnings.length === 0)
    return { status: res?.status ?? 204 };
  return { status: res?.status ?? 200, body: envelope(ctx, data ?? null, auth ?? null, warnings) };
}

function isEmptyList(operation: Operation, data: Record<string, unknown>): boolean {
  if (operation !== "list") return false;
  const keys = data.keys;
  return !Array.isArray(keys) || keys.length === 0;
}

/**
 * Renders a thrown error. ApiError carries its status and messages; a StorageError of kind
 * "invalid" or "conflict" was caused by the input (a key too long, a conflicting write), so it is
 * a 400; one of kind "unavailable" (the database cannot be reached) is a 503, which clients and
 * load balancers retry, with the details in the log only (they name the database); anything else
 * is logged with a reference id and answered with a generic 500.
 */
export function renderError(err: unknown, logger: Logger, requestId: string): HttpResult {
  if (err instanceof ApiError) return errorResult(err.status, err.errors);
  if (err instanceof StorageError && err.kind !== "unavailable") return errorResult(400, [err.message]);
  const reference = randomUUID();
  if (err instanceof StorageError) {
    logger.warn({ err: describe(err), reference, request_id: requestId }, "storage unavailable");
    return errorResult(503, [`storage unavailable, try again later; reference ${reference}`]);
  }
  logger.error(
    { err: describe(err), reference, request_id: requestId },
    "internal error while handling a request",
  );
  return errorResult(500, [`internal error; reference ${reference}`]);
}

/** Name, message and stack only: no request data is attached to errors we log. */
function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err };
}
