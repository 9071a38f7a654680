/**
 * The built-in route tables: `sys/` (Vault's system backend) and `auth/token/` (the token store),
 * each the concatenation of its resource files.
 */
import { capabilityPaths } from "./capabilities.js";
import type { SysContext, SysPathDef } from "./context.js";
import { healthPaths } from "./health.js";
import { initPaths } from "./init.js";
import { leaderPaths } from "./leader.js";
import { mountPaths } from "./mounts.js";
import { openapiPaths } from "./openapi.js";
import { policyPaths } from "./policies.js";
import { sealPaths } from "./seal.js";
import { tokenCreatePaths } from "./token-create.js";
import { tokenLookupPaths } from "./token-lookup.js";
import { tokenRevokePaths } from "./token-revoke.js";
import { unsealPaths } from "./unseal.js";

export function systemPaths(ctx: SysContext): SysPathDef[] {
  return [
    ...initPaths(ctx),
    ...unsealPaths(ctx),
    ...sealPaths(ctx),
    ...healthPaths(ctx),
    ...leaderPaths(),
    ...mountPaths(ctx),
    ...policyPaths(ctx),
    ...capabilityPaths(ctx),
    ...openapiPaths(ctx),
  ];
}

export function tokenPaths(ctx: SysContext): SysPathDef[] {
  return [...tokenCreatePaths(ctx), ...tokenLookupPaths(ctx), ...tokenRevokePaths(ctx)];
}
