/**
 * Time passing within a file. Some test cases set a date a little in the future ($NOW+120 as a
 * Deactivation Date, KMIP 1.1 test case 9.2) and later expect the state it brings (Deactivated);
 * the OVH renderings pace those steps with "# TIME n" notes, which a replay without pauses does
 * not reproduce. Rule: when a read-only request (Get, Get Attributes, Get Attribute List, Locate)
 * gets a different answer while a date that the file's requests set is still ahead, the runner
 * waits until that date has passed — if it is within its bound — and asks again, once.
 */
import { Operation } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { children, operationOf } from "./message-parts.js";

const READ_ONLY = new Set<number>([
  Operation.Get,
  Operation.GetAttributes,
  Operation.GetAttributeList,
  Operation.Locate,
]);

export class Clock {
  /** Dates (seconds) the file's requests have set, still ahead when sent. */
  private readonly ahead: bigint[] = [];

  constructor(private readonly waitMaxMs: number) {}

  /** Notes the future dates of a request as sent. */
  record(request: TtlvItem): void {
    const now = BigInt(Math.floor(Date.now() / 1000));
    for (const seconds of dates(request)) if (seconds > now) this.ahead.push(seconds);
  }

  /**
   * Milliseconds to wait before asking `request` again, or undefined when the rule does not
   * apply (a request that changes state, no date ahead, or one further than the bound).
   */
  retryAfterMs(request: TtlvItem): number | undefined {
    const items = children(request).filter((c) => c.tag === Tag.BatchItem);
    if (items.length === 0 || !items.every((i) => READ_ONLY.has(operationOf(i) ?? -1))) return undefined;
    const nowMs = Date.now();
    const next = this.ahead.map((s) => Number(s) * 1000 - nowMs).filter((ms) => ms > 0);
    if (next.length === 0) return undefined;
    const wait = Math.min(...next) + 1000;
    return wait <= this.waitMaxMs ? wait : undefined;
  }
}

function dates(item: TtlvItem): bigint[] {
  if (item.type === ItemType.Structure) return item.value.flatMap(dates);
  if (item.type === ItemType.DateTime) return [item.value];
  if (item.type === ItemType.DateTimeExtended) return [item.value / 1_000_000n];
  return [];
}
