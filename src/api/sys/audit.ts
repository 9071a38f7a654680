/**
 * sys/audit (API docs "/sys/audit"): GET lists the enabled audit devices as a map of path to
 * device (LIST gives the paths); POST sys/audit/:path enables one (`type` "file", `description`,
 * `options`: see src/audit/device-options.ts); DELETE disables it. Every one of them is
 * "sudo required – This endpoint requires sudo capability in addition to any path-specific
 * capabilities". sys/audit-hash/:path (API docs "/sys/audit-hash") answers the HMAC a device
 * writes for a given input, so a secret can be looked for in the log without its salt.
 */
import type { Auditor } from "../../audit/auditor.js";
import { ApiError } from "../framework/types.js";
import type { SysPathDef } from "./context.js";

export function auditPaths(auditor: Auditor): SysPathDef[] {
  return [
    {
      pattern: "audit",
      summary: "List the enabled audit devices.",
      sudo: true,
      operations: {
        read: async () => ({ data: auditor.list() }),
        list: async () => ({ data: { keys: Object.keys(auditor.list()) } }),
      },
    },
    {
      pattern: "audit/*path",
      summary: "Enable or disable an audit device.",
      sudo: true,
      fields: {
        path: { type: "string", description: "Where the device is enabled, e.g. file." },
        type: { type: "string", description: 'The device type: "file".' },
        description: { type: "string", description: "A human-friendly description." },
        options: { type: "map", description: "Device options: file_path, mode, hmac_accessor, log_raw." },
        local: { type: "bool", description: "Kept for compatibility (no replication here)." },
      },
      operations: {
        update: async (req) => {
          const type = req.get<string>("type");
          if (type === "") throw new ApiError(400, "the audit device type is required");
          const options = req.has("options") ? req.get<Record<string, unknown>>("options") : {};
          await auditor.enable(req.get<string>("path"), {
            type,
            description: req.get<string>("description"),
            options: options ?? {},
          });
          return undefined;
        },
        delete: async (req) => {
          await auditor.disable(req.get<string>("path"));
          return undefined;
        },
      },
    },
    {
      pattern: "audit-hash/*path",
      summary: "Hash a value with an audit device's salt, as that device logs it.",
      fields: {
        path: { type: "string", description: "The audit device's path." },
        input: { type: "string", description: "The value to hash." },
      },
      operations: {
        update: async (req) => {
          if (!req.has("input")) throw new ApiError(400, "the input parameter is required");
          const hash = auditor.hash(req.get<string>("path"), req.get<string>("input"));
          if (hash === undefined) throw new ApiError(400, "unknown audit device");
          return { data: { hash } };
        },
      },
    },
  ];
}
