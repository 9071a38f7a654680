/**
 * The stored form of an imported object (KMIP 2.1 §6.1.25): its attributes and its material.
 *
 * "The attribute rules for each attribute for 'Initially set by' and 'When implicitly set' SHALL
 * NOT be enforced as all attributes MUST be set to the supplied values rather than any server
 * generated values." So: the attributes a new object would get (`newObjectAttributes`) fill only
 * what the client left out; each attribute the client supplied replaces the server's instances of
 * that name. Unique Identifier and Object Type are the object's own (a supplied one that differs
 * is Invalid Attribute Value). State, when supplied, is the object's state; else the one its dates
 * give (1.4 §3.22). An object imported Destroyed keeps no material (§6.1.15: destroyed objects hold
 * none). Single-instance attributes given twice are refused (Attribute Single Valued).
 */
import { createHash } from "node:crypto";
import type { Attribute } from "../kmip/attributes.js";
import { State } from "../kmip/generated/enums.js";
import {
  checkMultiInstance,
  firstValue,
  initialState,
  invalidValue,
  newObjectAttributes,
} from "../policy/index.js";
import { TEMPLATES } from "../policy/object-types.js";
import type { StoredObject } from "../storage/objects.js";
import { type KeyBlockValue, keyBlockOf } from "./crypto-key.js";
import { otherFormatDigests } from "./digest-formats.js";
import { digestOf } from "./insert.js";
import { type ManagedObjectValue, sealMaterial } from "./material.js";
import type { OperationContext } from "./types.js";

/** Attributes that follow from the identifier, not from the client. */
const IDENTITY = new Set(["Unique Identifier", "Object Type"]);

export interface ImportedObject {
  readonly objectType: number;
  readonly object: ManagedObjectValue;
  readonly supplied: readonly Attribute[];
  /** False when the server assigned another identifier than the one asked for. */
  readonly keepsRequestedUid: boolean;
}

export function checkSupplied(imported: ImportedObject, requestedUid: string, ctx: OperationContext): void {
  const counts = new Map<string, number>();
  for (const a of imported.supplied) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  for (const [name, count] of counts)
    checkMultiInstance(name, count, imported.objectType, ctx.version, "Import");
  const uid = firstValue(imported.supplied, "Unique Identifier");
  if (uid !== undefined && uid !== requestedUid)
    throw invalidValue(ctx.version, "the Unique Identifier attribute differs from the request's");
  const type = firstValue(imported.supplied, "Object Type");
  if (type !== undefined && type !== imported.objectType)
    throw invalidValue(ctx.version, "the Object Type attribute differs from the request's");
}

function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(text).digest());
}

/** The supplied attributes that carry over to `uid` (a new identifier drops its Short Unique Identifier). */
function carried(imported: ImportedObject): Attribute[] {
  return imported.supplied.filter(
    (a) => !IDENTITY.has(a.name) && (imported.keepsRequestedUid || a.name !== "Short Unique Identifier"),
  );
}

function merged(server: readonly Attribute[], supplied: readonly Attribute[]): Attribute[] {
  const names = new Set(supplied.map((a) => a.name));
  return [...server.filter((a) => !names.has(a.name) || IDENTITY.has(a.name)), ...supplied];
}

function attributesFor(imported: ImportedObject, uid: string, ctx: OperationContext) {
  const block: KeyBlockValue | undefined = keyBlockOf(imported.object);
  const base = newObjectAttributes({
    uid,
    objectType: imported.objectType,
    op: "Import",
    template: [],
    now: ctx.now(),
    version: ctx.version,
    cryptographicAlgorithm: block?.cryptographicAlgorithm,
    cryptographicLength: block?.cryptographicLength,
    keyFormatType: block?.keyFormatType,
    digest: digestOf(imported.object),
    shortUniqueIdentifier: sha256(uid),
    keyValueAbsent: block !== undefined && block.keyValue === undefined,
  });
  const supplied = carried(imported);
  const server = [
    ...base.attributes,
    ...otherFormatDigests(imported.objectType, imported.object, ctx.version),
  ];
  const list = merged(server, supplied);
  const template = TEMPLATES.includes(imported.objectType);
  const given = firstValue(supplied, "State");
  const state =
    typeof given === "number"
      ? given
      : template
        ? base.state
        : initialState(imported.objectType, list, ctx.now());
  const withState = template
    ? list
    : [...list.filter((a) => a.name !== "State"), { name: "State", value: state }];
  return { state, attributes: withState };
}

const DESTROYED: ReadonlySet<number> = new Set([State.Destroyed, State.DestroyedCompromised]);

/** The object row to store under `uid` in the caller's scope (revision 1: a new row). */
export function importedRow(imported: ImportedObject, uid: string, ctx: OperationContext): StoredObject {
  const { state, attributes } = attributesFor(imported, uid, ctx);
  const now = ctx.now();
  const row: StoredObject = {
    uid,
    scope: ctx.scope,
    objectType: imported.objectType,
    state,
    attributes,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  if (!DESTROYED.has(state)) row.material = sealMaterial(ctx, uid, imported.object);
  return row;
}
