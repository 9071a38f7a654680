/**
 * Named listeners (Vault 2.0, contract §2.5). A write replaces the listener (`ca` and `address`
 * are required each time) and answers with the stored listener, as the contract's sample shows.
 * `ca` must be a generated CA (it issues the server certificate); `additional_client_cas` may
 * name any CA. Two listeners may not share an address. The KMIP service starts, restarts and
 * stops listeners from `KmipEngineState.listListeners()` and `onChange`.
 */
import type { LogicalRequest, PathDef } from "../../api/framework/types.js";
import { normalizeListenAddress } from "./addresses.js";
import { localhostIps } from "./config-values.js";
import type { KmipContext } from "./context.js";
import { badRequest, checkGenericName, notFound } from "./errors.js";
import { param } from "./fields.js";
import type { ListenerRecord } from "./records.js";
import { checkHostnames, checkIps } from "./san.js";
import { deleteOp, keys, putOp } from "./store.js";
import { checkCipherSuites, checkVersionRange, listenerTlsVersions } from "./tls-options.js";

const fields = {
  ca: { type: "string", required: true, description: "The generated CA that issues the server certificate." },
  address: { type: "string", required: true, description: "host:port to listen on (port 5696 if omitted)." },
  server_hostnames: { type: "comma-string-list", description: "DNS names for the server certificate." },
  server_ips: {
    type: "comma-string-list",
    default: localhostIps,
    description: "IP addresses for the server certificate. Localhost addresses are included by default.",
  },
  additional_client_cas: {
    type: "comma-string-list",
    description: "More CAs trusted for client certificates.",
  },
  also_use_legacy_ca: { type: "bool", default: false, description: "Also trust the legacy CA for clients." },
  tls_min_version: {
    type: "string",
    default: "tls12",
    allowed: listenerTlsVersions,
    description: "tls12 or tls13.",
  },
  tls_max_version: {
    type: "string",
    default: "",
    allowed: ["", ...listenerTlsVersions],
    description: "tls12 or tls13; empty for no maximum.",
  },
  tls_cipher_suites: {
    type: "string",
    default: "",
    description: "Comma-separated Go cipher-suite names for TLS 1.2; empty for the defaults.",
  },
} as const satisfies PathDef["fields"];

export function listenerResponse(record: ListenerRecord): Record<string, unknown> {
  return {
    ca: record.ca,
    address: record.address,
    server_hostnames: record.serverHostnames,
    server_ips: record.serverIps,
    additional_client_cas: record.additionalClientCas,
    also_use_legacy_ca: record.alsoUseLegacyCa,
    tls_min_version: record.tlsMinVersion,
    tls_max_version: record.tlsMaxVersion,
    tls_cipher_suites: record.tlsCipherSuites,
  };
}

function listenerInput(req: LogicalRequest): ListenerRecord {
  const record: ListenerRecord = {
    ca: req.get<string>("ca"),
    address: normalizeListenAddress(req.get<string>("address")),
    serverHostnames: checkHostnames(req.get<string[]>("server_hostnames")),
    serverIps: checkIps(req.get<string[]>("server_ips")),
    additionalClientCas: [...new Set(req.get<string[]>("additional_client_cas"))],
    alsoUseLegacyCa: req.get<boolean>("also_use_legacy_ca"),
    tlsMinVersion: req.get<string>("tls_min_version"),
    tlsMaxVersion: req.get<string>("tls_max_version"),
    tlsCipherSuites: checkCipherSuites(req.get<string>("tls_cipher_suites")),
  };
  checkVersionRange(record.tlsMinVersion, record.tlsMaxVersion);
  return record;
}

async function checkReferences(ctx: KmipContext, name: string, record: ListenerRecord): Promise<void> {
  const ca = await ctx.store.namedCa(record.ca);
  if (!ca) throw badRequest(`CA "${record.ca}" does not exist`);
  if (ca.kind !== "generated") {
    throw badRequest(`CA "${record.ca}" is imported; a listener's ca must be a generated CA`);
  }
  for (const extra of record.additionalClientCas) {
    if (!(await ctx.store.namedCa(extra))) throw badRequest(`CA "${extra}" does not exist`);
  }
  for (const other of await ctx.store.listenerNames()) {
    if (other !== name && (await ctx.store.listener(other))?.address === record.address) {
      throw badRequest(`address ${record.address} is already used by listener "${other}"`);
    }
  }
}

async function writeListener(ctx: KmipContext, req: LogicalRequest) {
  const name = checkGenericName("listener", param(req, "name"));
  const record = listenerInput(req);
  return ctx.exclusive(async () => {
    await checkReferences(ctx, name, record);
    await ctx.listenerGuard?.check(ctx.mountUuid, { name }, [record.address]);
    await ctx.commit([putOp(keys.listener(name), record)], { kind: "listener", name });
    return { data: listenerResponse(record) };
  });
}

async function deleteListener(ctx: KmipContext, req: LogicalRequest) {
  const name = param(req, "name");
  return ctx.exclusive(async () => {
    if (!(await ctx.store.listener(name))) return undefined;
    const ops = [deleteOp(keys.listener(name)), deleteOp(keys.listenerServerCert(name))];
    await ctx.commit(ops, { kind: "listener", name });
    return undefined;
  });
}

export function listenerPaths(ctx: KmipContext): PathDef[] {
  return [
    {
      pattern: "listener",
      summary: "List named listeners",
      operations: { list: async () => ({ data: { keys: await ctx.store.listenerNames() } }) },
    },
    {
      pattern: "listener/:name",
      summary: "Create, read or delete a named listener",
      fields,
      exists: async (req) => (await ctx.store.listener(param(req, "name"))) !== undefined,
      operations: {
        read: async (req) => {
          const record = await ctx.store.listener(param(req, "name"));
          if (!record) throw notFound();
          return { data: listenerResponse(record) };
        },
        create: (req) => writeListener(ctx, req),
        update: (req) => writeListener(ctx, req),
        delete: (req) => deleteListener(ctx, req),
      },
    },
  ];
}
