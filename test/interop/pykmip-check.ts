/**
 * PyKMIP's client against any KMIP server, through the shared `pykmip_client_check.py`: it
 * runs discover_versions, query, create, get_attributes, get_attribute_list, locate, activate,
 * get, encrypt/decrypt, register, MAC, create_key_pair, sign/verify, revoke and destroy, and
 * reports each step as PASS, FAIL or SKIP (a step is skipped when one it needs did not pass).
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PYTHON, pykmipAssetsDir, removeScratch, requirePykmip, run, scratchDir } from "./pykmip-env.js";

export interface ClientCheckOptions {
  readonly host: string;
  readonly port: number;
  /** File paths (PEM): the CA that signed the server certificate, the client certificate and key. */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** "1.0" … "2.0" (PyKMIP 0.10 knows no 2.1); default "1.2", PyKMIP's own default. */
  readonly version?: string;
  /** Steps whose failure should not fail the script's exit status. */
  readonly allowFail?: readonly string[];
  readonly timeoutMs?: number;
}

export type StepStatus = "PASS" | "FAIL" | "SKIP";

export interface ClientCheckStep {
  readonly step: string;
  readonly status: StepStatus;
  readonly detail: string;
}

export interface ClientCheck {
  readonly version: string;
  /** 0 only if no step failed (allowed failures aside). */
  readonly exitCode: number;
  readonly steps: ClientCheckStep[];
  /** Step name → its result. */
  readonly byStep: Readonly<Record<string, ClientCheckStep>>;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** What Query reported, when that step passed. */
  readonly query: { operations: string[]; object_types: string[]; vendor: string | null } | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

interface JsonOut {
  results: [string, StepStatus, string][];
  query?: ClientCheck["query"] | null;
}

/** "PASS step   detail (12 ms)" lines, for when the script stops before writing its JSON. */
function parseLines(stdout: string): ClientCheckStep[] {
  const steps: ClientCheckStep[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^(PASS|FAIL|SKIP) (\S+)\s*(.*)$/.exec(line);
    if (m) steps.push({ step: m[2]!, status: m[1] as StepStatus, detail: m[3] ?? "" });
  }
  return steps;
}

function summarise(
  version: string,
  exitCode: number,
  steps: ClientCheckStep[],
  out: JsonOut | undefined,
  stdout: string,
  stderr: string,
): ClientCheck {
  const count = (s: StepStatus) => steps.filter((x) => x.status === s).length;
  return {
    version,
    exitCode,
    steps,
    byStep: Object.fromEntries(steps.map((s) => [s.step, s])),
    passed: count("PASS"),
    failed: count("FAIL"),
    skipped: count("SKIP"),
    query: out?.query ?? undefined,
    stdout,
    stderr,
  };
}

/** Runs the check once; throws (never skips) when PyKMIP or the script is missing. */
export async function runPykmipClientCheck(o: ClientCheckOptions): Promise<ClientCheck> {
  await requirePykmip();
  const version = o.version ?? "1.2";
  const dir = await scratchDir("kmipd-pykmip-check-");
  const jsonOut = join(dir, "result.json");
  const args = ["-W", "ignore", join(pykmipAssetsDir(), "pykmip_client_check.py")];
  args.push("--host", o.host, "--port", String(o.port), "--ca", o.ca, "--cert", o.cert, "--key", o.key);
  args.push("--kmip-version", version, "--json-out", jsonOut);
  for (const step of o.allowFail ?? []) args.push("--allow-fail", step);
  try {
    const r = await run(PYTHON, args, o.timeoutMs ?? 120_000);
    const text = await readFile(jsonOut, "utf8").catch(() => undefined);
    const out = text === undefined ? undefined : (JSON.parse(text) as JsonOut);
    const steps =
      out === undefined
        ? parseLines(r.stdout)
        : out.results.map(([step, status, detail]) => ({ step, status, detail }));
    return summarise(version, r.code, steps, out, r.stdout, r.stderr);
  } finally {
    await removeScratch(dir);
  }
}
