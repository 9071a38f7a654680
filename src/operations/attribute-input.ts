/**
 * An attribute as a client sends it to Add, Modify, Set, Delete or Adjust Attribute, made
 * canonical before the policy sees it: a known name with a typed value, a custom name with its
 * raw Attribute Value, or an unknown name the policy refuses.
 *
 * - "Be strict on output, lenient and well-logged on input": ScyllaDB sends standard attribute
 *   names with the wrong spacing or case (scylladb #23970); a name that matches a standard one but
 *   for case, spaces and punctuation is taken as that attribute, and the server logs the spelling.
 * - A 1.x message may name an attribute of a later 1.x version (1.4 §11.1: a different minor
 *   version is processed, not refused); the decoder leaves such a value raw, so it is decoded here
 *   with the attribute's own codec. A value of the wrong type is an invalid attribute value
 *   (1.4 §11.2 "Incorrect attribute value(s)" → Invalid Field; 2.x Invalid Attribute Value).
 */
import {
  ATTRIBUTES,
  type Attribute,
  type AttributeDef,
  attributeDef,
  isCustomAttribute,
} from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { looseNameKey } from "../kmip/names.js";
import {
  KmipDecodeError,
  KmipEncodeError,
  newDecodeContext,
  newEncodeContext,
  resolveTag,
} from "../kmip/schema/index.js";
import { isInVersion, type KmipVersion } from "../kmip/version.js";
import { type AttributeOperation, invalidValue, notApplicable } from "../policy/index.js";
import type { TtlvItem } from "../ttlv/types.js";
import type { OperationContext } from "./types.js";

const BY_LOOSE_NAME = new Map<string, AttributeDef>(ATTRIBUTES.map((d) => [looseNameKey(d.name), d]));
const ATTRIBUTE_VALUE_TAG = resolveTag("Attribute Value").tag;

/** The standard attribute a name stands for: exactly, or but for case, spacing and punctuation. */
export function standardName(name: string, ctx: OperationContext): string {
  if (attributeDef(name) !== undefined || isCustomAttribute(name)) return name;
  const def = BY_LOOSE_NAME.get(looseNameKey(name));
  if (def === undefined) return name;
  ctx.logger.warn(
    { given: name, taken: def.name },
    "attribute name misspelt by the client; taken as the standard name",
  );
  return def.name;
}

/**
 * `standardName`, refusing a standard attribute of the other protocol family: a 2.x-only
 * attribute means nothing to a 1.x client, Operation Policy Name and the 1.0 certificate
 * attributes nothing to a 2.x one (notApplicable: 1.x Permission Denied or Invalid Field, 2.x
 * Invalid Attribute).
 */
export function inputName(given: string, ctx: OperationContext, op: AttributeOperation): string {
  const name = standardName(given, ctx);
  const def = attributeDef(name);
  if (def !== undefined && !sameFamily(def, ctx.version)) throw notApplicable(ctx.version, op, name);
  return name;
}

function sameFamily(def: AttributeDef, version: KmipVersion): boolean {
  const major = version < 20 ? 1 : 2;
  const first = def.since < 20 ? 1 : 2;
  const last = def.until === undefined || def.until > 20 ? 2 : 1;
  return first <= major && major <= last;
}

/** A raw TTLV item (a custom attribute's value, or a value the decoder left undecoded). */
export function isRawItem(v: unknown): v is TtlvItem {
  return typeof v === "object" && v !== null && "tag" in v && "type" in v && "value" in v;
}

/** The version a standard attribute's codec reads and writes: the message's, or its first. */
function codecVersion(def: AttributeDef, version: KmipVersion): KmipVersion {
  return isInVersion(def, version) ? version : def.since;
}

/**
 * The canonical form of an attribute a request carries (`index` as given; the operation decides
 * what an index means). Throws Invalid Message for a missing value and the version's invalid
 * value reason for a value of the wrong type.
 */
export function inputAttribute(given: Attribute, ctx: OperationContext, op: AttributeOperation): Attribute {
  if (given.value === undefined)
    throw new KmipError(ResultReason.InvalidMessage, `attribute ${given.name} has no Attribute Value`);
  const name = inputName(given.name, ctx, op);
  const def = attributeDef(name);
  const value =
    def !== undefined && isRawItem(given.value) ? decodeRaw(def, given.value, ctx.version) : given.value;
  return given.index === undefined ? { name, value } : { name, index: given.index, value };
}

function decodeRaw(def: AttributeDef, item: TtlvItem, version: KmipVersion): unknown {
  try {
    return def.codec.decode(item, newDecodeContext(codecVersion(def, version)));
  } catch (e) {
    if (e instanceof KmipDecodeError) throw invalidValue(version, `${def.name}: ${e.message}`);
    throw e;
  }
}

/**
 * The attribute as a 1.x response may carry it (Add, Modify and Delete Attribute echo it, 1.4
 * §4.14–4.16): a typed value the version cannot encode (a 1.4 attribute echoed to a 1.0 client)
 * goes as the raw item its own version encodes. Index 0 is left out ("MAY be omitted").
 */
export function echoAttribute(a: Attribute, version: KmipVersion): Attribute {
  const value = echoValue(a, version);
  return a.index === undefined || a.index === 0
    ? { name: a.name, value }
    : { name: a.name, index: a.index, value };
}

function echoValue(a: Attribute, version: KmipVersion): unknown {
  const def = attributeDef(a.name);
  if (def === undefined || isInVersion(def, version) || isRawItem(a.value)) return a.value;
  try {
    return def.codec.encode(ATTRIBUTE_VALUE_TAG, a.value, newEncodeContext(codecVersion(def, version)));
  } catch (e) {
    if (e instanceof KmipEncodeError)
      throw new KmipError(ResultReason.GeneralFailure, "attribute cannot be echoed", { cause: e });
    throw e;
  }
}
