/**
 * sys/health (API docs "/sys/health"): unauthenticated, answered while sealed, GET and HEAD. The
 * status code says the state: 200 initialized, unsealed and active; 429 standby; 472 DR secondary;
 * 473 performance standby; 501 not initialized; 503 sealed. Each can be replaced by a query
 * parameter (`activecode`, `standbycode`, `drsecondarycode`, `performancestandbycode`,
 * `sealedcode`, `uninitcode`); `standbyok` and `perfstandbyok` turn standby codes into the active
 * code. kmipd is never a standby nor a replica, so only active, sealed and uninitialized occur; the
 * other parameters are still checked, so a bad value is a 400 whatever the state.
 */
import { VERSION } from "../../core/version.js";
import { ApiError, type FieldDef, type LogicalRequest } from "../framework/types.js";
import type { SysContext, SysPathDef } from "./context.js";

const CODES: Record<string, [number, string]> = {
  activecode: [200, "Status code for an active node."],
  standbycode: [429, "Status code for a standby node."],
  drsecondarycode: [472, "Status code for a DR secondary."],
  performancestandbycode: [473, "Status code for a performance standby."],
  sealedcode: [503, "Status code for a sealed node."],
  uninitcode: [501, "Status code for an uninitialized node."],
  removedcode: [530, "Status code for a node removed from its cluster."],
};

function fields(): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {
    standbyok: { type: "bool", description: "Answer the active code on a standby." },
    perfstandbyok: { type: "bool", description: "Answer the active code on a performance standby." },
  };
  for (const [name, [code, description]] of Object.entries(CODES)) {
    out[name] = { type: "int", description, default: code };
  }
  return out;
}

export function healthPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "health",
      summary: "Read the health of the server; the status code tells it.",
      sealedOk: true,
      unauthenticated: true,
      fields: fields(),
      operations: { read: async (req) => health(ctx, req) },
    },
  ];
}

function code(req: LogicalRequest, name: string): number {
  const value = req.get<number>(name);
  if (value < 200 || value > 599) throw new ApiError(400, `${name} must be an HTTP status from 200 to 599`);
  return value;
}

async function health(ctx: SysContext, req: LogicalRequest) {
  req.get<boolean>("standbyok");
  req.get<boolean>("perfstandbyok");
  const codes = Object.fromEntries(Object.keys(CODES).map((name) => [name, code(req, name)]));
  const status = await ctx.sealStatus();
  const cluster = ctx.cluster();
  const data = {
    initialized: status.initialized,
    sealed: status.sealed,
    standby: false,
    performance_standby: false,
    replication_performance_mode: "disabled",
    replication_dr_mode: "disabled",
    server_time_utc: Math.floor(ctx.now().getTime() / 1000),
    version: VERSION,
    ...(cluster && !status.sealed ? { cluster_name: cluster.name, cluster_id: cluster.id } : {}),
  };
  let httpStatus = codes.activecode!;
  if (!status.initialized) httpStatus = codes.uninitcode!;
  else if (status.sealed) httpStatus = codes.sealedcode!;
  return { raw: true, status: httpStatus, data };
}
