/**
 * Token revocation and renewal (API docs auth/token). Revoking a token revokes its children;
 * revoke-orphan (root-protected) makes them orphans instead. Revoking an unknown token succeeds
 * (nothing is left to revoke); an unknown accessor is a 400. Renewals answer the `auth` block.
 */
import type { TokenEntry } from "../../core/token-entry.js";
import { authBlock } from "../../core/token-entry.js";
import { ApiError, type FieldDef, type LogicalResponse } from "../framework/types.js";
import { callerOf, type SysContext, type SysPathDef } from "./context.js";

const TOKEN: Record<string, FieldDef> = {
  token: { type: "string", description: "The token.", required: true },
};
const ACCESSOR: Record<string, FieldDef> = {
  accessor: { type: "string", description: "The token's accessor.", required: true },
};
const INCREMENT: Record<string, FieldDef> = {
  increment: {
    type: "duration",
    description: "The requested lease extension; the creation TTL when absent.",
  },
};

export function tokenRevokePaths(ctx: SysContext): SysPathDef[] {
  const byAccessor = async (accessor: string): Promise<TokenEntry> => {
    const entry = await ctx.tokens().lookupAccessor(accessor);
    if (!entry) throw new ApiError(400, "invalid accessor");
    return entry;
  };
  const renewed = async (entry: TokenEntry, token: string, increment: number): Promise<LogicalResponse> => {
    const out = await ctx.tokens().renew(entry, increment);
    return { auth: authBlock(out.entry, token, ctx.now().getTime()), warnings: out.warnings };
  };
  const none = async (work: Promise<unknown>): Promise<undefined> => {
    await work;
    return undefined;
  };
  return [
    {
      pattern: "revoke",
      summary: "Revoke a token and its children.",
      fields: TOKEN,
      operations: {
        update: async (req) => {
          const entry = await ctx.tokens().lookup(req.get<string>("token"));
          return none(entry ? ctx.tokens().revoke(entry) : Promise.resolve());
        },
      },
    },
    {
      pattern: "revoke-self",
      summary: "Revoke the calling token and its children.",
      operations: { update: async (req) => none(ctx.tokens().revoke(callerOf(req).entry)) },
    },
    {
      pattern: "revoke-accessor",
      summary: "Revoke the token with this accessor, and its children.",
      fields: ACCESSOR,
      operations: {
        update: async (req) => none(ctx.tokens().revoke(await byAccessor(req.get<string>("accessor")))),
      },
    },
    {
      pattern: "revoke-orphan",
      summary: "Revoke a token; its children become orphans.",
      sudo: true,
      fields: TOKEN,
      operations: {
        update: async (req) => {
          const entry = await ctx.tokens().lookup(req.get<string>("token"));
          return none(entry ? ctx.tokens().revokeOrphan(entry) : Promise.resolve());
        },
      },
    },
    {
      pattern: "renew-self",
      summary: "Renew the calling token.",
      fields: INCREMENT,
      operations: {
        update: async (req) => {
          const caller = callerOf(req);
          return renewed(caller.entry, caller.token, req.get<number>("increment"));
        },
      },
    },
    {
      pattern: "renew",
      summary: "Renew a token.",
      fields: { ...TOKEN, ...INCREMENT },
      operations: {
        update: async (req) => {
          const token = req.get<string>("token");
          const entry = await ctx.tokens().lookup(token);
          if (!entry) throw new ApiError(400, "invalid token");
          return renewed(entry, token, req.get<number>("increment"));
        },
      },
    },
    {
      pattern: "renew-accessor",
      summary: "Renew the token with this accessor.",
      fields: { ...ACCESSOR, ...INCREMENT },
      operations: {
        update: async (req) =>
          renewed(await byAccessor(req.get<string>("accessor")), "", req.get<number>("increment")),
      },
    },
  ];
}
