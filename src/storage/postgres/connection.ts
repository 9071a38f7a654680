/**
 * The options of the PostgreSQL adapter and the `pg` configuration they make: one for the pool
 * and, identical, for the dedicated LISTEN client. Also the connection URL as it may be shown in
 * an error or a log line: without the password and without the query (which may hold
 * `password=` or key file paths).
 */
import type pg from "pg";
import { StorageError } from "../types.js";

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database`; a Unix socket as `postgresql:///db?host=/run/postgresql`. */
  connectionUrl: string;
  /** Connections of the pool (default 10). */
  poolSize?: number;
  /** TLS to the server, verified against `ca` (default: the system roots) unless `rejectUnauthorized` is false. */
  ssl?: { ca?: string | Buffer | (string | Buffer)[]; rejectUnauthorized?: boolean };
  /** The schema holding kmipd's tables (created if missing), so that one database can host several. */
  schema?: string;
}

export interface ConnectionSettings {
  readonly config: pg.ClientConfig;
  readonly poolSize: number;
  readonly schema: string | undefined;
  /** The URL without secrets, for messages. */
  readonly where: string;
  /** The URL's password, to scrub from any message that might echo it. */
  readonly password: string;
}

export const POOL_SIZE_DEFAULT = 10;
const POOL_SIZE_MAX = 1000;
/** A database that does not answer within this is "unavailable", not a request that hangs. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Lower case, so the name means the same quoted or not, and needs no quoting anywhere. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const URL_TLS_PARAMS = ["ssl", "sslmode", "sslcert", "sslkey", "sslrootcert", "sslnegotiation"];

export function connectionSettings(options: PostgresOptions): ConnectionSettings {
  if (typeof options !== "object" || options === null) throw invalid("PostgreSQL options are required");
  const url = parseUrl(options.connectionUrl);
  const poolSize = options.poolSize ?? POOL_SIZE_DEFAULT;
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > POOL_SIZE_MAX)
    throw invalid(`poolSize must be an integer from 1 to ${POOL_SIZE_MAX}`);
  const config: pg.ClientConfig = {
    application_name: "kmipd",
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a peer that vanished (a failed-over server) on idle connections too.
    keepAlive: true,
  };
  if (options.ssl !== undefined) config.ssl = tlsOptions(options.ssl, url);
  if (options.schema !== undefined) config.options = searchPath(options.schema, url);
  // `pg` lets the URL's parameters override the fields above, so the URL goes in last, stripped
  // of what was merged into them.
  config.connectionString = url.toString();
  return {
    config,
    poolSize,
    schema: options.schema,
    where: describeUrl(url),
    password: decodeURIComponent(url.password),
  };
}

function parseUrl(connectionUrl: string): URL {
  let url: URL;
  try {
    url = new URL(connectionUrl);
  } catch {
    throw invalid("connectionUrl is not a URL (postgres://user:password@host:port/database)");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:")
    throw invalid(`connectionUrl must start with postgres:// or postgresql://, not ${url.protocol}//`);
  return url;
}

function tlsOptions(ssl: NonNullable<PostgresOptions["ssl"]>, url: URL): pg.ClientConfig["ssl"] {
  // Two sources of TLS settings would silently mix; a key server should say which one wins.
  const clash = URL_TLS_PARAMS.find((p) => url.searchParams.has(p));
  if (clash !== undefined) throw invalid(`give TLS settings in ssl or in the URL (${clash}), not both`);
  const tls: { ca?: string | Buffer | (string | Buffer)[]; rejectUnauthorized: boolean } = {
    rejectUnauthorized: ssl.rejectUnauthorized ?? true,
  };
  if (ssl.ca !== undefined) tls.ca = ssl.ca;
  return tls;
}

/** The schema as the connection's search_path, kept with any server options the URL gives. */
function searchPath(schema: string, url: URL): string {
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema))
    throw invalid("schema must be 1 to 63 of a-z, 0-9 and _, not starting with a digit");
  const more = url.searchParams.get("options");
  url.searchParams.delete("options");
  return `-c search_path=${schema}${more === null ? "" : ` ${more}`}`;
}

/** `postgres://user@host:port/database`, plus the socket folder when the URL names one. */
export function describeUrl(url: URL): string {
  const user = url.username === "" ? "" : `${url.username}@`;
  const socket = url.searchParams.get("host");
  return `${url.protocol}//${user}${url.host}${url.pathname}${socket === null ? "" : ` (socket ${socket})`}`;
}

function invalid(message: string): StorageError {
  return new StorageError(message, "invalid");
}
