/**
 * The Constraints of a scope — KMIP 2.1 §7.6–7.7: "details of a constraint that is applied to
 * operations that create Managed Objects" (Set Constraints §6.1.52, Get Constraints §6.1.22).
 * They are kept per scope in the storage's scope settings, TTLV-encoded as the Constraints
 * structure, and read by every operation that stores a new object (`insertNewObject`, Import).
 *
 * The spec gives the structure (Object Types, Object Groups, Attributes) but not how several
 * Constraints combine. kmipd reads them as a list of permitted shapes:
 * - a Constraint applies to a new object when the object's type is among its Object Types and
 *   one of the object's Object Groups is among its Object Groups (an absent list applies to all);
 * - an object that some Constraint applies to must match every attribute of at least one of the
 *   Constraints that apply to it, matched as Locate matches (`planLocate`: equal values, Name by
 *   Name Value, Cryptographic Usage Mask by the bits given);
 * - an object no Constraint applies to is not constrained.
 * This is the only reading under which OASIS TC-MD-24-21's pair (AES-256 for Object Group
 * "Group1", AES-192 for any Symmetric Key) is satisfiable for a "Group1" key. A violation is
 * Constraint Violation (2.1 Table 404); clients of earlier versions, which lack that reason, get
 * Permission Denied.
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { Constraints } from "../kmip/objects/access.js";
import { decodeStruct, encodeStruct, type Infer } from "../kmip/schema/index.js";
import { objectTypeInVersion } from "../policy/object-types.js";
import { matchesPlan } from "../storage/locate-memory.js";
import { ObjectStoreError, planLocate, type StoredObject } from "../storage/objects.js";
import { decodeTtlv } from "../ttlv/decode.js";
import { encodeTtlv } from "../ttlv/encode.js";
import type { OperationContext } from "./types.js";

export type ConstraintsValue = Infer<typeof Constraints>;
type ConstraintValue = NonNullable<ConstraintsValue["constraint"]>[number];

/** A client sets these; every new object is checked against all of them. */
export const CONSTRAINT_LIMITS = { constraintsMax: 64 } as const;

/** The scope setting that holds them (`storage/scope-settings.ts`). */
const SETTING = "constraints";

/** Constraints are a KMIP 2.1 structure; they are stored in its encoding. */
const STORED_VERSION = 21;

/** Every storage status: constraints are about the object, not where it is kept. */
const ALL_STORAGE = 7;

function settings(ctx: OperationContext) {
  if (ctx.scopeSettings === undefined)
    throw new KmipError(ResultReason.FeatureNotSupported, "this server keeps no scope settings");
  return ctx.scopeSettings;
}

/** The scope's Constraints; none (an empty list) when never set or cleared. */
export async function loadConstraints(ctx: OperationContext): Promise<ConstraintsValue> {
  const stored = await ctx.scopeSettings?.get(ctx.scope, SETTING);
  if (stored === undefined) return { constraint: [] };
  return decodeStruct(Constraints, decodeTtlv(stored), STORED_VERSION);
}

/** Replaces the scope's Constraints; an empty list clears them. */
export async function saveConstraints(ctx: OperationContext, value: ConstraintsValue): Promise<void> {
  const store = settings(ctx);
  if ((value.constraint ?? []).length === 0) return store.delete(ctx.scope, SETTING);
  const bytes = encodeTtlv(encodeStruct(Constraints, value, STORED_VERSION));
  await store.put(ctx.scope, SETTING, bytes);
}

/** Forgets the scope's Constraints, if it has any (Interop Reset). */
export async function clearConstraints(ctx: OperationContext): Promise<void> {
  await ctx.scopeSettings?.delete(ctx.scope, SETTING);
}

/** Refuses Constraints that could never be checked (2.1 §6.1.52.1: Invalid Field, Invalid Object Type). */
export function checkConstraints(value: ConstraintsValue): void {
  const list = value.constraint ?? [];
  if (list.length > CONSTRAINT_LIMITS.constraintsMax)
    throw new KmipError(
      ResultReason.ServerLimitExceeded,
      `at most ${CONSTRAINT_LIMITS.constraintsMax} Constraints may be set`,
    );
  for (const c of list) {
    for (const t of c.objectTypes?.objectType ?? [])
      if (!objectTypeInVersion(t, STORED_VERSION))
        throw new KmipError(ResultReason.InvalidObjectType, `a Constraint names unknown Object Type ${t}`);
    plan(c.attributes ?? []);
  }
}

function plan(attributes: readonly Attribute[]) {
  try {
    return planLocate({ attributes, storageStatusMask: ALL_STORAGE });
  } catch (e) {
    if (!(e instanceof ObjectStoreError)) throw e;
    throw new KmipError(
      ResultReason.InvalidField,
      `a Constraint's Attributes cannot be matched: ${e.message}`,
      {
        cause: e,
      },
    );
  }
}

function groupsOf(obj: StoredObject): string[] {
  return obj.attributes.filter((a) => a.name === "Object Group").map((a) => a.value as string);
}

function appliesTo(c: ConstraintValue, obj: StoredObject): boolean {
  const types = c.objectTypes?.objectType ?? [];
  if (types.length > 0 && !types.includes(obj.objectType)) return false;
  const groups = c.objectGroups?.objectGroup ?? [];
  if (groups.length === 0) return true;
  const own = groupsOf(obj);
  return groups.some((g: string) => own.includes(g));
}

/** The reason a new object that no applicable Constraint permits is refused with. */
function violation(ctx: OperationContext): KmipError {
  const reason = ctx.version >= 21 ? ResultReason.ConstraintViolation : ResultReason.PermissionDenied;
  return new KmipError(reason, "the object does not meet the scope's Constraints");
}

/** Throws unless the new object (as it would be stored) meets the scope's Constraints. */
export async function enforceConstraints(ctx: OperationContext, obj: StoredObject): Promise<void> {
  const { constraint = [] } = await loadConstraints(ctx);
  const applicable = constraint.filter((c) => appliesTo(c, obj));
  if (applicable.length === 0) return;
  if (applicable.some((c) => matchesPlan(obj, plan(c.attributes ?? [])))) return;
  throw violation(ctx);
}
