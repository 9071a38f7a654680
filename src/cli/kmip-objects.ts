/**
 * `kmipd kmip` verbs that make, find and read objects: create, register, get, get-attributes,
 * get-attribute-list, locate, rekey. Each parses its arguments first (a mistake is a usage
 * error and nothing is sent) and returns what to do with a connected client.
 */

import { canonicalAttributeName, parseAttributeAssignment } from "../client/attribute-text.js";
import { nameAttribute, objectTypeAttribute, stateAttribute } from "../client/attributes.js";
import type { KmipClient } from "../client/client.js";
import { attributesJson, type Json, payloadJson } from "../client/display.js";
import { enumName, enumValue, maskValue } from "../client/names.js";
import type { RegisterOptions } from "../client/requests.js";
import type { Attribute } from "../kmip/attributes.js";
import { Operation } from "../kmip/generated/enums.js";
import { fromHex, toHex } from "../ttlv/hex.js";
import { KmipUsageError } from "./kmip-connect.js";
import { type KmipOutput, list, record } from "./kmip-output.js";

export type Prepared = (client: KmipClient) => Promise<KmipOutput>;
type Opts = Record<string, unknown>;

/** Runs `parse`, turning a plain input error into a usage error. */
export function usage<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw e instanceof KmipUsageError ? e : new KmipUsageError(`${what}: ${(e as Error).message}`);
  }
}

export function integerOption(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new KmipUsageError(`${flag}: expected a whole number, got "${value}"`);
  return n;
}

function assignments(values: unknown): Attribute[] {
  return usage("--attribute", () => ((values as string[] | undefined) ?? []).map(parseAttributeAssignment));
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** `--usage-mask "Encrypt Decrypt"` (bit names) or a number. */
function usageMask(o: Opts): number | undefined {
  const text = str(o.usageMask);
  if (text === undefined) return undefined;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(text)) return Number(text);
  return usage("--usage-mask", () => maskValue("Cryptographic Usage Mask", text));
}

export function createVerb(o: Opts): Prepared {
  const length = integerOption(o.length, "--length");
  if (length === undefined) throw new KmipUsageError("--length is required");
  const algorithm = usage("--algorithm", () => enumValue("Cryptographic Algorithm", String(o.algorithm)));
  const options = {
    algorithm,
    length,
    usageMask: usageMask(o),
    name: str(o.name),
    attributes: assignments(o.attribute),
  };
  return async (client) => {
    const r = await client.create(options);
    return record({
      "Unique Identifier": r.uniqueIdentifier,
      "Object Type": enumName("Object Type", r.objectType),
    });
  };
}

function registerOptions(o: Opts): RegisterOptions {
  const material = usage("--key-hex", () => fromHex(String(o.keyHex ?? "")));
  if (material.length === 0) throw new KmipUsageError("--key-hex is required");
  const common = {
    material,
    usageMask: usageMask(o),
    name: str(o.name),
    attributes: assignments(o.attribute),
  };
  const type = String(o.type ?? "").toLowerCase();
  if (type === "secret-data" || type === "secret") {
    const secretDataType = usage("--secret-type", () =>
      enumValue("Secret Data Type", str(o.secretType) ?? "Password"),
    );
    return { type: "secret-data", secretDataType, ...common };
  }
  if (type !== "symmetric" && type !== "symmetric-key") {
    throw new KmipUsageError(`--type: expected symmetric or secret-data, got "${o.type ?? ""}"`);
  }
  const algorithm = usage("--algorithm", () =>
    enumValue("Cryptographic Algorithm", str(o.algorithm) ?? "AES"),
  );
  return { type: "symmetric-key", algorithm, length: integerOption(o.length, "--length"), ...common };
}

export function registerVerb(o: Opts): Prepared {
  const options = registerOptions(o);
  return async (client) => record({ "Unique Identifier": (await client.register(options)).uniqueIdentifier });
}

/** The Key Block's fields at the top level, and the key material as hex (`--format raw`: only that). */
export function getVerb(uid: string, o: Opts): Prepared {
  const kft = str(o.keyFormatType);
  const keyFormatType =
    kft === undefined ? undefined : usage("--key-format-type", () => enumValue("Key Format Type", kft));
  return async (client) => {
    const r = await client.get(uid, { keyFormatType });
    const hex = r.keyMaterial === undefined ? undefined : toHex(r.keyMaterial);
    if (o.format === "raw") {
      if (hex === undefined)
        throw new KmipUsageError("the object has no key material in a byte-string format");
      return { kind: "raw", text: hex };
    }
    const payload = { uniqueIdentifier: r.uniqueIdentifier, objectType: r.objectType, object: r.object };
    const json = payloadJson(Operation.Get, payload, client.version) as { [key: string]: Json };
    // The managed object is the one field besides Object Type and Unique Identifier (1.4 §4.11).
    const key = Object.keys(json).find((k) => k !== "Object Type" && k !== "Unique Identifier");
    const object = (key === undefined ? {} : json[key]) as { [key: string]: Json };
    const { "Key Block": block, ...rest } = object;
    const { "Key Value": _value, ...blockFields } = (block ?? {}) as { [key: string]: Json };
    const data: { [key: string]: Json } = {
      "Unique Identifier": r.uniqueIdentifier,
      "Object Type": enumName("Object Type", r.objectType),
      ...rest,
      ...blockFields,
    };
    if (hex !== undefined) data["Key Material"] = hex;
    return record(data);
  };
}

export function getAttributesVerb(uid: string, o: Opts): Prepared {
  const names = usage("--attribute", () =>
    ((o.attribute as string[] | undefined) ?? []).map(canonicalAttributeName),
  );
  return async (client) => record(attributesJson(await client.getAttributes(uid, names), client.version));
}

export function getAttributeListVerb(uid: string): Prepared {
  return async (client) => list("Attribute Name", await client.getAttributeList(uid));
}

export function locateVerb(o: Opts): Prepared {
  const attributes: Attribute[] = [];
  const name = str(o.name);
  const type = str(o.objectType);
  const state = str(o.state);
  if (type !== undefined) attributes.push(usage("--object-type", () => objectTypeAttribute(type)));
  if (state !== undefined) attributes.push(usage("--state", () => stateAttribute(state)));
  if (name !== undefined) attributes.push(nameAttribute(name));
  attributes.push(...assignments(o.attribute));
  const maximumItems = integerOption(o.maxItems, "--max-items");
  const offsetItems = integerOption(o.offsetItems, "--offset-items");
  return async (client) => {
    const r = await client.locate({ attributes, maximumItems, offsetItems });
    const json: { [key: string]: Json } = { "Unique Identifier": r.uniqueIdentifiers };
    if (r.locatedItems !== undefined) json["Located Items"] = r.locatedItems;
    return list("Unique Identifier", r.uniqueIdentifiers, json);
  };
}

export function rekeyVerb(uid: string, o: Opts): Prepared {
  const offset = integerOption(o.offset, "--offset");
  return async (client) =>
    record({ "Unique Identifier": (await client.rekey(uid, { offset })).uniqueIdentifier });
}
