/**
 * `kmipd kmip` verbs for the server and for an object's life and attributes: discover-versions,
 * query, activate, revoke, destroy, add-attribute, modify-attribute, delete-attribute.
 */

import {
  attributeFromText,
  canonicalAttributeName,
  parseAttributeAssignment,
} from "../client/attribute-text.js";
import type { ObjectResult } from "../client/client.js";
import { attributesJson, type Json, payloadJson } from "../client/display.js";
import { enumValue } from "../client/names.js";
import { DEFAULT_QUERY_FUNCTIONS } from "../client/requests.js";
import type { Attribute } from "../kmip/attributes.js";
import { Operation } from "../kmip/generated/enums.js";
import { KmipUsageError } from "./kmip-connect.js";
import { integerOption, type Prepared, usage } from "./kmip-objects.js";
import { list, record } from "./kmip-output.js";

type Opts = Record<string, unknown>;

export function discoverVersionsVerb(): Prepared {
  return async (client) => {
    const versions = (await client.discoverVersions()).map((v) => `${v.major}.${v.minor}`);
    return list("Protocol Version", versions);
  };
}

export function queryVerb(o: Opts): Prepared {
  const given = (o.function as string[] | undefined) ?? [];
  const functions = usage("--function", () => given.map((f) => enumValue("Query Function", f)));
  return async (client) => {
    const r = await client.query(functions.length > 0 ? functions : DEFAULT_QUERY_FUNCTIONS);
    return record(payloadJson(Operation.Query, r, client.version) as { [key: string]: Json });
  };
}

function identified(uid: string): { [key: string]: Json } {
  return { "Unique Identifier": uid };
}

export function activateVerb(uid: string): Prepared {
  return async (client) => record(identified(await client.activate(uid)));
}

export function destroyVerb(uid: string): Prepared {
  return async (client) => record(identified(await client.destroy(uid)));
}

/** `--reason key-compromise|cessation-of-operation|…` (Revocation Reason Code, 1.4 §9.1.3.2.19). */
export function revokeVerb(uid: string, o: Opts): Prepared {
  if (typeof o.reason !== "string") throw new KmipUsageError("--reason is required");
  const reason = usage("--reason", () => enumValue("Revocation Reason Code", o.reason as string));
  const date = typeof o.compromiseDate === "string" ? new Date(o.compromiseDate) : undefined;
  if (date !== undefined && Number.isNaN(date.getTime())) {
    throw new KmipUsageError(`--compromise-date: "${o.compromiseDate}" is not an ISO 8601 date`);
  }
  const message = typeof o.message === "string" ? o.message : undefined;
  return async (client) =>
    record(identified(await client.revoke(uid, reason, { message, compromiseOccurrenceDate: date })));
}

function withIndex(a: Attribute, o: Opts): Attribute {
  const index = integerOption(o.index, "--index");
  return index === undefined ? a : { ...a, index };
}

/** The Unique Identifier and, for KMIP 1.x, the attribute the server echoes back. */
function echoed(r: ObjectResult, version: Parameters<typeof attributesJson>[1]) {
  return record({ ...identified(r.uniqueIdentifier), ...attributesJson(r.attributes, version) });
}

export function addAttributeVerb(uid: string, assignment: string): Prepared {
  const attribute = usage("attribute", () => parseAttributeAssignment(assignment));
  return async (client) => echoed(await client.addAttribute(uid, attribute), client.version);
}

/** `--current VALUE` names the instance to change (KMIP 2.x); `--index N` does so in 1.x. */
export function modifyAttributeVerb(uid: string, assignment: string, o: Opts): Prepared {
  const attribute = withIndex(
    usage("attribute", () => parseAttributeAssignment(assignment)),
    o,
  );
  const current =
    typeof o.current === "string"
      ? usage("--current", () => attributeFromText(attribute.name, o.current as string))
      : undefined;
  return async (client) => echoed(await client.modifyAttribute(uid, attribute, current), client.version);
}

/** By name (and 1.x `--index`), or with `--current VALUE` the one instance holding that value. */
export function deleteAttributeVerb(uid: string, name: string, o: Opts): Prepared {
  const canonical = usage("attribute", () => canonicalAttributeName(name));
  const index = integerOption(o.index, "--index");
  const current =
    typeof o.current === "string"
      ? usage("--current", () => attributeFromText(canonical, o.current as string))
      : undefined;
  return async (client) => {
    const r =
      current === undefined
        ? await client.deleteAttribute(uid, canonical, index)
        : await client.deleteAttribute(uid, index === undefined ? current : { ...current, index });
    return echoed(r, client.version);
  };
}
