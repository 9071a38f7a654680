/**
 * Fields of a structure schema, named by their spec tag names.
 *
 * A field is one row of a spec table: a tag, a codec, REQUIRED or not, MAY be repeated or not,
 * and the protocol versions that have it. Names are resolved through the tag tables when the
 * schema module loads, so a misspelt name fails at import (and in `test/kmip/schema.test.ts`),
 * never at run time. The codec is bound to the tag then too (an Enumeration learns its
 * enumeration, an Integer its bit mask).
 *
 * A few fields changed shape between versions while meaning the same thing (Template-Attribute
 * in 1.x is Attributes in 2.x; Asynchronous Indicator is a Boolean in 1.x and an Enumeration in
 * 2.x). Those have one form per version range under one key, so operations see one value.
 */
import { type TagInfo, tagByName } from "../tables.js";
import type { KmipVersion } from "../version.js";
import type { Codec, CodecValue } from "./codec.js";

export interface FieldOptions {
  /** First version that has the field (default: 1.0). */
  readonly since?: KmipVersion;
  /** First version that no longer has it (exclusive, as in the tables). */
  readonly until?: KmipVersion;
  /**
   * Publish the decoded value under this name for polymorphic items below it (e.g. Key Block's
   * Key Format Type selects the Key Material structure).
   */
  readonly as?: string;
}

/** One tag and codec, for a version range. */
export interface FieldForm {
  readonly tag: TagInfo;
  readonly codec: Codec<unknown>;
  readonly since: KmipVersion;
  readonly until: KmipVersion | undefined;
  /** Several items of this tag are collected into the field's array value. */
  readonly collect: boolean;
  /** In a choice field, the alternative this form stands for (the value is `{ type, value }`). */
  readonly label: string | undefined;
  /** REQUIRED in this form's versions although the field is optional in others. */
  readonly required: boolean;
}

/**
 * `T` is the field's value type (an array for repeated fields). `O` is whether the TypeScript type
 * lets it be absent: true for optional fields and for required fields that only some versions
 * have. At run time `optional` is the spec's REQUIRED column: a required field is checked in the
 * versions that have it, and sending it to a version without it is an error, not a silent drop.
 * `__value` and `__optional` only carry types; they are never set.
 */
export interface FieldDef<T = unknown, O extends boolean = boolean> {
  readonly forms: readonly FieldForm[];
  readonly optional: boolean;
  readonly as: string | undefined;
  /** One of several tags, each its own alternative (e.g. the object in a Get response). */
  readonly choice: boolean;
  readonly __value?: T;
  readonly __optional?: O;
}

export type FieldValue<F> = F extends FieldDef<infer T, boolean> ? T : never;

/**
 * Resolve a spec tag name exactly (the name, an alias of another version, or the XML name); an
 * unknown name is a bug in the schema, caught at load. The tables' loose matching ("Timestamp"
 * for "Time Stamp") is not accepted here, so a table is always copied by its real names.
 */
export function resolveTag(name: string): TagInfo {
  const tag = tagByName(name);
  if (tag === undefined) throw new Error(`KMIP schema names unknown tag "${name}"`);
  if (tag.name !== name && tag.xmlName !== name && tag.aliases?.includes(name) !== true) {
    throw new Error(`KMIP schema names unknown tag "${name}" (did you mean "${tag.name}"?)`);
  }
  return tag;
}

/** One form: `form("Template-Attribute", templateAttribute, { until: 20 })`. */
export function form(
  name: string,
  codec: Codec<unknown>,
  options: FieldOptions & { collect?: boolean; required?: boolean } = {},
): FieldForm {
  const tag = resolveTag(name);
  const since = options.since ?? 10;
  if (options.until !== undefined && options.until <= since) {
    throw new Error(`KMIP schema field "${name}": until ${options.until} is not after since ${since}`);
  }
  return {
    tag,
    codec: codec.bind(tag),
    since,
    until: options.until,
    collect: options.collect === true,
    label: undefined,
    required: options.required === true,
  };
}

function single<T, O extends boolean>(f: FieldForm, optional: boolean, as?: string): FieldDef<T, O> {
  return { forms: [f], optional, as, choice: false };
}

/** Options that limit a field to some versions. */
export type VersionedOptions = FieldOptions &
  ({ readonly since: KmipVersion } | { readonly until: KmipVersion });

/** REQUIRED: Yes (typed optional when only some versions have the field). */
export function req<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o?: { as?: string },
): FieldDef<CodecValue<C>, false>;
export function req<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o: VersionedOptions,
): FieldDef<CodecValue<C>, true>;
export function req<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o: FieldOptions = {},
): FieldDef<CodecValue<C>> {
  return single(form(name, codec, o), false, o.as);
}

/** REQUIRED: No. */
export function opt<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o: FieldOptions = {},
): FieldDef<CodecValue<C>, true> {
  return single(form(name, codec, o), true, o.as);
}

/** REQUIRED: Yes, MAY be repeated (at least one; typed optional when only some versions have it). */
export function some<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o?: { as?: string },
): FieldDef<CodecValue<C>[], false>;
export function some<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o: VersionedOptions,
): FieldDef<CodecValue<C>[], true>;
export function some<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o: FieldOptions = {},
): FieldDef<CodecValue<C>[]> {
  return single(form(name, codec, Object.assign({}, o, { collect: true })), false, o.as);
}

/** REQUIRED: No, MAY be repeated. */
export function many<C extends Codec<unknown>>(
  name: string,
  codec: C,
  o: FieldOptions = {},
): FieldDef<CodecValue<C>[], true> {
  return single(form(name, codec, Object.assign({}, o, { collect: true })), true, o.as);
}

/** A field required in every version, with one form per version range; `T` is the value type every form yields. */
export function reqForms<T>(...forms: FieldForm[]): FieldDef<T, false> {
  return { forms: checkForms(forms), optional: false, as: undefined, choice: false };
}

/** An optional field with one form per version range. */
export function optForms<T>(...forms: FieldForm[]): FieldDef<T, true> {
  return { forms: checkForms(forms), optional: true, as: undefined, choice: false };
}

/** Forms of one field must not overlap in versions, or decoding could not choose. */
function checkForms(forms: FieldForm[]): FieldForm[] {
  for (const a of forms) {
    for (const b of forms) {
      if (a === b) continue;
      const aEnd = a.until ?? 99;
      const bEnd = b.until ?? 99;
      if (a.since < bEnd && b.since < aEnd && a.tag.tag === b.tag.tag) {
        throw new Error(`KMIP schema field "${a.tag.name}" has overlapping forms`);
      }
    }
  }
  return forms;
}

/** One alternative of a choice: `["Symmetric Key", SymmetricKey, { since: 12 }]`. */
export type Alternative = readonly [name: string, codec: Codec<unknown>, options?: FieldOptions];

/** `{ type: "symmetricKey", value: … }` for each alternative. */
export type ChoiceValue<A extends Record<string, Alternative>> = {
  [K in keyof A & string]: { type: K; value: CodecValue<A[K][1]> };
}[keyof A & string];

function choiceForms(alternatives: Record<string, Alternative>): FieldForm[] {
  return Object.entries(alternatives).map(([label, [name, codec, o]]) =>
    Object.assign({}, form(name, codec, o), { label }),
  );
}

/** Exactly one of several tagged items ("Certificate, Symmetric Key, … or Opaque Object"). */
export function oneOf<A extends Record<string, Alternative>>(
  alternatives: A,
): FieldDef<ChoiceValue<A>, false> {
  return { forms: checkForms(choiceForms(alternatives)), optional: false, as: undefined, choice: true };
}

/** At most one of several tagged items. */
export function optOneOf<A extends Record<string, Alternative>>(
  alternatives: A,
): FieldDef<ChoiceValue<A>, true> {
  return { forms: checkForms(choiceForms(alternatives)), optional: true, as: undefined, choice: true };
}
