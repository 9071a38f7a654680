/**
 * The storage operations that remove a role with everything hanging off it (its credentials and
 * their serial index entries, its id index entry), shared by role delete and scope delete so
 * both commit in one batch and leave no orphan that `resolveClient` could still find.
 */
import type { KvOp } from "../../storage/types.js";
import type { KmipContext } from "./context.js";
import type { RoleRecord } from "./records.js";
import { deleteOp, type KmipStore, keys } from "./store.js";

export async function roleRemovalOps(
  store: KmipStore,
  scopeId: string,
  scopeName: string,
  roleName: string,
  role: RoleRecord,
): Promise<KvOp[]> {
  const ops: KvOp[] = [deleteOp(keys.role(scopeName, roleName)), deleteOp(keys.roleIdIndex(role.id))];
  for (const serial of await store.credentialSerials(scopeId, role.id)) {
    ops.push(deleteOp(keys.credential(scopeId, role.id, serial)), deleteOp(keys.serialIndex(serial)));
  }
  return ops;
}

/** `DELETE kmip/scope/:scope/role/:role`: the role, its credentials and indexes in one batch. */
export async function removeRole(ctx: KmipContext, scopeName: string, roleName: string): Promise<undefined> {
  return ctx.exclusive(async () => {
    const scope = await ctx.store.scope(scopeName);
    const role = scope && (await ctx.store.role(scopeName, roleName));
    if (!scope || !role) return undefined; // Vault deletes are idempotent
    const ops = await roleRemovalOps(ctx.store, scope.id, scopeName, roleName, role);
    await ctx.commit(ops, { kind: "role", scope: scopeName, role: roleName });
    return undefined;
  });
}
