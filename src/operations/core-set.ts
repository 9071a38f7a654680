/**
 * The core operations (one file each): discovery (Discover Versions, Query), making objects
 * (Create, Register), reading them (Get, Get Attributes, Get Attribute List, Locate, Check) and
 * their lifecycle (Activate, Revoke, Destroy). The registry (`registry.ts`) maps each to its
 * Operation code; Query reports exactly what the registry holds.
 */
import { Activate } from "./activate.js";
import { Check } from "./check.js";
import { Create } from "./create.js";
import { Destroy } from "./destroy.js";
import { DiscoverVersions } from "./discover-versions.js";
import { GetAttributeList } from "./get-attribute-list.js";
import { GetAttributes } from "./get-attributes.js";
import { Get } from "./get-crypto.js";
import { Locate } from "./locate.js";
import { Query } from "./query.js";
import { Register } from "./register.js";
import { Revoke } from "./revoke.js";
import type { OperationDef } from "./types.js";

export const CORE_OPERATIONS: OperationDef[] = [
  DiscoverVersions,
  Query,
  Create,
  Register,
  Get,
  GetAttributes,
  GetAttributeList,
  Locate,
  Check,
  Activate,
  Revoke,
  Destroy,
] as OperationDef[];
