/**
 * sys/mounts (API docs "/sys/mounts"): GET lists the secrets engines as a map of path to mount;
 * sys/mounts/:path enables (POST), reads (GET) and disables (DELETE) one. The system backend
 * `sys/` is listed too, as Vault lists it, and can be neither enabled nor disabled.
 */
import { mountInfo } from "../../core/mounts.js";
import { ApiError, type LogicalRequest } from "../framework/types.js";
import type { SysContext, SysPathDef } from "./context.js";

const SYSTEM_MOUNT = {
  accessor: "system_00000000",
  config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false },
  description: "system endpoints used for control, policy and debugging",
  external_entropy_access: false,
  local: false,
  options: null,
  plugin_version: "",
  running_plugin_version: "",
  running_sha256: "",
  seal_wrap: false,
  type: "system",
  uuid: "00000000-0000-0000-0000-000000000000",
};

export function mountPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "mounts",
      summary: "List the mounted secrets engines.",
      operations: {
        read: async () => {
          const data: Record<string, unknown> = { "sys/": SYSTEM_MOUNT };
          for (const entry of ctx.mounts().list()) data[entry.path] = mountInfo(entry);
          return { data };
        },
      },
    },
    {
      pattern: "mounts/*path",
      summary: "Enable, read or disable a secrets engine at a path.",
      fields: {
        path: { type: "string", description: "Where the engine is mounted." },
        type: { type: "string", description: "The engine type, e.g. kmip." },
        description: { type: "string", description: "A human-friendly description." },
        config: { type: "map", description: "Mount settings: default_lease_ttl, max_lease_ttl, ..." },
        options: { type: "map", description: "Engine-specific options (strings)." },
        local: { type: "bool", description: "Local mount (kept for compatibility)." },
        seal_wrap: { type: "bool", description: "Seal wrapping (kept for compatibility)." },
        external_entropy_access: { type: "bool", description: "Kept for compatibility; must be false." },
        plugin_version: { type: "string", description: "Kept for compatibility; must be empty." },
        plugin_name: { type: "string", description: "Deprecated; must be empty or the type." },
      },
      operations: {
        read: async (req) => {
          const entry = ctx.mounts().get(req.get<string>("path"));
          return entry ? { data: mountInfo(entry) } : undefined;
        },
        update: async (req) => enable(ctx, req),
        delete: async (req) => {
          await ctx.mounts().disable(req.get<string>("path"));
          return undefined;
        },
      },
    },
  ];
}

async function enable(ctx: SysContext, req: LogicalRequest) {
  const type = req.get<string>("type");
  if (type === "") throw new ApiError(400, "the engine type is required");
  if (req.get<boolean>("external_entropy_access"))
    throw new ApiError(400, "external entropy access is not supported");
  if (req.get<string>("plugin_version") !== "") throw new ApiError(400, "plugin versions are not supported");
  const pluginName = req.get<string>("plugin_name");
  if (pluginName !== "" && pluginName !== type) throw new ApiError(400, "plugin_name must match the type");
  const { warnings } = await ctx.mounts().enable(req.get<string>("path"), {
    type,
    description: req.get<string>("description"),
    config: req.has("config") ? req.get("config") : undefined,
    options: req.has("options") ? req.get("options") : undefined,
    local: req.get<boolean>("local"),
    sealWrap: req.get<boolean>("seal_wrap"),
  });
  return warnings.length > 0 ? { warnings } : undefined;
}
