/**
 * The arithmetic of Adjust Attribute, KMIP 2.1 §11.1 Adjustment Type (2.0 §11.1):
 *
 * - Increment / Decrement: "Add [Subtract] the Adjustment Parameter to the value. Applies to
 *   Integer, Long Integers, Big Integer, Interval, Date Time, and Date Time Extended. The default
 *   … parameter is 1 for numeric types, 1 second for Date Time, and 1 microsecond for Date Time
 *   Extended" — one unit of the value's own encoding in every case;
 * - Negate: "Negate the value. Applies to Integer, Long Integers, Big Integer and Boolean types."
 *
 * A type the adjustment does not apply to is Invalid Data Type; a result its encoding cannot hold
 * (a signed 32-bit Integer, an unsigned 32-bit Interval, a signed 64-bit Long Integer or date) is
 * Numeric Range; an Adjustment Value that is not a number is Invalid Data Type (2.1 §11.46).
 */
import { KmipError } from "../kmip/errors.js";
import { AdjustmentType, ResultReason } from "../kmip/generated/enums.js";
import { ItemType, type ItemTypeCode, type TtlvItem } from "../ttlv/types.js";

export type AdjustableValue = number | bigint | boolean;

const RANGES: Partial<Record<ItemTypeCode, readonly [bigint, bigint]>> = {
  [ItemType.Integer]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ItemType.Interval]: [0n, 2n ** 32n - 1n],
  [ItemType.LongInteger]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ItemType.DateTime]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ItemType.DateTimeExtended]: [-(2n ** 63n), 2n ** 63n - 1n],
};

const COUNTABLE = new Set<ItemTypeCode>([
  ItemType.Integer,
  ItemType.LongInteger,
  ItemType.BigInteger,
  ItemType.Interval,
  ItemType.DateTime,
  ItemType.DateTimeExtended,
]);
const NEGATABLE = new Set<ItemTypeCode>([ItemType.Integer, ItemType.LongInteger, ItemType.BigInteger]);
/** Item types an Adjustment Value may have: the numbers. */
const PARAMETER = new Set<ItemTypeCode>([
  ItemType.Integer,
  ItemType.LongInteger,
  ItemType.BigInteger,
  ItemType.Interval,
]);

function invalidDataType(message: string): KmipError {
  return new KmipError(ResultReason.InvalidDataType, message);
}

/** The value an absent attribute is taken to have: "0 for numeric types and intervals, or false for Boolean". */
export function zeroOf(type: ItemTypeCode): AdjustableValue | undefined {
  if (type === ItemType.Boolean) return false;
  if (type === ItemType.Integer || type === ItemType.Interval) return 0;
  if (type === ItemType.LongInteger || type === ItemType.BigInteger) return 0n;
  return undefined;
}

/** Whether a value of `type` can be adjusted at all (so an absent one may be created). */
export function isAdjustableType(type: ItemTypeCode): boolean {
  return COUNTABLE.has(type) || type === ItemType.Boolean;
}

/** The Adjustment Value as a whole number, 1 when absent. */
function parameterOf(value: TtlvItem | undefined): bigint {
  if (value === undefined) return 1n;
  if (!PARAMETER.has(value.type)) throw invalidDataType("the Adjustment Value must be a number");
  return BigInt(value.value as number | bigint);
}

function inRange(type: ItemTypeCode, result: bigint): AdjustableValue {
  const range = RANGES[type];
  if (range !== undefined && (result < range[0] || result > range[1]))
    throw new KmipError(ResultReason.NumericRange, "the adjusted value does not fit its type");
  return type === ItemType.Integer || type === ItemType.Interval ? Number(result) : result;
}

/** `current` (of item type `type`) adjusted by `adjustmentType` and the optional Adjustment Value. */
export function adjustValue(
  type: ItemTypeCode,
  current: AdjustableValue,
  adjustmentType: number,
  adjustmentValue: TtlvItem | undefined,
): AdjustableValue {
  switch (adjustmentType) {
    case AdjustmentType.Increment:
    case AdjustmentType.Decrement: {
      if (!COUNTABLE.has(type)) throw invalidDataType("Increment and Decrement apply to numbers and dates");
      const step = parameterOf(adjustmentValue);
      const delta = adjustmentType === AdjustmentType.Increment ? step : -step;
      return inRange(type, BigInt(current as number | bigint) + delta);
    }
    case AdjustmentType.Negate:
      if (type === ItemType.Boolean) return !(current as boolean);
      if (!NEGATABLE.has(type)) throw invalidDataType("Negate applies to integers and Booleans");
      return inRange(type, -BigInt(current as number | bigint));
    default:
      throw new KmipError(ResultReason.InvalidField, "unknown Adjustment Type");
  }
}
