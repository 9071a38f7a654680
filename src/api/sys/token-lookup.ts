/**
 * Token lookups (API docs auth/token): lookup-self (GET or POST), lookup (`token`), lookup-accessor
 * (`accessor`, the answer's `id` left empty), and the root-protected LIST of accessors.
 */
import { lookupData } from "../../core/token-entry.js";
import { ApiError } from "../framework/types.js";
import { callerOf, type SysContext, type SysPathDef } from "./context.js";

export function tokenLookupPaths(ctx: SysContext): SysPathDef[] {
  const now = () => ctx.now().getTime();
  const self = async (req: Parameters<typeof callerOf>[0]) => {
    const caller = callerOf(req);
    return { data: lookupData(caller.entry, caller.token, now()) };
  };
  return [
    {
      pattern: "lookup-self",
      summary: "Read the calling token's properties.",
      operations: { read: self, update: self },
    },
    {
      pattern: "lookup",
      summary: "Read a token's properties.",
      fields: { token: { type: "string", description: "The token to look up.", required: true } },
      operations: {
        update: async (req) => {
          const token = req.get<string>("token");
          const entry = await ctx.tokens().lookup(token);
          if (!entry) throw new ApiError(403, "bad token");
          return { data: lookupData(entry, token, now()) };
        },
      },
    },
    {
      pattern: "lookup-accessor",
      summary: "Read the properties of the token with this accessor.",
      fields: { accessor: { type: "string", description: "The token's accessor.", required: true } },
      operations: {
        update: async (req) => {
          const entry = await ctx.tokens().lookupAccessor(req.get<string>("accessor"));
          if (!entry) throw new ApiError(400, "invalid accessor");
          return { data: lookupData(entry, "", now()) };
        },
      },
    },
    {
      pattern: "accessors",
      summary: "List the accessors of all tokens.",
      sudo: true,
      operations: { list: async () => ({ data: { keys: await ctx.tokens().accessors() } }) },
    },
  ];
}
