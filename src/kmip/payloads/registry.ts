/**
 * Every operation's request and response payload, by Operation enumeration value (KMIP 1.4
 * §9.1.3.2.27, KMIP 2.1 §11.36). The batch layer decodes a Batch Item's payload in a second step,
 * chosen by its Operation, so one bad item fails alone.
 */
import { ItemType, type StructureItem, type TtlvItem } from "../../ttlv/types.js";
import { KmipError } from "../errors.js";
import { ResultReason } from "../generated/enums.js";
import {
  type Codec,
  type DecodeOptions,
  decodeStruct,
  encodeStruct,
  type Fields,
  hexTag,
  KmipDecodeError,
  KmipEncodeError,
  newDecodeContext,
  newEncodeContext,
  resolveTag,
  StructCodec,
} from "../schema/index.js";
import { enumByName, enumValueByName } from "../tables.js";
import { isInVersion, type KmipVersion, versionString } from "../version.js";
import { ATTRIBUTE_PAYLOADS } from "./attribute-ops.js";
import type { PayloadDef } from "./common.js";
import { CREATE_PAYLOADS } from "./create.js";
import { CRYPTO_PAYLOADS } from "./crypto.js";
import { GET_PAYLOADS } from "./get.js";
import { LIFECYCLE_PAYLOADS } from "./lifecycle.js";
import { SERVER_PAYLOADS } from "./server.js";
import { SESSION_PAYLOADS } from "./session.js";
import { SPLIT_KEY_PAYLOADS } from "./split-key.js";

export type { PayloadDef } from "./common.js";

export interface PayloadEntry extends PayloadDef {
  /** The Operation enumeration value. */
  readonly code: number;
}

export const PAYLOAD_DEFS: readonly PayloadDef[] = [
  ...CREATE_PAYLOADS,
  ...GET_PAYLOADS,
  ...ATTRIBUTE_PAYLOADS,
  ...LIFECYCLE_PAYLOADS,
  ...CRYPTO_PAYLOADS,
  ...SPLIT_KEY_PAYLOADS,
  ...SERVER_PAYLOADS,
  ...SESSION_PAYLOADS,
];

function operationCode(name: string): number {
  const info = enumByName("Operation");
  const value = info === undefined ? undefined : enumValueByName(info, name);
  if (value === undefined) throw new Error(`KMIP payload registry: unknown operation "${name}"`);
  return value.value;
}

/** Operation code → its payloads and the versions that have the operation. */
export const PAYLOADS: ReadonlyMap<number, PayloadEntry> = new Map(
  PAYLOAD_DEFS.map((d) => {
    const code = operationCode(d.operation);
    return [code, Object.assign({}, d, { code })];
  }),
);

/** The payloads of an operation the version has; KmipError(Operation Not Supported) otherwise. */
export function payloadEntry(operation: number, version: KmipVersion): PayloadEntry {
  const entry = PAYLOADS.get(operation);
  if (entry === undefined || !isInVersion(entry, version)) {
    const what = entry?.operation ?? `0x${operation.toString(16).padStart(8, "0")}`;
    throw new KmipError(
      ResultReason.OperationNotSupported,
      `operation ${what} is not in KMIP ${versionString(version)}`,
    );
  }
  return entry;
}

type Direction = "request" | "response";

const PAYLOAD_TAG: Record<Direction, number> = {
  request: resolveTag("Request Payload").tag,
  response: resolveTag("Response Payload").tag,
};

function decodePayload(
  direction: Direction,
  operation: number,
  item: TtlvItem,
  version: KmipVersion,
  options?: DecodeOptions,
): unknown {
  const codec = payloadEntry(operation, version)[direction];
  if (codec instanceof StructCodec) return decodeStruct(codec as StructCodec<Fields>, item, version, options);
  // Only Poll's response: any payload, checked by the polled operation's schema later.
  if (item.tag !== PAYLOAD_TAG[direction] || item.type !== ItemType.Structure) {
    throw new KmipDecodeError(
      "tag",
      `expected a ${direction} payload structure, got tag ${hexTag(item.tag)}`,
    );
  }
  return (codec as Codec<unknown>).decode(item, newDecodeContext(version, options));
}

function encodePayload(
  direction: Direction,
  operation: number,
  value: unknown,
  version: KmipVersion,
): StructureItem {
  const entry = payloadEntry(operation, version);
  const codec = entry[direction];
  if (codec instanceof StructCodec)
    return encodeStruct(codec as StructCodec<Fields>, value as never, version);
  try {
    return (codec as Codec<unknown>).encode(
      PAYLOAD_TAG[direction],
      value,
      newEncodeContext(version),
    ) as StructureItem;
  } catch (e) {
    throw e instanceof KmipEncodeError ? e.within(entry.operation) : e;
  }
}

/** Decode a Request Payload for `operation`; KmipError (Operation Not Supported, Invalid Message …). */
export function decodeRequestPayload(
  operation: number,
  item: TtlvItem,
  version: KmipVersion,
  options?: DecodeOptions,
): unknown {
  return decodePayload("request", operation, item, version, options);
}

export function decodeResponsePayload(
  operation: number,
  item: TtlvItem,
  version: KmipVersion,
  options?: DecodeOptions,
): unknown {
  return decodePayload("response", operation, item, version, options);
}

export function encodeRequestPayload(operation: number, value: unknown, version: KmipVersion): StructureItem {
  return encodePayload("request", operation, value, version);
}

/**
 * The last encoding of each response value, so a handler that encodes its answer to test it
 * (Get: can this version carry it?) does not pay for the same encoding again when the batch
 * item is answered. Weak: it lives as long as the response value; the items are never mutated.
 */
/**
 * A response value's encoding, kept on the value itself (a handler that checks its response
 * encodes, e.g. Get, and the batch layer then asks again). On the value, not in a WeakMap: a
 * WeakMap entry kept each answer's payload alive through young-generation collections, so every
 * answer in flight was promoted to the old generation (issue #8, `npm run bench:path`).
 */
const ENCODED = Symbol("encoded response payload");

interface EncodedMemo {
  readonly operation: number;
  readonly version: KmipVersion;
  readonly item: StructureItem;
}

/** Encode a Response Payload; KmipEncodeError when the value does not fit the version (a bug). */
export function encodeResponsePayload(
  operation: number,
  value: unknown,
  version: KmipVersion,
): StructureItem {
  const holder =
    typeof value === "object" && value !== null ? (value as { [ENCODED]?: EncodedMemo }) : undefined;
  const memo = holder?.[ENCODED];
  if (memo !== undefined && memo.operation === operation && memo.version === version) return memo.item;
  const item = encodePayload("response", operation, value, version);
  if (holder !== undefined && Object.isExtensible(holder)) {
    Object.defineProperty(holder, ENCODED, {
      value: { operation, version, item },
      configurable: true,
      writable: true,
    });
  }
  return item;
}
