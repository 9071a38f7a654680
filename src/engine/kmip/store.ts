/**
 * Typed access to the mount storage: one key function per record kind (the layout is documented
 * in `state.ts`), JSON encoding, and `KvOp` builders so a handler can collect every related
 * write and commit them with one `storage.batch` (no half-written state).
 */
import { randomId } from "../../pki/index.js";
import type { KvOp, KvStore } from "../../storage/types.js";
import type {
  ConfigRecord,
  CredentialRecord,
  GeneratedCaRecord,
  ListenerRecord,
  NamedCaRecord,
  RoleIdIndexRecord,
  RoleRecord,
  ScopeRecord,
  SerialIndexRecord,
  ServerCertRecord,
} from "./records.js";

export const keys = {
  config: "config",
  legacyCa: "ca/legacy",
  namedCaPrefix: "ca/named/",
  namedCa: (name: string) => `ca/named/${name}`,
  listenerPrefix: "listener/",
  listener: (name: string) => `listener/${name}`,
  scopePrefix: "scope/",
  scope: (name: string) => `scope/${name}`,
  rolePrefix: (scope: string) => `role/${scope}/`,
  role: (scope: string, role: string) => `role/${scope}/${role}`,
  credentialPrefix: (scopeId: string, roleId: string) => `cred/${scopeId}/${roleId}/`,
  credential: (scopeId: string, roleId: string, serial: string) => `cred/${scopeId}/${roleId}/${serial}`,
  serialIndex: (serial: string) => `index/serial/${serial}`,
  scopeIdIndex: (id: string) => `index/scope-id/${id}`,
  roleIdIndex: (id: string) => `index/role-id/${id}`,
  legacyServerCert: "server/legacy",
  listenerServerCert: (name: string) => `server/listener/${name}`,
  generation: "meta/generation",
} as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function readJson<T>(storage: KvStore, key: string): Promise<T | undefined> {
  const bytes = await storage.get(key);
  return bytes === undefined ? undefined : (JSON.parse(decoder.decode(bytes)) as T);
}

export function putOp(key: string, value: unknown): KvOp {
  return { op: "put", key, value: encoder.encode(JSON.stringify(value)) };
}

export function deleteOp(key: string): KvOp {
  return { op: "delete", key };
}

/** Leaf names under a prefix (sub-folders, which end in "/", are skipped). */
export async function listLeaves(storage: KvStore, prefix: string): Promise<string[]> {
  return (await storage.list(prefix)).filter((entry) => !entry.endsWith("/"));
}

/** A random scope or role id (§3) that `lookup` (its id index) does not know yet. */
export async function freshId(lookup: (id: string) => Promise<unknown>): Promise<string> {
  for (;;) {
    const id = randomId();
    if ((await lookup(id)) === undefined) return id;
  }
}

/** Typed readers for each record kind. */
export class KmipStore {
  constructor(readonly storage: KvStore) {}

  config(): Promise<ConfigRecord | undefined> {
    return readJson(this.storage, keys.config);
  }
  legacyCa(): Promise<GeneratedCaRecord | undefined> {
    return readJson(this.storage, keys.legacyCa);
  }
  namedCa(name: string): Promise<NamedCaRecord | undefined> {
    return readJson(this.storage, keys.namedCa(name));
  }
  namedCaNames(): Promise<string[]> {
    return listLeaves(this.storage, keys.namedCaPrefix);
  }
  listener(name: string): Promise<ListenerRecord | undefined> {
    return readJson(this.storage, keys.listener(name));
  }
  listenerNames(): Promise<string[]> {
    return listLeaves(this.storage, keys.listenerPrefix);
  }
  scope(name: string): Promise<ScopeRecord | undefined> {
    return readJson(this.storage, keys.scope(name));
  }
  scopeNames(): Promise<string[]> {
    return listLeaves(this.storage, keys.scopePrefix);
  }
  role(scope: string, role: string): Promise<RoleRecord | undefined> {
    return readJson(this.storage, keys.role(scope, role));
  }
  roleNames(scope: string): Promise<string[]> {
    return listLeaves(this.storage, keys.rolePrefix(scope));
  }
  credential(scopeId: string, roleId: string, serial: string): Promise<CredentialRecord | undefined> {
    return readJson(this.storage, keys.credential(scopeId, roleId, serial));
  }
  credentialSerials(scopeId: string, roleId: string): Promise<string[]> {
    return listLeaves(this.storage, keys.credentialPrefix(scopeId, roleId));
  }
  serialIndex(serial: string): Promise<SerialIndexRecord | undefined> {
    return readJson(this.storage, keys.serialIndex(serial));
  }
  roleIdIndex(id: string): Promise<RoleIdIndexRecord | undefined> {
    return readJson(this.storage, keys.roleIdIndex(id));
  }
  scopeIdIndex(id: string): Promise<string | undefined> {
    return readJson(this.storage, keys.scopeIdIndex(id));
  }
  serverCert(key: string): Promise<ServerCertRecord | undefined> {
    return readJson(this.storage, key);
  }
  generation(): Promise<string | undefined> {
    return readJson(this.storage, keys.generation);
  }
}
