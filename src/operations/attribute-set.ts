/**
 * The operations on one object's attributes and storage that are not creation, retrieval or the
 * key lifecycle: Add, Modify, Delete Attribute (1.0+), Set and Adjust Attribute (2.0+), Re-key,
 * Archive, Recover, Obtain Lease and Get Usage Allocation. The registry gathers them from here;
 * the payload registry (src/kmip/payloads/) decides which versions may ask for each.
 */
import { AddAttribute } from "./add-attribute.js";
import { AdjustAttribute } from "./adjust-attribute.js";
import { Archive } from "./archive.js";
import { DeleteAttribute } from "./delete-attribute.js";
import { GetUsageAllocation } from "./get-usage-allocation.js";
import { ModifyAttribute } from "./modify-attribute.js";
import { ObtainLease } from "./obtain-lease.js";
import { Recover } from "./recover.js";
import { ReKey } from "./rekey.js";
import { SetAttribute } from "./set-attribute.js";
import type { OperationDef } from "./types.js";

export const ATTRIBUTE_OPERATIONS: OperationDef[] = [
  AddAttribute,
  ModifyAttribute,
  DeleteAttribute,
  SetAttribute,
  AdjustAttribute,
  ReKey,
  Archive,
  Recover,
  ObtainLease,
  GetUsageAllocation,
] as OperationDef[];
