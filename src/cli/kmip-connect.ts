/**
 * The connection options every `kmipd kmip` verb shares, and the client they open:
 *
 *   --server host:port   (KMIPD_KMIP_SERVER; port 5696 when omitted, the IANA port for KMIP)
 *   --ca FILE            (KMIPD_KMIP_CA)   CA bundle that signed the server certificate
 *   --cert FILE          (KMIPD_KMIP_CERT) client certificate; may also hold the key
 *   --key FILE           (KMIPD_KMIP_KEY)  client private key
 *   --servername NAME    name to check the server certificate against (default: the host)
 *   --kmip-version V     1.0 … 2.1 (default 1.4)
 *   --timeout MS         connect and per-request bound (default 30000)
 *   --format json|table  output (default table)
 */
import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { KmipClient } from "../client/client.js";
import { resolveVersion } from "../client/session.js";

export interface ConnectionFlags {
  readonly server?: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
  readonly kmipVersion: string;
  readonly timeout: string;
  readonly format: string;
}

/** A mistake in the command line: reported on stderr with exit status 1. */
export class KmipUsageError extends Error {
  override readonly name = "KmipUsageError";
}

/** "TCP port number 5696, as assigned by IANA" (KMIP Additional Message Encodings v1.0 §2.2). */
const KMIP_PORT = 5696;

export function addConnectionOptions(cmd: Command, formats: readonly string[] = ["table", "json"]): Command {
  return cmd
    .addOption(new Option("--server <host:port>", "KMIP server address").env("KMIPD_KMIP_SERVER"))
    .addOption(new Option("--ca <file>", "PEM CA bundle for the server certificate").env("KMIPD_KMIP_CA"))
    .addOption(
      new Option("--cert <file>", "PEM client certificate (may hold the key too)").env("KMIPD_KMIP_CERT"),
    )
    .addOption(new Option("--key <file>", "PEM client private key").env("KMIPD_KMIP_KEY"))
    .option("--servername <name>", "name the server certificate must carry (default: the host)")
    .option("--kmip-version <version>", "protocol version: 1.0, 1.1, 1.2, 1.3, 1.4, 2.0 or 2.1", "1.4")
    .option("--timeout <ms>", "bound on connecting and on each request, in milliseconds", "30000")
    .addOption(new Option("--format <format>", "output format").choices([...formats]).default("table"));
}

/** "host:port", "[v6]:port" or "host" (port 5696). */
export function parseServer(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = m?.[3] === undefined ? KMIP_PORT : Number(m[3]);
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new KmipUsageError(`--server: expected host:port, got "${text}"`);
  }
  return { host, port };
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new KmipUsageError(`${what}: cannot read ${file}: ${(e as Error).message}`);
  }
}

function required(value: string | undefined, flag: string, env: string): string {
  if (value === undefined || value === "") throw new KmipUsageError(`${flag} is required (or set ${env})`);
  return value;
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new KmipUsageError(`${flag}: expected a positive integer, got "${text}"`);
  return n;
}

/** Reads the files and connects; usage mistakes are KmipUsageError, nothing is sent before. */
export async function connectFromFlags(flags: ConnectionFlags): Promise<KmipClient> {
  const { host, port } = parseServer(required(flags.server, "--server", "KMIPD_KMIP_SERVER"));
  let version: ReturnType<typeof resolveVersion>;
  try {
    version = resolveVersion(flags.kmipVersion);
  } catch (e) {
    throw new KmipUsageError(`--kmip-version: ${(e as Error).message}`);
  }
  const timeoutMs = positiveInteger(flags.timeout, "--timeout");
  const ca = await readPem(required(flags.ca, "--ca", "KMIPD_KMIP_CA"), "--ca");
  const cert = await readPem(required(flags.cert, "--cert", "KMIPD_KMIP_CERT"), "--cert");
  const key = flags.key === undefined || flags.key === "" ? undefined : await readPem(flags.key, "--key");
  if (key === undefined && !/PRIVATE KEY-----/.test(cert)) {
    throw new KmipUsageError("--key is required unless the --cert file also holds the private key");
  }
  return KmipClient.connect({ host, port, ca, cert, key, servername: flags.servername, version, timeoutMs });
}
