/**
 * Polymorphic items, declared rather than switched on in code:
 * - `variant`: the structure of an item is chosen by a discriminator decoded earlier (Credential
 *   Value by Credential Type, KMIP 1.4 §2.1.2 / KMIP 2.1 §9.11; Key Material by Key Format
 *   Type, KMIP 1.4 §2.1.4 / KMIP 2.1 §3.2). The discriminating field publishes its value with
 *   `{ as: name }`; it comes first in every table that has one.
 * - `bytesOr`: a Byte String in one case and a structure in the other (Key Value is a Byte String
 *   when wrapped, KMIP 1.4 §2.1.3 Table 7 / KMIP 2.1 §3.1 Table 12).
 */
import { ItemType, type ItemTypeCode, type TtlvItem } from "../../ttlv/types.js";
import { enumByName, enumValueByName, type TagInfo } from "../tables.js";
import {
  type Codec,
  type CodecValue,
  type DecodeContext,
  type EncodeContext,
  KmipDecodeError,
  KmipEncodeError,
  type NestedCodec,
} from "./codec.js";
import { bytes, wrongType } from "./primitives.js";

/** The cases of a variant, keyed by the discriminator's enumeration value name. */
export type Cases = Record<string, Codec<unknown>>;

export class VariantCodec<C extends Cases, D> implements Codec<CodecValue<C[keyof C]> | D> {
  readonly describe: string;
  readonly itemTypes: readonly ItemTypeCode[];
  private readonly byValue = new Map<unknown, Codec<unknown>>();
  private readonly caseRanges: NestedCodec[] = [];

  constructor(
    private readonly varName: string,
    enumName: string,
    cases: C,
    /** Used for a discriminator value without a case (extensions); undefined rejects it. */
    private readonly fallback: Codec<D> | undefined,
  ) {
    const info = enumByName(enumName);
    if (info === undefined) throw new Error(`KMIP schema: unknown enumeration "${enumName}"`);
    for (const [name, codec] of Object.entries(cases)) {
      const value = enumValueByName(info, name);
      if (value === undefined) throw new Error(`KMIP schema: ${enumName} has no value "${name}"`);
      this.byValue.set(value.value, codec);
      this.caseRanges.push({ codec, range: value });
    }
    this.describe = `${enumName}-dependent value`;
    this.itemTypes = [...new Set([...this.byValue.values()].flatMap((c) => c.itemTypes))];
  }

  decode(item: TtlvItem, ctx: DecodeContext): CodecValue<C[keyof C]> | D {
    return this.pick(ctx.vars[this.varName], true).decode(item, ctx) as CodecValue<C[keyof C]> | D;
  }

  encode(tag: number, value: CodecValue<C[keyof C]> | D, ctx: EncodeContext): TtlvItem {
    return this.pick(ctx.vars[this.varName], false).encode(tag, value, ctx);
  }

  nested(): readonly NestedCodec[] {
    return this.fallback === undefined ? this.caseRanges : [...this.caseRanges, { codec: this.fallback }];
  }

  /** The cases are structures, which no tag specialises. */
  bind(): Codec<CodecValue<C[keyof C]> | D> {
    return this;
  }

  private pick(discriminator: unknown, decoding: boolean): Codec<unknown> {
    const codec = this.byValue.get(discriminator) ?? this.fallback;
    if (codec !== undefined) return codec;
    const detail = `no ${this.describe} for ${this.varName} ${String(discriminator)}`;
    throw decoding ? new KmipDecodeError("value", detail) : new KmipEncodeError(detail);
  }
}

/** A structure chosen by a discriminator; `fallback` takes values without a case. */
export function variant<C extends Cases, D = never>(
  varName: string,
  enumName: string,
  cases: C,
  fallback?: Codec<D>,
): VariantCodec<C, D> {
  return new VariantCodec(varName, enumName, cases, fallback);
}

/** A Byte String, or the given (structure) codec. */
export class BytesOrCodec<T> implements Codec<Uint8Array | T> {
  readonly describe: string;
  readonly itemTypes: readonly ItemTypeCode[];
  constructor(private readonly other: Codec<T>) {
    this.describe = `Byte String or ${other.describe}`;
    this.itemTypes = [ItemType.ByteString, ...other.itemTypes];
  }

  decode(item: TtlvItem, ctx: DecodeContext): Uint8Array | T {
    if (item.type === ItemType.ByteString) return item.value;
    if (this.other.itemTypes.length > 0 && !this.other.itemTypes.includes(item.type)) {
      throw wrongType(this.describe, item);
    }
    return this.other.decode(item, ctx);
  }

  encode(tag: number, value: Uint8Array | T, ctx: EncodeContext): TtlvItem {
    return value instanceof Uint8Array
      ? bytes.encode(tag, value, ctx)
      : this.other.encode(tag, value as T, ctx);
  }

  bind(tag: TagInfo): Codec<Uint8Array | T> {
    const bound = this.other.bind(tag);
    return bound === this.other ? this : new BytesOrCodec(bound);
  }

  nested(): readonly NestedCodec[] {
    return [{ codec: this.other }];
  }
}

export function bytesOr<T>(other: Codec<T>): BytesOrCodec<T> {
  return new BytesOrCodec(other);
}
