/**
 * The parts of a cryptographic operation (KMIP 1.4 §2.1.15–2.1.17; 2.1 §7.5–7.6): a request is
 * - single-part: no Correlation Value and no Init Indicator (or Init and Final both True, a
 *   stream of one part, which is the same thing);
 * - the first part: Init Indicator True — the server answers with a Correlation Value;
 * - a later part: the Correlation Value, and Final Indicator True on the last one.
 * A Correlation Value together with Init Indicator True is Invalid Field. Responses follow the
 * OASIS test cases (TC-STREAM-ENCDEC-1, TC-STREAM-HASH-3): every part but the last returns the
 * Correlation Value, with Data only when the part produced some; the last returns the result
 * (its Data, too, only when there is some: TC-STREAM-ENC-1/2 expect none after a whole block).
 * "Data | Yes for single-part. No for multi-part": a single part without Data is Invalid Message.
 *
 * Each later part is checked again (the key may have been revoked or its mask changed since the
 * first part) and ends the stream when it fails.
 */

import { type ItemReference, isReference } from "../kmip/schema/index.js";
import type { CryptoPurpose } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { checkUsable } from "./crypto-key.js";
import { invalidRequestField, missingRequestField, referenceNotSupported } from "./crypto-reasons.js";
import { CRYPTO_STREAMS, type StreamEntry } from "./crypto-streams.js";
import { loadObject, resolveUid, type UidField } from "./objects.js";
import type { OperationContext } from "./types.js";

export type Phase = "single" | "init" | "continue" | "final";

export interface PartFields {
  readonly correlationValue?: Uint8Array | undefined;
  readonly initIndicator?: boolean | undefined;
  readonly finalIndicator?: boolean | undefined;
}

export function phaseOf(r: PartFields): Phase {
  if (r.correlationValue !== undefined) {
    if (r.initIndicator === true) throw invalidRequestField("Init Indicator True with a Correlation Value");
    return r.finalIndicator === true ? "final" : "continue";
  }
  return r.initIndicator === true && r.finalIndicator !== true ? "init" : "single";
}

/** The bytes of a Data field (a 2.x reference is not supported), or undefined. */
export function dataOf(field: Uint8Array | ItemReference | undefined): Uint8Array | undefined {
  if (field === undefined) return undefined;
  if (isReference(field)) throw referenceNotSupported("Data");
  return field;
}

/** Data of a single-part request, which requires it. */
export function requiredData(field: Uint8Array | ItemReference | undefined, what = "Data"): Uint8Array {
  const data = dataOf(field);
  if (data === undefined) throw missingRequestField(`${what} is required for a single-part operation`);
  return data;
}

const EMPTY = new Uint8Array(0);

/** Data of a part, empty when the part carries none. */
export function partData(field: Uint8Array | ItemReference | undefined): Uint8Array {
  return dataOf(field) ?? EMPTY;
}

/** `a` then `b`, as one array. */
export function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Output of a part that is not the last: only when there is some. */
export function someBytes(data: Uint8Array): Uint8Array | undefined {
  return data.length === 0 ? undefined : data;
}

/** A later part's stream, and its key's object as read and checked for this part. */
export interface Continued<S> {
  readonly entry: StreamEntry<S>;
  readonly obj: StoredObject | undefined;
}

/**
 * The stream of a later part of `operation`, its key checked again for `purpose`. A Unique
 * Identifier in the request must name the stream's key.
 */
export async function continuing<S>(
  ctx: OperationContext,
  request: PartFields & { readonly uniqueIdentifier?: UidField },
  operation: string,
  keyCheck?: { readonly purpose: CryptoPurpose; readonly types: readonly number[] },
): Promise<Continued<S>> {
  const correlation = request.correlationValue!;
  const entry = CRYPTO_STREAMS.take<S>(ctx, operation, correlation);
  const obj = await ending(ctx, correlation, false, async () => {
    if (entry.uid === undefined || keyCheck === undefined) return undefined;
    if (request.uniqueIdentifier !== undefined && resolveUid(request.uniqueIdentifier, ctx) !== entry.uid)
      throw invalidRequestField("the Unique Identifier is not the key of this multi-part operation");
    const current = await loadObject(ctx, entry.uid);
    checkUsable(current, keyCheck.purpose, keyCheck.types, ctx);
    return current;
  });
  return { entry, obj };
}

/**
 * Runs one part of the stream `correlation`: a failure ends the stream; so does success of the
 * Final part.
 */
export async function ending<T>(
  ctx: OperationContext,
  correlation: Uint8Array,
  final: boolean,
  fn: () => T | Promise<T>,
): Promise<T> {
  try {
    const out = await fn();
    if (final) CRYPTO_STREAMS.close(ctx, correlation);
    return out;
  } catch (e) {
    CRYPTO_STREAMS.close(ctx, correlation);
    throw e;
  }
}
