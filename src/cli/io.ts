/**
 * What a Vault-style verb reads and writes: its streams and environment (injected, so tests run
 * verbs in-process), and the prologue every verb shares: parse its flags, pick the output format,
 * build the HTTP client.
 *
 * Client settings, each from its flag, else the KMIPD_* variable, else the VAULT_* one:
 * - address: `-address`, `KMIPD_ADDR`, `VAULT_ADDR`, else `http://127.0.0.1:8200`;
 * - token: `KMIPD_TOKEN`, `VAULT_TOKEN`, else the file `~/.vault-token` that Vault's default token
 *   helper writes ("Token helpers" docs page); Vault has no token flag;
 * - TLS: `-ca-cert` (`*_CACERT`, a PEM file), `-ca-path` (`*_CAPATH`, a directory of PEM files),
 *   `-tls-skip-verify` (`*_SKIP_VERIFY`), `-tls-server-name` (`*_TLS_SERVER_NAME`), as the "CLI"
 *   docs page lists Vault's HTTP options; `-namespace` (`*_NAMESPACE`) too.
 *
 * Streams follow Vault's CLI UI: results on standard output, errors and warnings on standard
 * error. Exit codes follow Vault's "CLI" docs page: 0 success, 1 local error (bad flags or
 * arguments, unreadable files), 2 remote error (API failures, connection or TLS errors).
 */
import { readdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseBool } from "../config/duration.js";
import { type Output, outputFromFlags } from "./format.js";
import { VaultClient } from "./http-client.js";
import { type FlagSpec, type ParsedArgs, parseFlags, parseKvData, toQuery, UsageError } from "./kv-args.js";

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes text to standard output as is. */
  out(text: string): void;
  /** Writes text to standard error as is. */
  err(text: string): void;
  /** True when standard output is a terminal (`-field` then ends its value with a newline). */
  readonly stdoutIsTty: boolean;
  /** All of standard input, as UTF-8. */
  readStdin(): Promise<string>;
  /** One secret line: prompted for and not echoed on a terminal, else the first line of stdin. */
  readSecret(prompt: string): Promise<string>;
}

/** Vault's `UI.Output`/`UI.Info`: a line on standard output. */
export function say(io: CliIo, line: string): void {
  io.out(`${line}\n`);
}

/** Vault's `UI.Error`: a line on standard error. */
export function fail(io: CliIo, line: string, code: number): number {
  io.err(`${line}\n`);
  return code;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a line from a terminal in raw mode, echoing nothing (Vault: "will be hidden"). */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return finish();
        if (ch === "\u0003") return finish(new Error("interrupted"));
        value = ch === "\u007f" || ch === "\b" ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on("data", onData);
  });
}

/** The real process: its streams and environment. */
export function processIo(): CliIo {
  return {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdoutIsTty: process.stdout.isTTY === true,
    readStdin: () => readAll(process.stdin),
    readSecret: async (prompt) => {
      if (process.stdin.isTTY) return readHidden(prompt);
      return (await readAll(process.stdin)).split(/\r?\n/)[0] ?? "";
    },
  };
}

export const DEFAULT_ADDRESS = "http://127.0.0.1:8200";

export const HTTP_FLAGS: readonly FlagSpec[] = [
  { name: "address", kind: "string", help: "Server address (KMIPD_ADDR, VAULT_ADDR)." },
  { name: "ca-cert", kind: "string", help: "PEM CA certificate file to verify the server (VAULT_CACERT)." },
  { name: "ca-path", kind: "string", help: "Directory of PEM CA certificates (VAULT_CAPATH)." },
  {
    name: "tls-skip-verify",
    kind: "bool",
    help: "Do not verify the server's certificate (VAULT_SKIP_VERIFY).",
  },
  {
    name: "tls-server-name",
    kind: "string",
    help: "Name to use as SNI and to verify (VAULT_TLS_SERVER_NAME).",
  },
  { name: "namespace", kind: "string", help: "Namespace sent as X-Vault-Namespace (VAULT_NAMESPACE)." },
];

function first(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v !== "");
}

async function readTokenFile(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  try {
    return (await readFile(join(env.HOME ?? homedir(), ".vault-token"), "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function readCa(file: string | undefined, dir: string | undefined): Promise<string[] | undefined> {
  if (file) return [await readFile(file, "utf8")];
  if (!dir) return undefined;
  const names = (await readdir(dir)).filter((n) => n.endsWith(".pem") || n.endsWith(".crt")).sort();
  return Promise.all(names.map((n) => readFile(join(dir, n), "utf8")));
}

/** Client settings from flags first, then KMIPD_* and VAULT_* variables, then defaults. */
export async function clientFromFlags(
  flags: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
): Promise<VaultClient> {
  const address = first(flags.string("address"), env.KMIPD_ADDR, env.VAULT_ADDR) ?? DEFAULT_ADDRESS;
  const skip = first(env.KMIPD_SKIP_VERIFY, env.VAULT_SKIP_VERIFY);
  return new VaultClient({
    address,
    token: first(env.KMIPD_TOKEN, env.VAULT_TOKEN) ?? (await readTokenFile(env)),
    namespace: first(flags.string("namespace"), env.KMIPD_NAMESPACE, env.VAULT_NAMESPACE),
    ca: await readCa(
      first(flags.string("ca-cert"), env.KMIPD_CACERT, env.VAULT_CACERT),
      first(flags.string("ca-path"), env.KMIPD_CAPATH, env.VAULT_CAPATH),
    ),
    skipVerify: flags.has("tls-skip-verify") ? flags.bool("tls-skip-verify") : skip ? parseBool(skip) : false,
    serverName: first(flags.string("tls-server-name"), env.KMIPD_TLS_SERVER_NAME, env.VAULT_TLS_SERVER_NAME),
  });
}

/** A Vault verb: its usage line, summary, flags and runner (registered by vault-commands.ts). */
export interface Verb {
  readonly usage: string;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

/** A verb after its prologue: flags, positional arguments, output settings and client. */
export interface Prepared {
  readonly flags: ParsedArgs;
  readonly args: string[];
  readonly out: Output;
  readonly client: VaultClient;
}

/**
 * Parses flags, output settings and client settings; on failure prints Vault's message and
 * returns the exit code instead (1 for flags and formats, 2 when the client cannot be built,
 * as Vault's commands return 2 when `c.Client()` fails).
 */
export async function prepare(
  io: CliIo,
  argv: readonly string[],
  specs: readonly FlagSpec[],
): Promise<Prepared | number> {
  let flags: ParsedArgs;
  try {
    flags = parseFlags(argv, specs);
  } catch (err) {
    if (err instanceof UsageError) return fail(io, err.message, 1);
    throw err;
  }
  const out = outputFromFlags(flags, io);
  if (typeof out === "string") return fail(io, out, 1);
  let client: VaultClient;
  try {
    client = await clientFromFlags(flags, io.env);
  } catch (err) {
    return fail(io, errorText(err), 2);
  }
  return { flags, args: flags.positionals, out, client };
}

/** Vault's argument-count messages ("Not enough arguments (expected 1, got 0)"). */
export function checkArgCount(io: CliIo, args: readonly string[], min: number, max: number): number | null {
  const expected = min === max || max === Number.POSITIVE_INFINITY ? `${min}` : `${min}-${max}`;
  if (args.length < min)
    return fail(io, `Not enough arguments (expected ${expected}, got ${args.length})`, 1);
  if (args.length > max) return fail(io, `Too many arguments (expected ${expected}, got ${args.length})`, 1);
  return null;
}

/** Vault's sanitizePath: trims spaces and one leading and trailing slash. */
export function sanitizePath(path: string): string {
  return path.trim().replace(/^\//, "").replace(/\/$/, "");
}

export function ensureTrailingSlash(path: string): string {
  return path === "" || path.endsWith("/") ? path : `${path}/`;
}

/** A prepared verb that takes `PATH [K=V...]`, with the pairs as query parameters (read, delete). */
export interface PathQueryCommand {
  readonly cmd: Prepared;
  readonly path: string;
  readonly query: Record<string, string[]>;
}

/** Parses flags, `PATH` and the `K=V` pairs; a number is the exit status of a usage error. */
export async function preparePathQuery(
  io: CliIo,
  argv: readonly string[],
  flags: readonly FlagSpec[],
): Promise<PathQueryCommand | number> {
  const cmd = await prepare(io, argv, flags);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 1, Number.POSITIVE_INFINITY);
  if (bad !== null) return bad;
  const [rawPath = "", ...rest] = cmd.args;
  try {
    return { cmd, path: sanitizePath(rawPath), query: toQuery(await parseKvData(rest, io)) };
  } catch (err) {
    return fail(io, `Failed to parse K=V data: ${errorText(err)}`, 1);
  }
}
