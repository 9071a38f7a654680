/**
 * What the items of one message run with: the BatchDeps the service gives, the session of the
 * client, the handler's OperationContext, and the view of an item the audit log and metrics see.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../core/logger.js";
import { Operation } from "../kmip/generated/enums.js";
import type { RequestBatchItem } from "../kmip/messages.js";
import type { KmipVersion } from "../kmip/version.js";
import type {
  BatchState,
  CertificateAuthority,
  ClientIdentity,
  OperationContext,
  ServerInfo,
} from "../operations/types.js";
import type { TicketBook, TicketGrant } from "../policy/ticket-book.js";
import type { ObjectStore } from "../storage/objects.js";
import type { ScopeSettings } from "../storage/scope-settings.js";
import type { AsyncOperations } from "./async-table.js";
import type { BatchItemView, KmipServiceOptions } from "./options.js";
import type { ParsedItem } from "./request.js";

export type BatchDeps = Pick<
  KmipServiceOptions,
  "operations" | "serverInfo" | "sealer" | "audit" | "metrics"
> & {
  readonly objects: ObjectStore;
  readonly now: () => Date;
  readonly logger: Logger;
  /** The certificate authority of a mount (Certify, Re-certify), if it has one. */
  readonly certificateAuthority?: ((mountUuid: string) => CertificateAuthority | undefined) | undefined;
  /** Items answered Operation Pending (async-table.ts); without it every item is synchronous. */
  readonly asynchronous?: AsyncOperations | undefined;
  /** Login / Delegated Login tickets (`operations/ticket-session.ts`). */
  readonly tickets?: TicketBook | undefined;
  /** Per-scope settings: the scope's Constraints (`operations/constraints.ts`). */
  readonly scopeSettings?: ScopeSettings | undefined;
};

/** Who sent the message and on which mount; `identity` undefined once it no longer resolves. */
export interface BatchSession {
  readonly mountUuid: string;
  readonly identity: ClientIdentity | undefined;
  readonly logFields: Readonly<Record<string, unknown>>;
  /** The ticket the message was authenticated with (`admitTicket`), if it carried one. */
  readonly ticket?: TicketGrant | undefined;
}

/** Served by the batch layer itself (async-items.ts) when it keeps asynchronous operations. */
const BATCH_LAYER_OPERATIONS: readonly number[] = [Operation.Cancel, Operation.Poll];

/**
 * What Query and Discover Versions report: the registry's operations, plus Poll and Cancel when
 * this service answers them (Query answers from what the server does, ARCHITECTURE).
 */
export function advertised(deps: BatchDeps): ServerInfo {
  const info = deps.serverInfo;
  if (deps.asynchronous === undefined) return info;
  return Object.assign({}, info, {
    operations: () => [...new Set([...info.operations(), ...BATCH_LAYER_OPERATIONS])],
  });
}

export function operationContext(
  version: KmipVersion,
  deps: BatchDeps,
  session: BatchSession,
  identity: ClientIdentity,
  batch: BatchState,
): OperationContext {
  return {
    version,
    scope: { mountUuid: session.mountUuid, scopeId: identity.scopeId },
    identity,
    objects: deps.objects,
    sealer: deps.sealer,
    now: deps.now,
    batch,
    server: advertised(deps),
    logger: deps.logger,
    certificateAuthority: deps.certificateAuthority?.(session.mountUuid),
    tickets: deps.tickets,
    ticket: session.ticket,
    scopeSettings: deps.scopeSettings,
    asynchronousRequests: deps.asynchronous,
  };
}

/** The item as the audit log and the metrics see it. */
export function viewOf(
  parsed: ParsedItem,
  version: KmipVersion,
  session: BatchSession,
  fields: object,
): BatchItemView {
  return {
    id: randomUUID(),
    mountUuid: session.mountUuid,
    version,
    operation: parsed.ok ? parsed.item.operation : parsed.echo.operation,
    payload: parsed.ok ? parsed.item.requestPayload : undefined,
    identity: session.identity,
    logFields: fields as Record<string, unknown>,
  };
}

/** The view of a parsed item (a deferred one, run when polled). */
export function itemView(
  item: RequestBatchItem,
  version: KmipVersion,
  session: BatchSession,
  fields: object,
): BatchItemView {
  return viewOf({ ok: true, item }, version, session, fields);
}
