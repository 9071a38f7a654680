/**
 * The audit of one API request, as the core answers it: `request()` once the operation and the
 * caller are known, just before the handler runs (dispatch.ts); `finish()` with the answer
 * (Core.handle). A request that failed before reaching its handler (a bad token, an unknown path,
 * an ACL denial) gets both records at `finish()`, as Vault logs failed requests too.
 *
 * Fail closed: when devices are enabled and none can record the request, the handler does not run
 * and the answer is a 500; when none can record the response, the answer is replaced by a 500 (the
 * handler ran, as in Vault). One exception lets an operator recover from a broken device: disabling
 * an audit device is served even if no device can record it (the failure is logged).
 *
 * Not audited, as in Vault (docs "Audit devices": "a few paths which do not go via the audit
 * system"): sys/init, sys/seal-status, sys/seal, sys/unseal, sys/leader and sys/health.
 */
import { errorResult, type HttpResult } from "../api/envelope.js";
import { ApiError } from "../api/framework/types.js";
import type { CoreRequest } from "../core/dispatch.js";
import type { TokenEntry } from "../core/token-entry.js";
import { type ApiRequestEvent, type ApiResponseEvent, requestRecord, responseRecord } from "./api-records.js";
import { type Auditor, AuditUnavailableError } from "./auditor.js";

const NOT_AUDITED = new Set([
  "sys/init",
  "sys/seal-status",
  "sys/seal",
  "sys/unseal",
  "sys/leader",
  "sys/health",
]);

const UNAVAILABLE = "audit log unavailable: no enabled audit device could record the request";

/** What dispatch knows once a request is routed, authenticated and authorized. */
export interface AuditedRequest {
  readonly operation: string;
  readonly mountType: string;
  readonly mountPoint: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly caller: { readonly entry: TokenEntry } | undefined;
}

export class ApiAuditTrail {
  readonly #audited: boolean;
  #event: ApiRequestEvent | undefined;
  #requested = false;
  #refused = false;

  constructor(
    private readonly auditor: Auditor,
    private readonly req: CoreRequest,
    readonly id: string,
  ) {
    this.#audited = !NOT_AUDITED.has(trimSlashes(req.path));
  }

  /** Records the request; throws a 500 ApiError when no enabled device can. */
  request(info: AuditedRequest): void {
    if (!this.#audited) return;
    const event: ApiRequestEvent = Object.assign(
      {},
      this.#baseEvent(info.operation, info.raw),
      { mountType: info.mountType, mountPoint: info.mountPoint },
      info.caller !== undefined && { caller: info.caller.entry },
    );
    this.#event = event;
    if (!this.auditor.enabled) return;
    try {
      this.#logRequest(event);
    } catch (err) {
      if (!(err instanceof AuditUnavailableError)) throw err;
      this.#refused = true;
      throw new ApiError(500, UNAVAILABLE);
    }
  }

  /**
   * Records the response (and the request, if it was not recorded: it failed before its handler,
   * or it enabled the first device); a 500 when no enabled device can.
   */
  finish(result: HttpResult): HttpResult {
    if (!this.#audited || this.#refused || !this.auditor.enabled) return result;
    const event = this.#event ?? this.#baseEvent(fallbackOperation(this.req), fallbackData(this.req));
    const response = responseEvent(result);
    const time = this.auditor.deps.now();
    try {
      if (!this.#requested) this.#logRequest(event);
      this.auditor.log((r) => responseRecord(event, response, time, r), !this.#recovery(event.operation));
    } catch (err) {
      // Never a throw out of here: Core.handle answers every request.
      if (!(err instanceof AuditUnavailableError)) {
        this.auditor.deps.logger.error({ request_id: this.id, err: String(err) }, "audit record failed");
      }
      return errorResult(500, [UNAVAILABLE.replace("request", "response")]);
    }
    return result;
  }

  #logRequest(event: ApiRequestEvent): void {
    const time = this.auditor.deps.now();
    this.auditor.log((r) => requestRecord(event, time, r), !this.#recovery(event.operation));
    this.#requested = true;
  }

  #baseEvent(operation: string, data: Readonly<Record<string, unknown>>): ApiRequestEvent {
    const { req } = this;
    return {
      id: this.id,
      operation,
      path: trimSlashes(req.path),
      data,
      ...(req.token !== undefined && { token: req.token }),
      ...(req.remoteAddress !== undefined && { remoteAddress: req.remoteAddress }),
    };
  }

  /** Disabling an audit device: served even when no device can record it. */
  #recovery(operation: string): boolean {
    return operation === "delete" && trimSlashes(this.req.path).startsWith("sys/audit/");
  }
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+/, "").replace(/\/+$/, "");
}

function fallbackOperation(req: CoreRequest): string {
  const method = req.method.toUpperCase();
  const list = method === "LIST" || (method === "GET" && req.query?.list !== undefined);
  if (list) return "list";
  if (method === "GET" || method === "HEAD") return "read";
  return method === "DELETE" ? "delete" : "update";
}

function fallbackData(req: CoreRequest): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (key !== "list" && value !== undefined) data[key] = value;
  }
  const body = req.body;
  if (body !== null && typeof body === "object" && !Array.isArray(body)) Object.assign(data, body);
  return data;
}

function responseEvent(result: HttpResult): ApiResponseEvent {
  const status = result.status;
  const body = result.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) return { status };
  const fields = body as Record<string, unknown>;
  if (Array.isArray(fields.errors)) {
    const error = fields.errors.map(String).join("; ");
    return error === "" ? { status } : { status, error };
  }
  if ("request_id" in fields && "lease_id" in fields) {
    return { status, data: fields.data, auth: fields.auth, warnings: fields.warnings };
  }
  return { status, data: fields };
}
