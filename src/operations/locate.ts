/**
 * Locate — KMIP 1.0 §4.8; 1.1 adds Object Group Member; 1.3 Offset Items and Located Items
 * (1.4 §4.9 Tables 190–191); 2.1 §6.1.28 Tables 247–249 (Attributes REQUIRED, may be empty;
 * results "in descending order of object creation").
 *
 * The matching rules (all attributes must match; Date attributes once = that date, twice = a
 * range; Cryptographic Usage Mask "all these bits"; Usage Limits "equal to or larger"; structures
 * on the fields given; Attribute Index ignored; Storage Status Mask, default on-line only;
 * Object Group Member) are the store's `planLocate`, run as one indexed query.
 * - Offset Items is honoured in any version: Percona's libkmip sends it under a 1.0 header.
 *   Located Items is sent to 1.3+ clients only (the 1.x encoder leaves it out below 1.3).
 * - Maximum Items: "If omitted, then the server MAY … impose an internal maximum limit due to
 *   resource limitations": at most `LOCATE_ITEMS_MAX` identifiers per response.
 * - ID Placeholder: "If a single Unique Identifier is returned to the client, then the server
 *   SHALL copy the Unique Identifier … into the ID Placeholder"; with several it "SHALL empty" it.
 *   With none it is emptied too, so an item batched after a Locate that found nothing fails
 *   rather than act on an older object (OASIS TC-152: Item Not Found).
 * - Unknown attribute names: 1.4 §11.10 "Non-existing attributes, attributes that the server
 *   does not understand … → Invalid Field"; 2.x Invalid Attribute. Misspelt standard names are
 *   taken as the standard ones and logged (ScyllaDB); custom "x-"/"y-" names match any type.
 * - Locate on State compares the stored state: a date-driven transition (Activation Date
 *   reached) is applied when the object is next read, not by Locate.
 */
import { type Attribute, attributeDef, isCustomAttribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { LocateRequest, LocateResponse } from "../kmip/payloads/get.js";
import { invalidField } from "../policy/index.js";
import { type LocateQuery, ObjectStoreError } from "../storage/objects.js";
import { canonicalEntry } from "./request-attributes.js";
import type { OperationContext, OperationDef } from "./types.js";

/** The most identifiers one Locate response carries. */
export const LOCATE_ITEMS_MAX = 1000;

function checkName(a: Attribute, ctx: OperationContext): void {
  if (attributeDef(a.name) !== undefined || isCustomAttribute(a.name)) return;
  const reason = ctx.version >= 20 ? ResultReason.InvalidAttribute : ResultReason.InvalidField;
  throw new KmipError(reason, `Locate by an unknown attribute ${a.name}`);
}

function count(what: string, n: number | undefined): number | undefined {
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw invalidField(`${what} must not be negative`);
  return n;
}

function query(request: LocateRequest, ctx: OperationContext): LocateQuery {
  const attributes = (request.attributes ?? []).map((a) => canonicalEntry(a, ctx));
  for (const a of attributes) checkName(a, ctx);
  const maxItems = count("Maximum Items", request.maximumItems);
  const q: LocateQuery = {
    attributes,
    maxItems: Math.min(maxItems ?? LOCATE_ITEMS_MAX, LOCATE_ITEMS_MAX),
  };
  const offset = count("Offset Items", request.offsetItems);
  if (offset !== undefined) q.offsetItems = offset;
  if (request.storageStatusMask !== undefined) q.storageStatusMask = request.storageStatusMask;
  if (request.objectGroupMember !== undefined) q.objectGroupMember = request.objectGroupMember;
  return q;
}

export const Locate: OperationDef<LocateRequest, LocateResponse> = {
  name: "Locate",
  handler: async (request, ctx) => {
    let found: { uids: string[]; total: number };
    try {
      found = await ctx.objects.locate(ctx.scope, query(request, ctx));
    } catch (e) {
      // The store refuses what it cannot match (a value of the wrong type, an unknown mask bit …).
      if (e instanceof ObjectStoreError && e.code === "invalid") throw invalidField(e.message);
      throw e;
    }
    ctx.batch.idPlaceholder = found.uids.length === 1 ? found.uids[0] : undefined;
    return { locatedItems: found.total, uniqueIdentifier: found.uids };
  },
};
