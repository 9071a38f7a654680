/**
 * `kmip/config` (contract §2.2). The first write generates the legacy CA hierarchy (root
 * `kmipd kmip root`, pathlen 10 → intermediate, pathlen 9). A later write that changes
 * `tls_ca_key_type`/`tls_ca_key_bits` generates a new hierarchy: certificates issued under the
 * old one (client credentials, the server certificate) no longer verify and must be reissued —
 * the contract's recommendation for what Vault leaves undocumented (§2.2 behavioural notes, §10).
 * Other changes keep the CA; the server certificate is reissued lazily when its names change.
 */
import type { LogicalRequest, PathDef } from "../../api/framework/types.js";
import { generateCaRecord } from "./ca-records.js";
import {
  type ConfigInput,
  clientTtlDefault,
  configDefaults,
  configResponse,
  mergeConfig,
} from "./config-values.js";
import type { KmipContext } from "./context.js";
import { keyBitsHelp, keyTypeField, sent } from "./fields.js";
import { keys, putOp } from "./store.js";
import { configTlsVersions } from "./tls-options.js";

const fields = {
  listen_addrs: {
    type: "comma-string-list",
    default: ["127.0.0.1:5696"],
    description:
      "A list of address:port to listen on. A bare address without port may be provided, in which case port 5696 is assumed.",
  },
  connection_timeout: {
    type: "duration",
    default: 1,
    description: "Duration in seconds or as a string (1s) within which connections must become ready.",
  },
  server_hostnames: {
    type: "comma-string-list",
    default: ["localhost"],
    description: "Hostnames for the server certificate; the first one is its common name.",
  },
  server_ips: {
    type: "comma-string-list",
    description: "IP addresses for the server certificate. Localhost (IPv4 and IPv6) is always included.",
  },
  tls_ca_key_type: keyTypeField("CA key type, rsa or ec.", "ec"),
  tls_ca_key_bits: { type: "int", default: 256, description: `CA key bits. ${keyBitsHelp}` },
  tls_min_version: {
    type: "string",
    default: "tls12",
    allowed: configTlsVersions,
    description: "Minimum TLS version: tls10, tls11, tls12 or tls13.",
  },
  default_tls_client_key_type: keyTypeField("Default client certificate key type, rsa or ec.", "ec"),
  default_tls_client_key_bits: {
    type: "int",
    default: 256,
    description: `Default client certificate key bits. ${keyBitsHelp}`,
  },
  default_tls_client_ttl: {
    type: "duration",
    default: clientTtlDefault,
    description: "Default client certificate TTL, in seconds or as a duration (336h).",
  },
} as const satisfies PathDef["fields"];

function configInput(req: LogicalRequest): ConfigInput {
  return {
    listenAddrs: sent(req, "listen_addrs"),
    connectionTimeout: sent(req, "connection_timeout"),
    serverHostnames: sent(req, "server_hostnames"),
    serverIps: sent(req, "server_ips"),
    tlsCaKeyType: sent(req, "tls_ca_key_type"),
    tlsCaKeyBits: sent(req, "tls_ca_key_bits"),
    tlsMinVersion: sent(req, "tls_min_version"),
    defaultTlsClientKeyType: sent(req, "default_tls_client_key_type"),
    defaultTlsClientKeyBits: sent(req, "default_tls_client_key_bits"),
    defaultTlsClientTtl: sent(req, "default_tls_client_ttl"),
  };
}

async function writeConfig(ctx: KmipContext, req: LogicalRequest): Promise<undefined> {
  const input = configInput(req); // converts (and rejects) every field before the lock
  return ctx.exclusive(async () => {
    const next = await mergeConfig((await ctx.store.config()) ?? configDefaults, input);
    // Refuse an address the KMIP service cannot bind before anything is committed.
    await ctx.listenerGuard?.check(ctx.mountUuid, "legacy", next.listenAddrs);
    const ops = [putOp(keys.config, next)];
    const legacy = await ctx.store.legacyCa();
    if (!legacy || legacy.keyType !== next.tlsCaKeyType || legacy.keyBits !== next.tlsCaKeyBits) {
      const ca = await generateCaRecord({
        keyType: next.tlsCaKeyType,
        keyBits: next.tlsCaKeyBits,
        now: ctx.now(),
      });
      ops.push(putOp(keys.legacyCa, ca));
    }
    await ctx.commit(ops, { kind: "config" });
    return undefined;
  });
}

export function configPaths(ctx: KmipContext): PathDef[] {
  return [
    {
      pattern: "config",
      summary: "Configure the KMIP listener, its CA and client certificate defaults",
      description:
        "The first write generates the CA and starts listening; changing the CA key type or bits generates a new CA.",
      fields,
      exists: async () => (await ctx.store.config()) !== undefined,
      operations: {
        // Before the first write, a read shows the defaults the first write would apply.
        read: async () => ({ data: configResponse((await ctx.store.config()) ?? configDefaults) }),
        create: (req) => writeConfig(ctx, req),
        update: (req) => writeConfig(ctx, req),
      },
    },
  ];
}
