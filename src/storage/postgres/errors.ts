/**
 * What a `pg` failure means to the layers above (`StorageError` kinds, `ObjectStoreError` codes):
 *
 * - the server cannot be reached, refuses us, is shutting down, out of resources, read-only (a
 *   standby after a failover) or aborted the transaction to break a deadlock: "unavailable",
 *   retry later. The message names the server by its URL without the password, and scrubs the
 *   password from the driver's text in case it ever echoes it.
 * - a taken Unique Identifier (the unique constraint `objects_uid_key`): `exists`.
 * - an index entry larger than PostgreSQL can hold (a very long attribute name): `invalid`.
 * - anything else (a constraint we did not expect, a syntax error) is a bug and stays as it is.
 */
import pg from "pg";
import { ObjectStoreError } from "../objects.js";
import { StorageError } from "../types.js";

/** SQLSTATE classes that mean "not now": 08 connection, 28 authorization, 3D no such database,
 * 40 transaction rollback (deadlock, serialization), 53 resources, 57 operator intervention
 * (shutdown, cancel), 58 system error. */
const UNAVAILABLE_CLASSES = new Set(["08", "28", "3D", "40", "53", "57", "58"]);
const READ_ONLY_TRANSACTION = "25006";
const UNIQUE_VIOLATION = "23505";
const PROGRAM_LIMIT_EXCEEDED = "54000";

/** What `pg` and Node say when the socket or TLS fails, rather than the server answering. */
const CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|The server does not support SSL)/;
const NETWORK_CODES = /^(E[A-Z]+|ERR_TLS_\w+|ERR_SSL_\w+|\w*CERT\w*|UNABLE_TO_\w+)$/;

export interface ErrorContext {
  /** The server as it may be shown (see `describeUrl`). */
  readonly where: string;
  readonly password: string;
}

export function storageErrorOf(err: unknown, ctx: ErrorContext): unknown {
  if (err instanceof StorageError) return err;
  if (err instanceof pg.DatabaseError) return databaseError(err, ctx);
  if (isConnectionFailure(err)) return unavailable(err as Error, ctx);
  return err;
}

function databaseError(err: pg.DatabaseError, ctx: ErrorContext): unknown {
  const code = err.code ?? "";
  if (UNAVAILABLE_CLASSES.has(code.slice(0, 2)) || code === READ_ONLY_TRANSACTION)
    return unavailable(err, ctx);
  if (code === UNIQUE_VIOLATION && err.constraint === "objects_uid_key")
    return new ObjectStoreError("exists", "an object with this Unique Identifier exists", { cause: err });
  if (code === PROGRAM_LIMIT_EXCEEDED)
    return new ObjectStoreError("invalid", "a value is too large for the PostgreSQL index", { cause: err });
  return err;
}

function isConnectionFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code, syscall } = err as NodeJS.ErrnoException;
  if (typeof syscall === "string") return true;
  if (typeof code === "string" && NETWORK_CODES.test(code)) return true;
  return CONNECTION_MESSAGES.test(err.message);
}

function unavailable(err: Error, ctx: ErrorContext): StorageError {
  const message = `PostgreSQL at ${ctx.where} is unavailable: ${scrub(reason(err), ctx)}`;
  return new StorageError(message, "unavailable", { cause: err });
}

/** The driver's words, with the error code; Node's AggregateError (every address refused) has none. */
function reason(err: Error): string {
  const inner = err instanceof AggregateError ? err.errors.map((e) => String(e?.message ?? e)) : [];
  const text = err.message || inner.join("; ") || "connection failed";
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && !text.includes(code) ? `${text} (${code})` : text;
}

function scrub(text: string, ctx: ErrorContext): string {
  return ctx.password === "" ? text : text.split(ctx.password).join("***");
}
