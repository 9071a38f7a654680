/**
 * The management API as declarative path tables, after Vault's `sdk/framework`: a backend (the
 * `sys` routes, each secrets engine) lists its paths with their fields and the operations each
 * supports. The HTTP layer turns the tables into routes, checks the token's ACL for the
 * operation, parses fields (list-or-CSV, int-or-duration, bools) from the body or query string,
 * wraps results in Vault's response envelope, and generates the OpenAPI document.
 */
import type { KvStore } from "../../storage/types.js";

/** Vault's logical operations; HTTP methods map onto them (POST/PUT → create or update). */
export type Operation = "read" | "create" | "update" | "delete" | "list";

export type FieldType =
  | "string"
  | "int"
  | "bool"
  /** Seconds: an integer, a numeric string, or a duration string ("336h", "1h30m", "365d"). */
  | "duration"
  /** A JSON array of strings or one comma-separated string ("a,b" → ["a","b"]). */
  | "comma-string-list"
  | "map";

export interface FieldDef {
  readonly type: FieldType;
  readonly description: string;
  readonly default?: unknown;
  readonly required?: boolean;
  /** The value must be one of these (after type conversion). */
  readonly allowed?: readonly (string | number)[];
}

export interface RequestIdentity {
  /** The token's accessor (never the token itself), for audit and logs. */
  readonly accessor: string;
  readonly policies: readonly string[];
  readonly isRoot: boolean;
}

export interface LogicalRequest {
  readonly operation: Operation;
  /** The path relative to the mount, e.g. "scope/finance/role/accounting". */
  readonly path: string;
  /** Named segments of the matched pattern, e.g. { scope: "finance", role: "accounting" }. */
  readonly params: Readonly<Record<string, string>>;
  /** The raw input: the JSON body merged with the query string. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly identity: RequestIdentity;
  /** Whether the caller sent this field at all (role writes merge only what was sent). */
  has(field: string): boolean;
  /** The field converted to its declared type, or its default; a bad value throws ApiError(400). */
  get<T = unknown>(field: string): T;
}

export interface LogicalResponse {
  readonly data?: Record<string, unknown>;
  readonly warnings?: readonly string[];
  /** Set by token-creating endpoints; becomes the envelope's `auth` block. */
  readonly auth?: Record<string, unknown>;
  /** Overrides the status (e.g. sys/health's 429/472/473/501/503); defaults to 200, or 204 with no data. */
  readonly status?: number;
  /**
   * The body is `data` itself, without the envelope (Vault answers sys/init, sys/unseal,
   * sys/seal-status and sys/health this way).
   */
  readonly raw?: boolean;
}

export type Handler = (req: LogicalRequest) => Promise<LogicalResponse | undefined>;

export interface PathDef {
  /** Relative to the mount, with ":name" segments; a trailing "*name" captures the rest. */
  readonly pattern: string;
  readonly fields?: Readonly<Record<string, FieldDef>>;
  readonly operations: Readonly<Partial<Record<Operation, Handler>>>;
  /** Decides create vs update for POST/PUT (Vault's ExistenceCheck); without it, POST is "update". */
  readonly exists?: (req: LogicalRequest) => Promise<boolean>;
  readonly summary: string;
  readonly description?: string;
  /**
   * Root-protected (Vault docs "Policies" > "Root protected API endpoints"): the token needs the
   * `sudo` capability on the path as well, for every operation (true) or for those listed.
   */
  readonly sudo?: boolean | readonly Operation[];
  /** Reachable without a token (Vault's PathsSpecial.Unauthenticated), e.g. sys/health. */
  readonly unauthenticated?: boolean;
}

/** What a secrets engine sees of the server: its own sealed storage view and a clock. */
export interface BackendContext {
  /** The mount path with a trailing slash, e.g. "kmip/". */
  readonly mountPath: string;
  /** Stable identity of the mount; survives remounts, keys its data. */
  readonly mountUuid: string;
  /** Sealed key-value storage private to this mount (prefix applied, values encrypted). */
  readonly storage: KvStore;
  readonly now: () => Date;
}

export interface Backend {
  readonly type: string;
  readonly paths: readonly PathDef[];
  /** Called once the server is unsealed (start listeners, warm caches). */
  initialize?(): Promise<void>;
  /** Called on seal, unmount or shutdown (stop listeners). */
  cleanup?(): Promise<void>;
}

export type BackendFactory = (ctx: BackendContext) => Promise<Backend>;

/** An error with an HTTP status and messages for Vault's `{"errors": [...]}` body. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly errors: readonly string[];
  constructor(
    readonly status: number,
    message: string | readonly string[],
    options?: { cause?: unknown },
  ) {
    const list = typeof message === "string" ? [message] : message;
    super(list.join("; "), options);
    this.errors = list;
  }
}
