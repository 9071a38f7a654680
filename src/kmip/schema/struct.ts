/**
 * Structure schemas: a spec table as an ordered record of fields, compiled once per protocol
 * version into arrays and maps so that decoding and encoding are plain loops.
 *
 * Decoding rules (documented leniency, strict types):
 * - children are matched to fields by tag, so fields out of the table's order are accepted;
 *   encoding always writes the table's order;
 * - a vendor-extension child (tag 0x54xxxx) is kept in `$vendor` and reported in the context,
 *   and written back last when encoding;
 * - any other child the structure does not have in that version, a wrong item type, a missing
 *   required field or a repeated single-valued field is a KmipDecodeError naming the path.
 */
import { ItemType, type ItemTypeCode, type TtlvItem } from "../../ttlv/types.js";
import { type TagInfo, tagByNumber } from "../tables.js";
import { isInVersion, KMIP_VERSIONS, type KmipVersion, versionString } from "../version.js";
import {
  type Codec,
  type DecodeContext,
  type EncodeContext,
  hexTag,
  isVendorTag,
  KmipDecodeError,
  KmipEncodeError,
} from "./codec.js";
import { type FieldDef, type FieldForm, type FieldValue, resolveTag } from "./field.js";
import { wrongType } from "./primitives.js";

export type Fields = Record<string, FieldDef<unknown, boolean>>;

type RequiredKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends { readonly __optional?: false } ? K : never;
}[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Vendor-extension items kept while decoding, written back when encoding. */
export interface VendorExtras {
  $vendor?: TtlvItem[];
}

/** The typed value of a structure: required fields present, optional ones `?`. */
export type StructValue<F extends Fields> = Simplify<
  { [K in RequiredKeys<F>]: FieldValue<F[K]> } & {
    [K in Exclude<keyof F, RequiredKeys<F>>]?: FieldValue<F[K]>;
  } & VendorExtras
>;

/** The TypeScript type a schema describes: `type GetRequest = Infer<typeof GetRequestPayload>`. */
export type Infer<S> = S extends Codec<infer T> ? T : never;

/** One field as it decodes in one version. */
interface Slot {
  readonly key: string;
  readonly form: FieldForm;
  readonly as: string | undefined;
}

/** One field as it encodes in one version (forms empty when the version lacks it). */
interface EncodeSlot {
  readonly key: string;
  readonly name: string;
  readonly optional: boolean;
  readonly as: string | undefined;
  readonly choice: boolean;
  readonly forms: readonly FieldForm[];
  /** A choice's forms in this version, by alternative. */
  readonly byLabel: ReadonlyMap<string, FieldForm>;
}

interface Compiled {
  readonly byTag: ReadonlyMap<number, Slot>;
  readonly required: readonly { key: string; name: string }[];
  readonly encodeOrder: readonly EncodeSlot[];
  /** Fields the structure has in other versions only: refused or accepted-and-reported. */
  readonly elsewhere: ReadonlyMap<number, Slot>;
}

export class StructCodec<F extends Fields> implements Codec<StructValue<F>> {
  readonly describe: string;
  readonly itemTypes: readonly ItemTypeCode[] = [ItemType.Structure];
  private readonly compiled: Compiled[] = [];
  private readonly varNames: readonly string[];

  constructor(
    /** The structure's own tag (its table's first row). */
    readonly tag: TagInfo,
    /** Where its table is, per version where it differs: "KMIP 1.4 §2.1.3; KMIP 2.1 §3.1". */
    readonly section: string,
    readonly fields: F,
  ) {
    this.describe = tag.name;
    this.varNames = Object.values(fields).flatMap((f) => (f.as === undefined ? [] : [f.as]));
    for (const v of KMIP_VERSIONS) this.compiled[v] = compile(fields, v);
  }

  decode(item: TtlvItem, ctx: DecodeContext): StructValue<F> {
    if (item.type !== ItemType.Structure) throw wrongType(this.describe, item);
    const c = this.compiled[ctx.version]!;
    const saved = this.varNames.length > 0 ? this.saveVars(ctx) : undefined;
    const out: Record<string, unknown> = {};
    for (const child of item.value) {
      const slot = c.byTag.get(child.tag);
      if (slot === undefined) this.unexpected(child, c, ctx, out);
      else decodeInto(slot, child, ctx, out);
    }
    for (const r of c.required) {
      if (out[r.key] === undefined) throw new KmipDecodeError("missing", `missing required field ${r.name}`);
    }
    if (saved !== undefined) this.restoreVars(ctx, saved);
    return out as StructValue<F>;
  }

  encode(tag: number, value: StructValue<F>, ctx: EncodeContext): TtlvItem {
    const c = this.compiled[ctx.version]!;
    const saved = this.varNames.length > 0 ? this.saveVars(ctx) : undefined;
    const record = value as Record<string, unknown>;
    const children: TtlvItem[] = [];
    for (const slot of c.encodeOrder) {
      const v = record[slot.key];
      if (v === undefined) {
        if (!slot.optional && slot.forms.length > 0)
          throw new KmipEncodeError(`missing required field ${slot.name}`);
        continue;
      }
      if (slot.forms.length === 0) {
        if (slot.optional) continue;
        throw new KmipEncodeError(`required field ${slot.name} is not in KMIP ${versionString(ctx.version)}`);
      }
      encodeInto(slot, v, ctx, children);
    }
    const vendor = (value as VendorExtras).$vendor;
    if (vendor !== undefined) children.push(...vendor);
    if (saved !== undefined) this.restoreVars(ctx, saved);
    return { tag, type: ItemType.Structure, value: children };
  }

  bind(): Codec<StructValue<F>> {
    return this;
  }

  /** The fields this structure has in a version, in table order (for tests and documentation). */
  fieldsIn(version: KmipVersion): readonly { key: string; forms: readonly FieldForm[] }[] {
    return this.compiled[version]!.encodeOrder.filter((s) => s.forms.length > 0);
  }

  private unexpected(child: TtlvItem, c: Compiled, ctx: DecodeContext, out: Record<string, unknown>): void {
    const other = c.elsewhere.get(child.tag);
    if (other !== undefined) {
      const name = other.form.tag.name;
      if (ctx.strictVersion) {
        throw new KmipDecodeError("version", `field ${name} is not in KMIP ${versionString(ctx.version)}`);
      }
      ctx.report.outOfVersion.push({ parentTag: this.tag.tag, tag: child.tag, name });
      decodeInto(other, child, ctx, out);
      return;
    }
    if (isVendorTag(child.tag)) {
      appendTo(out, "$vendor", child);
      ctx.report.vendorItems.push({ parentTag: this.tag.tag, item: child });
      return;
    }
    const name = tagByNumber(child.tag)?.name ?? hexTag(child.tag);
    throw new KmipDecodeError("extra", `unexpected field ${name}`);
  }

  private saveVars(ctx: { vars: Record<string, unknown> }): unknown[] {
    const saved: unknown[] = [];
    for (const n of this.varNames) saved.push(ctx.vars[n]);
    return saved;
  }

  private restoreVars(ctx: { vars: Record<string, unknown> }, saved: unknown[]): void {
    for (let i = 0; i < this.varNames.length; i++) ctx.vars[this.varNames[i]!] = saved[i];
  }
}

function decodeInto(slot: Slot, child: TtlvItem, ctx: DecodeContext, out: Record<string, unknown>): void {
  let value: unknown;
  try {
    value = slot.form.codec.decode(child, ctx);
  } catch (e) {
    throw e instanceof KmipDecodeError ? e.within(slot.form.tag.name) : e;
  }
  if (slot.form.label !== undefined) value = { type: slot.form.label, value };
  if (slot.form.collect) {
    appendTo(out, slot.key, value);
  } else if (out[slot.key] !== undefined) {
    throw new KmipDecodeError("duplicate", `field ${slot.form.tag.name} given more than once`);
  } else {
    out[slot.key] = value;
  }
  if (slot.as !== undefined) ctx.vars[slot.as] = value;
}

function appendTo(out: Record<string, unknown>, key: string, value: unknown): void {
  const list = out[key] as unknown[] | undefined;
  if (list === undefined) out[key] = [value];
  else list.push(value);
}

function encodeInto(slot: EncodeSlot, value: unknown, ctx: EncodeContext, out: TtlvItem[]): void {
  let f = slot.forms[0]!;
  let v = value;
  if (slot.choice) {
    const c = value as { type: string; value: unknown };
    const chosen = slot.byLabel.get(c.type);
    if (chosen === undefined)
      throw new KmipEncodeError(`${slot.name} ${c.type} is not in KMIP ${versionString(ctx.version)}`);
    f = chosen;
    v = c.value;
  }
  try {
    if (!f.collect) {
      out.push(f.codec.encode(f.tag.tag, v, ctx));
    } else {
      if (!Array.isArray(v)) throw new KmipEncodeError(`field ${f.tag.name} needs an array`);
      if (v.length === 0 && !slot.optional)
        throw new KmipEncodeError(`required field ${f.tag.name} is empty`);
      for (const e of v) out.push(f.codec.encode(f.tag.tag, e, ctx));
    }
  } catch (e) {
    throw e instanceof KmipEncodeError ? e.within(f.tag.name) : e;
  }
  if (slot.as !== undefined) ctx.vars[slot.as] = value;
}

function compile(fields: Fields, v: KmipVersion): Compiled {
  const byTag = new Map<number, Slot>();
  const elsewhere = new Map<number, Slot>();
  const required: { key: string; name: string }[] = [];
  const encodeOrder: EncodeSlot[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const active = field.forms.filter((f) => isInVersion(f, v));
    for (const f of field.forms) {
      if (!active.includes(f)) elsewhere.set(f.tag.tag, { key, form: f, as: field.as });
    }
    for (const f of active) {
      if (byTag.has(f.tag.tag)) throw new Error(`KMIP schema: tag ${f.tag.name} used twice in one structure`);
      byTag.set(f.tag.tag, { key, form: f, as: field.as });
    }
    const name = field.forms.map((f) => f.tag.name).join(" or ");
    const optional = field.optional && !active.some((f) => f.required);
    if (active.length > 0 && !optional) required.push({ key, name });
    const byLabel = new Map(active.flatMap((f) => (f.label === undefined ? [] : [[f.label, f] as const])));
    encodeOrder.push({ key, name, optional, as: field.as, choice: field.choice, forms: active, byLabel });
  }
  for (const t of byTag.keys()) elsewhere.delete(t);
  return { byTag, required, encodeOrder, elsewhere };
}

/**
 * A structure schema. `name` is the spec name of the structure's tag; `section` cites its table
 * per version where it differs; fields are in table order.
 */
export function struct<F extends Fields>(name: string, section: string, fields: F): StructCodec<F> {
  return new StructCodec(resolveTag(name), section, fields);
}
