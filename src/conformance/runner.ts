/**
 * The conformance run: one live kmipd for all files (`live-server.ts`), the files one after the
 * other in natural order, each in a clean scope of its own — a new scope, a role allowed every
 * operation, a client certificate — which is deleted with its objects after the file, so no
 * object leaks into another file. The one exception is a file that continues its predecessor
 * (`series.ts`): it runs in the predecessor's scope. An error outside the comparison (a refused
 * connection, a failing management call) fails that file with its message; the run goes on.
 */
import { settleAlternatives } from "./alternatives.js";
import { LiveServer } from "./live-server.js";
import { type Prepared, prepareFile, replayFile, type Tracer } from "./run-file.js";
import { findsBeforeMaking, isPredecessor } from "./series.js";
import { PRIOR_OBJECTS } from "./skips.js";
import type { FileResult } from "./types.js";
import type { VectorFile } from "./vectors.js";

export interface RunOptions {
  /** Called after each file (progress output). */
  readonly onResult?: (result: FileResult, index: number, total: number) => void;
  /** Reuse a running server (tests); otherwise one is started and stopped. */
  readonly server?: LiveServer;
  readonly trace?: Tracer;
  /** The clock rule's bound (`clock.ts`); default 0, never wait. */
  readonly clockWaitMaxMs?: number;
}

interface Scope {
  readonly file: VectorFile;
  /** When the first file of the scope started (the origin of its `$NOW`). */
  readonly startedMs: number;
  readonly name: string;
  readonly credential: Awaited<ReturnType<LiveServer["newScope"]>>;
}

export async function runConformance(
  files: readonly VectorFile[],
  options: RunOptions = {},
): Promise<FileResult[]> {
  const server = options.server ?? (await LiveServer.start());
  const results: FileResult[] = [];
  let last: Scope | undefined;
  try {
    for (const [index, file] of files.entries()) {
      const started = Date.now();
      let prepared = prepareFile(file, started);
      const continues = prepared.kind === "run" && findsBeforeMaking(prepared.exchanges);
      const keep = continues && last !== undefined && isPredecessor(last.file, file) ? last : undefined;
      // A continuation's "test start" ($NOW) is its series' start: its objects' dates are from then.
      if (keep !== undefined) prepared = prepareFile(file, keep.startedMs);
      if (last !== undefined && last !== keep) await server.dropScope(last.name);
      last = undefined;
      const outcome = await runOne(
        server,
        file,
        prepared,
        continues,
        keep,
        `conformance-${index}`,
        started,
        options,
      );
      last = outcome.scope;
      const result = {
        name: file.name,
        set: file.set,
        profile: file.profile,
        ...outcome.result,
        ms: Date.now() - started,
      };
      results.push(result);
      options.onResult?.(result, index, files.length);
    }
  } finally {
    if (last !== undefined) await server.dropScope(last.name).catch(() => undefined);
    if (options.server === undefined) await server.close();
  }
  return settleAlternatives(files, results);
}

type Result = Omit<FileResult, "name" | "set" | "profile" | "ms">;

async function runOne(
  server: LiveServer,
  file: VectorFile,
  prepared: Prepared,
  continues: boolean,
  kept: Scope | undefined,
  scopeName: string,
  startedMs: number,
  options: RunOptions,
): Promise<{ result: Result; scope?: Scope }> {
  if (prepared.kind === "skip") {
    return { result: { outcome: "SKIP", skip: prepared.skip, reason: prepared.reason } };
  }
  if (continues && kept === undefined) {
    return { result: { outcome: "SKIP", skip: PRIOR_OBJECTS.id, reason: PRIOR_OBJECTS.reason } };
  }
  let scope = kept;
  try {
    scope ??= { file, startedMs, name: scopeName, credential: await server.newScope(scopeName) };
    const replayed = await replayFile(scope.credential, prepared, options);
    return { result: replayed, scope: { ...scope, file } };
  } catch (err) {
    const reason = `runner error: ${err instanceof Error ? err.message : String(err)}`;
    return { result: { outcome: "FAIL", reason }, ...(scope !== undefined && { scope }) };
  }
}
