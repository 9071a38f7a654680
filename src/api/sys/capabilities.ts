/**
 * sys/capabilities-self and sys/capabilities (API docs "/sys/capabilities-self",
 * "/sys/capabilities"): the capabilities a token has on each of `paths`, after the priority
 * rules. A root token has ["root"]; a path no rule allows is ["deny"]. With a single path the
 * answer also has it under `capabilities`, "for backwards compatibility".
 */
import type { Acl } from "../../core/policy/acl.js";
import { ApiError, type FieldDef, type LogicalRequest } from "../framework/types.js";
import { callerOf, type SysContext, type SysPathDef } from "./context.js";

const PATHS: Record<string, FieldDef> = {
  paths: { type: "comma-string-list", description: "The paths to report capabilities on." },
  path: { type: "comma-string-list", description: "Deprecated form of paths." },
};

function capabilityData(acl: Acl, req: LogicalRequest): Record<string, unknown> {
  const paths = [...req.get<string[]>("paths"), ...req.get<string[]>("path")];
  if (paths.length === 0) throw new ApiError(400, "'paths' must be given");
  const data: Record<string, unknown> = {};
  for (const p of paths) {
    const path = p.startsWith("/") ? p.slice(1) : p;
    const caps = acl.root ? ["root"] : [...acl.capabilities(path)].sort();
    data[p] = caps.length > 0 ? caps : ["deny"];
  }
  if (paths.length === 1) data.capabilities = data[paths[0]!];
  return data;
}

export function capabilityPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "capabilities-self",
      summary: "Report the calling token's capabilities on paths.",
      fields: PATHS,
      operations: {
        update: async (req) => ({ data: capabilityData(await ctx.acl(callerOf(req).entry.policies), req) }),
      },
    },
    {
      pattern: "capabilities",
      summary: "Report a token's capabilities on paths.",
      fields: { ...PATHS, token: { type: "string", description: "The token to report on.", required: true } },
      operations: {
        update: async (req) => {
          const entry = await ctx.tokens().lookup(req.get<string>("token"));
          if (!entry) throw new ApiError(400, "invalid token");
          return { data: capabilityData(await ctx.acl(entry.policies), req) };
        },
      },
    },
  ];
}
