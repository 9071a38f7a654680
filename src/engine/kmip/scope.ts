/**
 * Scopes (contract §2.6). Creating one draws its random id, the `OU` of every client certificate
 * issued in it (§3); creating an existing scope changes nothing (idempotent, the id is kept).
 * Delete is refused while the scope holds KMIP managed objects unless `force` is set (as a
 * query parameter or in the body); a forced delete removes the objects, then the scope's roles,
 * credentials and indexes in one batch. Re-creating a deleted scope draws a new id, so
 * certificates issued before no longer map to it.
 */
import type { LogicalRequest, PathDef } from "../../api/framework/types.js";
import type { KvOp } from "../../storage/types.js";
import type { KmipContext } from "./context.js";
import { badRequest, checkName } from "./errors.js";
import { param } from "./fields.js";
import { roleRemovalOps } from "./removal.js";
import { deleteOp, freshId, type KmipStore, keys, putOp } from "./store.js";

async function createScope(ctx: KmipContext, req: LogicalRequest) {
  const name = checkName("scope", param(req, "scope"));
  return ctx.exclusive(async () => {
    if (await ctx.store.scope(name)) return undefined;
    const id = await freshId((candidate) => ctx.store.scopeIdIndex(candidate));
    const record = { id, createdAt: ctx.now().toISOString() };
    await ctx.commit([putOp(keys.scope(name), record), putOp(keys.scopeIdIndex(id), name)], {
      kind: "scope",
      scope: name,
    });
    return undefined;
  });
}

async function scopeRemovalOps(store: KmipStore, name: string, scopeId: string): Promise<KvOp[]> {
  const ops: KvOp[] = [deleteOp(keys.scope(name)), deleteOp(keys.scopeIdIndex(scopeId))];
  for (const roleName of await store.roleNames(name)) {
    const role = await store.role(name, roleName);
    if (role) ops.push(...(await roleRemovalOps(store, scopeId, name, roleName, role)));
  }
  return ops;
}

async function deleteScope(ctx: KmipContext, req: LogicalRequest) {
  const name = param(req, "scope");
  const force = req.get<boolean>("force");
  return ctx.exclusive(async () => {
    const scope = await ctx.store.scope(name);
    if (!scope) return undefined;
    const count = await ctx.objects.countInScope(scope.id);
    if (count > 0 && !force) {
      throw badRequest(
        `scope "${name}" holds ${count} managed object(s); delete them or set force=true to delete them with the scope`,
      );
    }
    // Objects first: if this fails the scope is still whole and the delete can be retried.
    if (force) await ctx.objects.deleteScope(scope.id);
    await ctx.commit(await scopeRemovalOps(ctx.store, name, scope.id), { kind: "scope", scope: name });
    return undefined;
  });
}

export function scopePaths(ctx: KmipContext): PathDef[] {
  return [
    {
      pattern: "scope",
      summary: "List scopes",
      operations: { list: async () => ({ data: { keys: await ctx.store.scopeNames() } }) },
    },
    {
      pattern: "scope/:scope",
      summary: "Create or delete a scope",
      fields: {
        force: {
          type: "bool",
          default: false,
          description: "Delete the scope even if it holds KMIP managed objects, and delete them.",
        },
      },
      exists: async (req) => (await ctx.store.scope(param(req, "scope"))) !== undefined,
      operations: {
        create: (req) => createScope(ctx, req),
        update: (req) => createScope(ctx, req),
        delete: (req) => deleteScope(ctx, req),
      },
    },
  ];
}
