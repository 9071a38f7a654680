/**
 * sys/unseal (API docs "/sys/unseal"): one unseal key per call (`key`, hex or base64), or
 * `reset` to discard the keys given so far ("if both are provided, reset takes precedence").
 * Answers the seal status, without the envelope, without a token, while sealed.
 */
import { ApiError } from "../framework/types.js";
import type { SysContext, SysPathDef } from "./context.js";

export function unsealPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "unseal",
      summary: "Submit one unseal key, or reset the unseal attempt.",
      sealedOk: true,
      unauthenticated: true,
      fields: {
        key: { type: "string", description: "One unseal key, hex or base64." },
        reset: { type: "bool", description: "Discard the unseal keys given so far." },
        migrate: { type: "bool", description: "Seal migration; not supported." },
      },
      operations: {
        update: async (req) => {
          if (req.get<boolean>("migrate")) throw new ApiError(400, "seal migration is not supported");
          if (req.get<boolean>("reset")) return { raw: true, data: { ...(await ctx.resetUnseal()) } };
          const key = req.get<string>("key");
          if (key === "") {
            throw new ApiError(
              400,
              "'key' must be specified in request body as JSON, or 'reset' set to true",
            );
          }
          return { raw: true, data: { ...(await ctx.unseal(key)) } };
        },
      },
    },
  ];
}
