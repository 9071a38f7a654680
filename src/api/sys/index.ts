/**
 * The built-in route tables: `sys/` (Vault's system backend) and `auth/token/` (the token store),
 * each the concatenation of its resource files.
 */
import type { Auditor } from "../../audit/auditor.js";
import type { ServerMetrics } from "../../metrics/server-metrics.js";
import { auditPaths } from "./audit.js";
import { capabilityPaths } from "./capabilities.js";
import type { SysContext, SysPathDef } from "./context.js";
import { healthPaths } from "./health.js";
import { initPaths } from "./init.js";
import { leaderPaths } from "./leader.js";
import { metricsPaths } from "./metrics.js";
import { mountPaths } from "./mounts.js";
import { openapiPaths } from "./openapi.js";
import { policyPaths } from "./policies.js";
import { sealPaths } from "./seal.js";
import { tokenCreatePaths } from "./token-create.js";
import { tokenLookupPaths } from "./token-lookup.js";
import { tokenRevokePaths } from "./token-revoke.js";
import { unsealPaths } from "./unseal.js";

/** Services the core owns beside its SysContext: the audit broker and the metrics registry. */
export interface SysServices {
  readonly auditor?: Auditor;
  readonly metrics?: ServerMetrics;
}

export function systemPaths(ctx: SysContext, services: SysServices = {}): SysPathDef[] {
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
    ...(services.auditor ? auditPaths(services.auditor) : []),
    ...(services.metrics ? metricsPaths(services.metrics) : []),
  ];
}

export function tokenPaths(ctx: SysContext): SysPathDef[] {
  return [...tokenCreatePaths(ctx), ...tokenLookupPaths(ctx), ...tokenRevokePaths(ctx)];
}
