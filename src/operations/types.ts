/**
 * The contract of a KMIP operation: one file per operation, one signature,
 * `(request, ctx) => Promise<response>`. The batch layer (src/server/) decodes the Request
 * Payload with the operation's schema (src/kmip/payloads/), checks the role, calls the handler
 * and encodes what it returns for the request's protocol version. Handlers orchestrate: rules
 * live in src/policy/, persistence behind the ObjectStore interface, cryptography in src/crypto/.
 * A handler reports failure by throwing KmipError(reason, publicMessage, { cause }) — the
 * client sees the Result Reason and the public message only.
 */
import type { Logger } from "../core/logger.js";
import type { KmipVersion } from "../kmip/version.js";
import type { TicketBook, TicketGrant } from "../policy/ticket-book.js";
import type { ObjectStore, ScopeKey } from "../storage/objects.js";
import type { ScopeSettings } from "../storage/scope-settings.js";

/** Who is asking: the scope and role their client certificate maps to (contract §3). */
export interface ClientIdentity {
  readonly scopeName: string;
  readonly scopeId: string;
  readonly roleName: string;
  readonly roleId: string;
  /** Decimal serial of the client certificate. */
  readonly certificateSerial: string;
  /** KMIP Operation names (spec spelling, e.g. "Get Attributes") the role allows. */
  readonly operations: ReadonlySet<string>;
}

/**
 * Seals managed-object material before it reaches storage, and opens it again (AES-256-GCM under
 * the barrier's keyring). `aad` binds the sealed bytes to the object (e.g. "<mount>/<uid>"), so
 * material copied to another object fails to open.
 */
export interface MaterialSealer {
  seal(plaintext: Uint8Array, aad: string): Uint8Array;
  open(sealed: Uint8Array, aad: string): Uint8Array;
}

/**
 * State shared by the batch items of one request message: the ID Placeholder (KMIP 1.4 §4 intro,
 * 2.1 §6: "the Unique Identifier of the object ... created or obtained by the previous operation
 * in the batch"), set by operations that create or locate an object and read when a request
 * omits its Unique Identifier.
 */
export interface BatchState {
  idPlaceholder: string | undefined;
  /** 2.x: the private-key placeholder of Create Key Pair / Re-key Key Pair (2.1 §6.1.10). */
  privateKeyIdPlaceholder?: string | undefined;
  /** Batch Error Continuation Option Undo: object writes are staged; other writes cannot be undone. */
  readonly undo?: boolean | undefined;
}

/** What Query and Discover Versions report about this server. */
export interface ServerInfo {
  readonly vendorIdentification: string;
  readonly serverVersion: string;
  /** Protocol versions served, newest first (Discover Versions order, KMIP 1.4 §4.26). */
  readonly protocolVersions: readonly KmipVersion[];
  /** Operation codes that have a handler. */
  readonly operations: () => readonly number[];
}

/** What Certify and Re-certify ask the mount's certificate authority for (KMIP 1.4 §4.7–4.8). */
export interface CertificateIssue {
  /** The key to certify, as a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
  readonly publicKey: Uint8Array;
  /** The subject: a DER Name (from a certificate request or the replaced certificate) or RDNs. */
  readonly subject: Uint8Array | readonly Record<string, string>[];
  readonly now: Date;
}

/**
 * The narrow certificate-authority capability of a mount: issue one X.509 certificate, return its
 * DER. Operations never see the CA's key; the server plumbs the mount's CA in.
 */
export interface CertificateAuthority {
  issue(request: CertificateIssue): Promise<Uint8Array>;
}

/** An asynchronous request whose result was not obtained yet (KMIP 2.1 §7.2 Asynchronous Request). */
export interface OutstandingRequest {
  readonly asynchronousCorrelationValue: Uint8Array;
  /** The Operation enumeration value of the deferred item. */
  readonly operation: number;
  readonly submittedMs: number;
  /** Processing Stage (2.1 §11.40): Submitted, or In Process while it runs. */
  readonly processingStage: number;
}

/** The narrow view of the server's asynchronous operations that Query Asynchronous Requests reads. */
export interface AsynchronousRequests {
  /** The scope's outstanding requests, oldest first. */
  outstanding(scope: ScopeKey): readonly OutstandingRequest[];
}

export interface OperationContext {
  /** The request message's protocol version; the response is encoded in it. */
  readonly version: KmipVersion;
  readonly scope: ScopeKey;
  readonly identity: ClientIdentity;
  readonly objects: ObjectStore;
  readonly sealer: MaterialSealer;
  readonly now: () => Date;
  readonly batch: BatchState;
  readonly server: ServerInfo;
  readonly logger: Logger;
  /** The mount's CA for Certify / Re-certify; absent where the mount has none (not configured). */
  readonly certificateAuthority?: CertificateAuthority | undefined;
  /** The server's Login / Delegated Login tickets (KMIP 2.1 §6.1.30); absent where none are kept. */
  readonly tickets?: TicketBook | undefined;
  /** The ticket this request was authenticated with, and its Rights (2.1 §6.1.12), if any. */
  readonly ticket?: TicketGrant | undefined;
  /** Per-scope settings (Set Constraints, 2.1 §6.1.52); the KMIP service always supplies them. */
  readonly scopeSettings?: ScopeSettings | undefined;
  /** The operations answered Operation Pending in this process; absent where none are deferred. */
  readonly asynchronousRequests?: AsynchronousRequests | undefined;
}

export type OperationHandler<Req = unknown, Resp = unknown> = (
  request: Req,
  ctx: OperationContext,
) => Promise<Resp>;

export interface OperationDef<Req = unknown, Resp = unknown> {
  /** Spec name of the Operation enumeration value, e.g. "Get Attribute List". */
  readonly name: string;
  readonly handler: OperationHandler<Req, Resp>;
}
