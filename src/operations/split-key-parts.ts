/**
 * The Split Key objects a Join Split Key names (KMIP 1.4 §4.39, 2.1 §6.1.27): each loaded from
 * the caller's scope, checked to be a Split Key whose material Get could return (policy
 * `checkGet`: not destroyed, not Sensitive, Extractable), and opened. The parts must come from
 * one split: the same Split Key Method, Parts, Threshold and Prime Field Size (1.4 §2.2.5).
 */
import type { SharePart, SplitParameters } from "../crypto/split-key.js";
import { KmipError } from "../kmip/errors.js";
import { ObjectType, ResultReason } from "../kmip/generated/enums.js";
import { checkGet, invalidObjectType } from "../policy/index.js";
import { keyValueNotPresent } from "./crypto-reasons.js";
import { type ManagedObjectValue, openMaterial } from "./material.js";
import { loadObject, resolveUid, type UidField } from "./objects.js";
import type { OperationContext } from "./types.js";

type SplitKeyValue = Extract<ManagedObjectValue, { type: "splitKey" }>["value"];

export interface LoadedParts {
  readonly parameters: SplitParameters;
  readonly shares: SharePart[];
  /** The Key Block of the first part: its format, algorithm and length describe the joined key. */
  readonly first: SplitKeyValue["keyBlock"];
}

async function loadPart(ctx: OperationContext, field: UidField): Promise<SplitKeyValue> {
  const obj = await loadObject(ctx, resolveUid(field, ctx));
  if (obj.objectType !== ObjectType.SplitKey)
    throw invalidObjectType(ctx.version, "Join Split Key combines Split Key objects only");
  checkGet(obj, ctx.version, false);
  if (obj.material === undefined) throw keyValueNotPresent();
  const value = openMaterial(ctx, obj.uid, obj.material);
  if (value.type !== "splitKey") throw invalidObjectType(ctx.version, "the object holds no split key");
  return value.value;
}

function materialOf(part: SplitKeyValue): Uint8Array {
  const keyValue = part.keyBlock.keyValue;
  const material =
    keyValue === undefined || keyValue instanceof Uint8Array ? undefined : keyValue.keyMaterial;
  if (part.keyBlock.keyWrappingData !== undefined || !(material instanceof Uint8Array))
    throw keyValueNotPresent("a part's key material is wrapped or not a Byte String");
  return material;
}

function sameSplit(a: SplitKeyValue, b: SplitKeyValue): boolean {
  return (
    a.splitKeyMethod === b.splitKeyMethod &&
    a.splitKeyParts === b.splitKeyParts &&
    a.splitKeyThreshold === b.splitKeyThreshold &&
    a.primeFieldSize === b.primeFieldSize
  );
}

export async function loadParts(ctx: OperationContext, fields: readonly UidField[]): Promise<LoadedParts> {
  const parts: SplitKeyValue[] = [];
  for (const field of fields) parts.push(await loadPart(ctx, field));
  const first = parts[0];
  if (first === undefined) throw keyValueNotPresent("no Split Key named");
  if (!parts.every((p) => sameSplit(first, p)))
    throw new KmipError(ResultReason.CryptographicFailure, "the parts come from different splits");
  return {
    parameters: {
      method: first.splitKeyMethod,
      parts: first.splitKeyParts,
      threshold: first.splitKeyThreshold,
      primeFieldSize: first.primeFieldSize,
    },
    shares: parts.map((p) => ({ keyPartIdentifier: p.keyPartIdentifier, material: materialOf(p) })),
    first: first.keyBlock,
  };
}
