/**
 * Calls the kmip backend's PathDef handlers directly (no HTTP): finds the path whose pattern
 * matches, builds the LogicalRequest with the framework's own field conversion, and runs the
 * operation, against SQLite in memory.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { buildLogicalRequest } from "../../../src/api/framework/request.js";
import {
  ApiError,
  type LogicalResponse,
  type Operation,
  type PathDef,
} from "../../../src/api/framework/types.js";
import { createKmipBackend, type KmipBackendOptions } from "../../../src/engine/kmip/backend.js";
import { SqliteStorage } from "../../../src/storage/sqlite/sqlite-storage.js";

const identity = { accessor: "test-accessor", policies: ["root"], isRoot: true };

function route(paths: readonly PathDef[], path: string): { def: PathDef; params: Record<string, string> } {
  const segments = path.split("/");
  for (const def of paths) {
    const pattern = def.pattern.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (part.startsWith(":")) {
        params[part.slice(1)] = segment;
        return segment !== "";
      }
      return part === segment;
    });
    if (matches) return { def, params };
  }
  throw new Error(`no path matches ${path}`);
}

export interface Engine {
  readonly backend: Awaited<ReturnType<typeof createKmipBackend>>;
  readonly storage: SqliteStorage;
  call(
    operation: Operation,
    path: string,
    raw?: Record<string, unknown>,
  ): Promise<LogicalResponse | undefined>;
  read(path: string, raw?: Record<string, unknown>): Promise<Record<string, unknown>>;
  write(path: string, raw?: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  list(path: string): Promise<string[]>;
  remove(path: string, raw?: Record<string, unknown>): Promise<void>;
  /** Moves the engine's clock (ms); the default clock is the real time. */
  clock: { offsetMs: number };
}

export async function newEngine(options: KmipBackendOptions = {}): Promise<Engine> {
  const storage = SqliteStorage.open({ path: ":memory:" });
  const clock = { offsetMs: 0 };
  const backend = await createKmipBackend(
    {
      mountPath: "kmip/",
      mountUuid: "mount-uuid",
      storage,
      now: () => new Date(Date.now() + clock.offsetMs),
    },
    options,
  );
  const call: Engine["call"] = async (operation, path, raw = {}) => {
    const { def, params } = route(backend.paths, path);
    const handler = def.operations[operation];
    if (!handler) throw new Error(`${path} does not support ${operation}`);
    return handler(buildLogicalRequest(def, { operation, path, params, raw, identity }));
  };
  return {
    backend,
    storage,
    clock,
    call,
    read: async (path, raw) => (await call("read", path, raw))?.data ?? {},
    write: async (path, raw) => (await call("update", path, raw))?.data,
    list: async (path) => ((await call("list", path))?.data?.keys as string[]) ?? [],
    remove: async (path, raw) => {
      await call("delete", path, raw);
    },
  };
}

/** Expects `work` to fail with an ApiError of `status` whose message matches `message`. */
export async function expectApiError(
  work: Promise<unknown>,
  status: number,
  message?: RegExp,
): Promise<ApiError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  const apiError = error as ApiError;
  expect(apiError.status).toBe(status);
  if (message) expect(apiError.message).toMatch(message);
  return apiError;
}

/** Every PEM block of a bundle, as separate PEM texts. */
export function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g) ?? [];
}

/** Runs `openssl` in a scratch folder holding `files`; returns stdout. */
export function openssl(args: readonly string[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "kmipd-kmip-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), `${text}\n`);
    return execFileSync("openssl", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl verify` of `certificate` against a `ca_pem` bundle (intermediate, then root). */
export function opensslVerify(caPem: string, certificate: string): string {
  const [intermediate, root] = splitPem(caPem);
  return openssl(["verify", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "leaf.pem"], {
    "root.pem": root ?? "",
    "intermediate.pem": intermediate ?? "",
    "leaf.pem": certificate,
  });
}

/** A CSR and its key from openssl: `ec:P-256`, `rsa:2048`, … */
export function makeCsr(key: string): string {
  const [type, size] = key.split(":");
  const keyArgs =
    type === "ec" ? ["-newkey", "ec", "-pkeyopt", `ec_paramgen_curve:${size}`] : ["-newkey", `rsa:${size}`];
  return openssl(["req", "-new", ...keyArgs, "-nodes", "-keyout", "/dev/null", "-subj", "/CN=EKM/O=NetApp"]);
}
