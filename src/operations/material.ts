/**
 * A managed object's value (its Key Block, certificate bytes, opaque data …) to sealed bytes and
 * back. The store keeps only what `ctx.sealer` produced, bound to "<mount uuid>/<unique id>" so
 * sealed material copied to another object or mount does not open.
 *
 * Sealed plaintext layout: one format byte (1), one byte with the KMIP version code the object
 * was encoded in, then the managed object as one binary TTLV item under its own tag (Symmetric
 * Key, Secret Data …; KMIP 1.4 §2.2, KMIP 2.1 §2). The canonical version is 2.1; an object 2.1
 * cannot carry (a 1.x Template, a Key Value holding a 1.x-only attribute) falls back to the
 * newest version that can, and the version byte records which one decodes it.
 *
 * Material is never logged: errors here name the object, never its bytes.
 */

import type { KmipError } from "../kmip/errors.js";
import { MANAGED_OBJECTS } from "../kmip/objects/managed.js";
import type { GetResponse } from "../kmip/payloads/get.js";
import {
  type Codec,
  KmipEncodeError,
  newDecodeContext,
  newEncodeContext,
  resolveTag,
} from "../kmip/schema/index.js";
import type { KmipVersion } from "../kmip/version.js";
import { zeroize } from "../seal/barrier.js";
import { decodeTtlv } from "../ttlv/decode.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { openedMaterialOf } from "./opened-material.js";
import { generalFailure } from "./reasons.js";
import type { OperationContext } from "./types.js";

/** The object field of Register, Get …: `{ type: "symmetricKey", value: { keyBlock } }`. */
export type ManagedObjectValue = GetResponse["object"];
export type ManagedObjectKind = ManagedObjectValue["type"];

const FORMAT = 1;
/** 2.1 first; then the newest version that can carry what 2.1 cannot. */
const ENCODE_ORDER: readonly KmipVersion[] = [21, 20, 14, 13, 12, 11, 10];

interface Alternative {
  readonly kind: ManagedObjectKind;
  readonly tag: number;
  readonly codec: Codec<unknown>;
}

const ALTERNATIVES: readonly Alternative[] = Object.entries(MANAGED_OBJECTS).map(([kind, [name, codec]]) => {
  const tag = resolveTag(name);
  return { kind: kind as ManagedObjectKind, tag: tag.tag, codec: (codec as Codec<unknown>).bind(tag) };
});

function byKind(kind: string): Alternative {
  const alt = ALTERNATIVES.find((a) => a.kind === kind);
  if (alt === undefined) throw generalFailure(`unknown managed object kind ${kind}`);
  return alt;
}

/** The associated data that binds sealed material to one object of one mount. */
export function materialAad(ctx: OperationContext, uid: string): string {
  return `${ctx.scope.mountUuid}/${uid}`;
}

/** The object's TTLV bytes with the format and version header (plaintext: the caller zeroizes). */
export function encodeMaterial(object: ManagedObjectValue): Uint8Array {
  const alt = byKind(object.type);
  let lastError: unknown;
  for (const version of ENCODE_ORDER) {
    try {
      const item = alt.codec.encode(alt.tag, object.value, newEncodeContext(version));
      const body = encodeTtlv(item);
      const out = new Uint8Array(2 + body.length);
      out[0] = FORMAT;
      out[1] = version;
      out.set(body, 2);
      zeroize(body);
      return out;
    } catch (e) {
      if (!(e instanceof KmipEncodeError)) throw e;
      lastError = e;
    }
  }
  throw generalFailure("the object cannot be stored", lastError);
}

/** The inverse of `encodeMaterial`. */
export function decodeMaterial(bytes: Uint8Array): ManagedObjectValue {
  const version = bytes[1] as KmipVersion | undefined;
  if (bytes[0] !== FORMAT || version === undefined || !ENCODE_ORDER.includes(version)) {
    throw generalFailure("stored material has an unknown format");
  }
  const item = decodeTtlv(bytes.subarray(2));
  const alt = ALTERNATIVES.find((a) => a.tag === item.tag);
  if (alt === undefined) throw generalFailure("stored material is not a managed object");
  return { type: alt.kind, value: alt.codec.decode(item, newDecodeContext(version)) } as ManagedObjectValue;
}

/** Seal a managed object for storage under `uid`. */
export function sealMaterial(ctx: OperationContext, uid: string, object: ManagedObjectValue): Uint8Array {
  const plain = encodeMaterial(object);
  try {
    return ctx.sealer.seal(plain, materialAad(ctx, uid));
  } finally {
    zeroize(plain);
  }
}

/**
 * Open the sealed material of `uid`; a failure is General Failure (the cause, not the bytes, is
 * logged). What was opened is kept for a moment, bounded (`opened-material.ts`).
 */
export function openMaterial(ctx: OperationContext, uid: string, sealed: Uint8Array): ManagedObjectValue {
  let plain: Uint8Array | undefined;
  try {
    const aad = materialAad(ctx, uid);
    plain = openedMaterialOf(ctx.sealer).open(aad, sealed, () => ctx.sealer.open(sealed, aad));
    return decodeMaterial(plain);
  } catch (e) {
    throw unreadable(ctx, uid, e);
  } finally {
    zeroize(plain);
  }
}

/**
 * A value made from the opened object, kept with its opened material (`OpenedMaterial.derive`):
 * `make` must return something immutable (a KeyObject) and zero-fill the decoded key material it
 * no longer needs. Its own errors reach the caller as they are; failing to open or decode is
 * General Failure, as in `openMaterial`.
 */
export function deriveFromMaterial<T>(
  ctx: OperationContext,
  uid: string,
  sealed: Uint8Array,
  name: string,
  make: (value: ManagedObjectValue) => T,
): T {
  const aad = materialAad(ctx, uid);
  const opened = openedMaterialOf(ctx.sealer);
  const open = () => {
    try {
      return ctx.sealer.open(sealed, aad);
    } catch (e) {
      throw unreadable(ctx, uid, e);
    }
  };
  return opened.derive(aad, sealed, open, name, (plain) => {
    let value: ManagedObjectValue;
    try {
      value = decodeMaterial(plain);
    } catch (e) {
      throw unreadable(ctx, uid, e);
    }
    return make(value);
  });
}

/** General Failure for material that does not open or decode; the cause goes to the log only. */
function unreadable(ctx: OperationContext, uid: string, e: unknown): KmipError {
  ctx.logger.error({ uid, err: errorName(e) }, "stored material of a managed object does not open");
  return generalFailure("the object's material cannot be read", e);
}

function errorName(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
