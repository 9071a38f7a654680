/**
 * The first sealed records, written at init with the keyring init just made (Vault docs
 * "Seal/Unseal": init creates the root token): the cluster identity, an empty mount table, the
 * default policy, the token store's salt and the root token. The root token has the root policy,
 * no parent, no expiry (docs "Tokens" > "Root tokens").
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Keyring } from "../seal/barrier.js";
import type { KvStore } from "../storage/types.js";
import { putJson } from "./kv-json.js";
import { MOUNT_TABLE_KEY } from "./mounts.js";
import { PolicyStore } from "./policy/store.js";
import { SealedKv } from "./sealed-kv.js";
import type { TokenPlan } from "./token-rules.js";
import { TokenStore } from "./tokens.js";

export const CLUSTER_KEY = "core/cluster";

export async function bootstrap(
  physical: KvStore,
  keyring: Keyring,
  now: () => Date,
  rootTokenId: string | undefined,
): Promise<{ rootToken: string; cluster: { name: string; id: string } }> {
  const barrier = new SealedKv(physical, () => keyring);
  const cluster = { name: `kmipd-cluster-${randomBytes(4).toString("hex")}`, id: randomUUID() };
  await putJson(barrier, CLUSTER_KEY, cluster);
  await putJson(barrier, MOUNT_TABLE_KEY, []);
  await new PolicyStore(barrier.view("sys/policy/")).ensureDefault();
  const tokens = await TokenStore.open(barrier.view("sys/token/"), now);
  const { token } = await tokens.create(rootTokenPlan(rootTokenId), undefined);
  return { rootToken: token, cluster };
}

function rootTokenPlan(id: string | undefined): TokenPlan {
  return {
    ...(id !== undefined ? { id } : {}),
    policies: ["root"],
    meta: null,
    orphan: true,
    renewable: false,
    ttl: 0,
    explicitMaxTtl: 0,
    displayName: "root",
    path: "auth/token/root",
  };
}
