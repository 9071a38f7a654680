/**
 * The engine's state and the read API the KMIP service uses.
 *
 * Storage layout (keys of the mount's storage view; values are JSON records from
 * `records.ts`; the core seals the view, so CA and server private keys may live here):
 *
 *   config                                   ConfigRecord (absent until the first write)
 *   ca/legacy                                GeneratedCaRecord: the legacy root + intermediate
 *   ca/named/<name>                          NamedCaRecord: generated or imported (Vault 2.0)
 *   ca/certify                               GeneratedCaRecord: the Certify CA, made on first use
 *   listener/<name>                          ListenerRecord
 *   scope/<scope>                            ScopeRecord { id }
 *   role/<scope>/<role>                      RoleRecord { id, operations, tls_client_*, ca }
 *   cred/<scope id>/<role id>/<serial>       CredentialRecord (decimal serial; revoke deletes it)
 *   index/serial/<serial>                    SerialIndexRecord: serial → scope/role names and ids
 *   index/scope-id/<id>                      scope name (keeps ids unique)
 *   index/role-id/<id>                       { scopeName, roleName } (keeps ids unique)
 *   server/legacy, server/listener/<name>    ServerCertRecord: cached server certificate + key
 *   meta/generation                          random marker rewritten by every management commit
 *   objects/<scope id>/...                   managed objects (the default `ManagedObjects`)
 *
 * Roles sit under `role/` rather than `scope/<scope>/role/` so that listing `scope/` returns
 * scope names only. Credentials are keyed by ids, not names: a re-created scope or role (new
 * ids) starts with no credentials, and the old ones are deleted with the old role.
 */
import type { CertificateAuthority } from "../../operations/types.js";
import type { TrustedCa } from "../../pki/index.js";
import { caChainOf } from "./ca-records.js";
import { mountCertificateAuthority } from "./certify-ca.js";
import type { ChangeEvents, ChangeListener } from "./events.js";
import { type ClientIdentity, type ClientLookup, resolveClient } from "./identity.js";
import { type ConfigRecord, legacyCaName } from "./records.js";
import { type ListenerInfo, type ServerCredentials, serverCredentials } from "./server-credentials.js";
import type { KmipStore } from "./store.js";

export type { ClientIdentity, ClientLookup } from "./identity.js";
export { legacyCaName } from "./records.js";
export type { ListenerInfo, ServerCredentials } from "./server-credentials.js";

/**
 * What the KMIP service reads. The legacy listener serves `getConfig().listenAddrs` with
 * `serverCredentials("legacy")` and trusts `trustedClientCas("legacy")`; each named listener
 * from `listListeners()` likewise with its own record. After a handshake, the service finds the
 * CA that issued the peer certificate (`verifyPeerCertificate` of `src/pki` returns its name)
 * and calls `resolveClient` — on every new session, and again when `onChange` fires.
 */
export class KmipEngineState {
  constructor(
    private readonly store: KmipStore,
    private readonly events: ChangeEvents,
    private readonly now: () => Date,
  ) {}

  /** The stored config, or undefined before the first `kmip/config` write (no legacy listener). */
  getConfig(): Promise<ConfigRecord | undefined> {
    return this.store.config();
  }

  async listListeners(): Promise<ListenerInfo[]> {
    const out: ListenerInfo[] = [];
    for (const name of await this.store.listenerNames()) {
      const record = await this.store.listener(name);
      if (record) out.push({ name, ...record });
    }
    return out;
  }

  /**
   * The CAs whose clients `listener` accepts. The legacy listener trusts the legacy CA only; a
   * named listener trusts its `ca`, its `additional_client_cas`, and the legacy CA when
   * `also_use_legacy_ca` is set (contract §2.5). Generated CAs contribute intermediate + root.
   */
  async trustedClientCas(listener: ListenerInfo | "legacy"): Promise<TrustedCa[]> {
    const out: TrustedCa[] = [];
    const legacy = listener === "legacy" || listener.alsoUseLegacyCa;
    if (legacy) {
      const ca = (await this.store.config()) ? await this.store.legacyCa() : undefined;
      if (ca) out.push({ name: legacyCaName, certificatesPem: caChainOf(ca) });
    }
    if (listener === "legacy") return out;
    for (const name of new Set([listener.ca, ...listener.additionalClientCas])) {
      const ca = await this.store.namedCa(name);
      if (ca) out.push({ name, certificatesPem: caChainOf(ca) });
    }
    return out;
  }

  /** The server certificate and key to present; issued on demand, cached until inputs change. */
  serverCredentials(listener: ListenerInfo | "legacy"): Promise<ServerCredentials> {
    return serverCredentials(this.store, listener, this.now());
  }

  /** The scope, role and operations of a verified client certificate, or undefined. */
  resolveClient(lookup: ClientLookup): Promise<ClientIdentity | undefined> {
    return resolveClient(this.store, lookup);
  }

  /** The mount's Certify CA for KMIP Certify / Re-certify (`certify-ca.ts`), made on first use. */
  certificateAuthority(): CertificateAuthority {
    return mountCertificateAuthority(this.store);
  }

  /** Config, CA, listener, scope, role and credential changes; returns an unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    return this.events.on(listener);
  }
}
