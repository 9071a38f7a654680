/**
 * Which physical records other nodes cache, and what a write to them means to those nodes.
 * Every node keeps in memory the mount table (with a running backend per mount: the KMIP
 * listeners), parsed policies, and each KMIP mount's listener and identity state; tokens are
 * read from storage on every use, and managed objects are never cached, so neither needs telling.
 *
 *   core/mounts                      the mount table             → "mounts"
 *   core/audit                       the audit device table      → "mounts" (re-read with it)
 *   sys/policy/<name>                an ACL policy               → "policies"
 *   logical/<uuid>/meta/generation   a KMIP engine commit        → "kmip/<uuid>"
 *
 * The engine rewrites `meta/generation` with every management commit (config, CA, listener,
 * scope, role, credential; see src/engine/kmip/state.ts) and polls it itself, so a lost
 * notification costs it at most its own 500 ms poll. The mount and audit tables and policies
 * have no such marker of their own: a write to them also rewrites `GENERATION_KEY`, in the same
 * transaction, which is what the periodic check compares.
 */
import { randomUUID } from "node:crypto";
import { AUDIT_TABLE_KEY } from "../audit/auditor.js";
import { MOUNT_TABLE_KEY } from "../core/mounts.js";
import type { KvOp } from "../storage/types.js";

/** A change other nodes must apply: "mounts", "policies" or "kmip/<mount uuid>". */
export type SharedChange = "mounts" | "policies" | `kmip/${string}`;

/** Physical, outside the barrier: a random marker, no secret. */
export const GENERATION_KEY = "core/cluster-sync/generation";

/** Where core.ts keeps its policy store (`barrier.view("sys/policy/")`). */
const POLICY_PREFIX = "sys/policy/";
const ENGINE_GENERATION = /^logical\/([^/]+)\/meta\/generation$/;

export function changeOf(key: string): SharedChange | undefined {
  // An audit device enabled on one node must record on every node (fail closed everywhere).
  if (key === MOUNT_TABLE_KEY || key === AUDIT_TABLE_KEY) return "mounts";
  if (key.startsWith(POLICY_PREFIX)) return "policies";
  const engine = ENGINE_GENERATION.exec(key);
  return engine === null ? undefined : `kmip/${engine[1]}`;
}

/** The distinct changes a set of writes makes, in a stable order. */
export function changesOf(keys: Iterable<string>): SharedChange[] {
  const out = new Set<SharedChange>();
  for (const key of keys) {
    const change = changeOf(key);
    if (change !== undefined) out.add(change);
  }
  return [...out].sort();
}

/** True when the changes have no marker of their own (see the header). */
export function needsGeneration(changes: readonly SharedChange[]): boolean {
  return changes.some((c) => c === "mounts" || c === "policies");
}

export function generationOp(): KvOp {
  return { op: "put", key: GENERATION_KEY, value: new TextEncoder().encode(randomUUID()) };
}
