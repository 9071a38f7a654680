/**
 * Requests of an exact shape, to sit a client-controlled quantity exactly at a limit or one past
 * it: a KMIP 1.4 (or 2.x) Discover Versions whose Batch Item carries a non-critical Message
 * Extension (KMIP 1.4 §6.16: the server ignores one it does not know), so the request succeeds
 * whatever the extension holds; the extension's Vendor Extension carries the padding, the nesting,
 * the extra items or the long strings.
 */
import { Operation, ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { bool, bytes, field, type ReadResponse, requestTree, s, text } from "../server/ttlv-builders.js";

/** A tag in the extension range (KMIP 1.4 §9.1.3.1: 0x54xxxx). */
export const VENDOR_TAG = 0x540001;

export type Version = [number, number];

/** Discover Versions × `batchItems`, the first carrying `content` in a Message Extension. */
export function carrier(content: TtlvItem[], version: Version = [1, 4], batchItems = 1): TtlvItem {
  const extension = s(Tag.MessageExtension, [
    text(Tag.VendorIdentification, "reliability"),
    bool(Tag.CriticalityIndicator, false),
    s(Tag.VendorExtension, content),
  ]);
  const items = Array.from({ length: batchItems }, (_, i) => ({
    operation: Operation.DiscoverVersions,
    id: i + 1,
    extra: i === 0 ? [extension] : [],
  }));
  return requestTree(version, items);
}

/** Structure nesting as the decoder counts it: the top-level Structure is at depth 1. */
export function depthOf(item: TtlvItem): number {
  if (item.type !== ItemType.Structure) return 0;
  return 1 + Math.max(0, ...item.value.map(depthOf));
}

/** Items in the tree, the top-level one included. */
export function countItems(item: TtlvItem): number {
  return item.type === ItemType.Structure ? 1 + item.value.reduce((n, c) => n + countItems(c), 0) : 1;
}

/** A carrier whose deepest Structure sits at exactly `depth`. */
export function deep(depth: number, version?: Version): TtlvItem {
  const base = depthOf(carrier([], version));
  let inner: TtlvItem[] = [];
  for (let level = base; level < depth; level++) inner = [s(VENDOR_TAG, inner)];
  const tree = carrier(inner, version);
  if (depthOf(tree) !== depth) throw new Error(`cannot build depth ${depth}`);
  return tree;
}

/** A carrier of exactly `total` items (padding with empty Text Strings). */
export function itemsExactly(total: number, version?: Version): TtlvItem {
  const base = countItems(carrier([], version));
  const tree = carrier(
    Array.from({ length: total - base }, () => text(VENDOR_TAG, "")),
    version,
  );
  if (countItems(tree) !== total) throw new Error(`cannot build ${total} items`);
  return tree;
}

/** A carrier of exactly `total` bytes (a multiple of 8), padded with Byte Strings ≤ `chunkMax`. */
export function sizedExactly(total: number, chunkMax: number, version?: Version): Uint8Array {
  let room = total - encodeTtlv(carrier([], version)).length;
  const pads: TtlvItem[] = [];
  while (room > 0) {
    const n = Math.min(chunkMax - (chunkMax % 8), room - 8);
    pads.push(bytes(VENDOR_TAG, new Uint8Array(n)));
    room -= 8 + n;
  }
  const out = encodeTtlv(carrier(pads, version));
  if (out.length !== total) throw new Error(`cannot build a message of ${total} bytes`);
  return out;
}

/** A carrier holding one Text String of `n` ASCII bytes. */
export function textOf(n: number, version?: Version): Uint8Array {
  return encodeTtlv(carrier([text(VENDOR_TAG, "t".repeat(n))], version));
}

/** A carrier holding one Byte String of `n` bytes. */
export function bytesOf(n: number, version?: Version): Uint8Array {
  return encodeTtlv(carrier([bytes(VENDOR_TAG, new Uint8Array(n).fill(7))], version));
}

/** Result Status and Reason of every item of a response. */
export function outcomes(response: ReadResponse): { status: unknown; reason: unknown }[] {
  return response.items.map((item) => ({
    status: field(item, Tag.ResultStatus),
    reason: field(item, Tag.ResultReason),
  }));
}

export const SUCCESS = { status: ResultStatus.Success, reason: undefined };

export function failed(reason: number): { status: number; reason: number } {
  return { status: ResultStatus.OperationFailed, reason };
}

export { ResultReason };
