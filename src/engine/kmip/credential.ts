/**
 * Client credentials (contract §2.8): generate (certificate + private key), sign (a CSR whose key
 * type and size match the role's), lookup by decimal serial, list serials, and revoke — which
 * deletes the record, so the certificate stops mapping to its role at once (`resolveClient`).
 * `format` is pem (the 1.x default, kept per the contract), pem_bundle or der.
 */
import { X509Certificate } from "node:crypto";
import type { LogicalRequest, PathDef } from "../../api/framework/types.js";
import {
  type CredentialFormat,
  credentialFormats,
  type FormattedCredential,
  formatCredential,
  serialFromDecimal,
  serialToDecimal,
} from "../../pki/index.js";
import type { KmipContext } from "./context.js";
import { issueCredential, loadTarget } from "./credential-issue.js";
import { badRequest, notFound, pkiInput } from "./errors.js";
import { param } from "./fields.js";
import { deleteOp, keys } from "./store.js";

const formatField = {
  type: "string",
  default: "pem",
  allowed: credentialFormats,
  description: "pem, pem_bundle or der.",
} as const;

function credentialResponse(formatted: FormattedCredential): Record<string, unknown> {
  return {
    ca_chain: formatted.caChain,
    certificate: formatted.certificate,
    ...(formatted.privateKey === undefined ? {} : { private_key: formatted.privateKey }),
    serial_number: formatted.serialNumber,
  };
}

function target(ctx: KmipContext, req: LogicalRequest) {
  return loadTarget(ctx, param(req, "scope"), param(req, "role"));
}

async function generate(ctx: KmipContext, req: LogicalRequest, csr?: string) {
  const format = req.get<CredentialFormat>("format");
  const issued = await issueCredential(ctx, await target(ctx, req), csr);
  return { data: credentialResponse(await pkiInput(() => formatCredential(issued, format))) };
}

/** A decimal serial in canonical form ("007" → "7"); anything else is a 400. */
async function canonicalSerial(input: string): Promise<string> {
  return pkiInput(() => serialToDecimal(serialFromDecimal(input.trim())));
}

async function lookup(ctx: KmipContext, req: LogicalRequest) {
  const serial = await canonicalSerial(req.get<string>("serial_number"));
  const scope = await ctx.store.scope(param(req, "scope"));
  const role = scope && (await ctx.store.role(param(req, "scope"), param(req, "role")));
  const record = role && scope && (await ctx.store.credential(scope.id, role.id, serial));
  if (!record) throw notFound();
  const fields = { certificatePem: record.certificatePem, caChain: record.caChain, serialNumber: serial };
  return { data: credentialResponse(await pkiInput(() => formatCredential(fields, req.get("format")))) };
}

async function list(ctx: KmipContext, req: LogicalRequest) {
  const scope = await ctx.store.scope(param(req, "scope"));
  const role = scope && (await ctx.store.role(param(req, "scope"), param(req, "role")));
  return { data: { keys: scope && role ? await ctx.store.credentialSerials(scope.id, role.id) : [] } };
}

/** Exactly one of `serial_number` and `certificate` (contract §2.8). */
async function revokedSerial(req: LogicalRequest): Promise<string> {
  const serial = req.get<string>("serial_number").trim();
  const certificate = req.get<string>("certificate").trim();
  if ((serial === "") === (certificate === "")) {
    throw badRequest("exactly one of serial_number and certificate is required");
  }
  if (serial !== "") return canonicalSerial(serial);
  try {
    return serialToDecimal(new X509Certificate(certificate).serialNumber);
  } catch (error) {
    throw badRequest("certificate is not a PEM certificate", error);
  }
}

async function revoke(ctx: KmipContext, req: LogicalRequest) {
  const serial = await revokedSerial(req);
  return ctx.exclusive(async () => {
    const { scope, role, scopeName, roleName } = await target(ctx, req);
    if (!(await ctx.store.credential(scope.id, role.id, serial))) {
      throw badRequest(`no credential with serial number ${serial} exists for role "${roleName}"`);
    }
    const ops = [deleteOp(keys.credential(scope.id, role.id, serial)), deleteOp(keys.serialIndex(serial))];
    await ctx.commit(ops, { kind: "credential", scope: scopeName, role: roleName });
    return undefined;
  });
}

const base = "scope/:scope/role/:role/credential";

export function credentialPaths(ctx: KmipContext): PathDef[] {
  const generateOp = (req: LogicalRequest) => generate(ctx, req);
  const signOp = (req: LogicalRequest) => generate(ctx, req, req.get<string>("csr"));
  const revokeOp = (req: LogicalRequest) => revoke(ctx, req);
  return [
    {
      pattern: base,
      summary: "List credential serial numbers",
      operations: { list: (req) => list(ctx, req) },
    },
    {
      pattern: `${base}/generate`,
      summary: "Generate a client certificate and private key",
      fields: { format: formatField },
      operations: { create: generateOp, update: generateOp },
    },
    {
      pattern: `${base}/sign`,
      summary: "Sign a client CSR",
      fields: { csr: { type: "string", required: true, description: "The CSR, PEM." }, format: formatField },
      operations: { create: signOp, update: signOp },
    },
    {
      pattern: `${base}/lookup`,
      summary: "Read a client certificate by serial number",
      fields: {
        serial_number: { type: "string", required: true, description: "Decimal serial number." },
        format: formatField,
      },
      operations: { read: (req) => lookup(ctx, req) },
    },
    {
      pattern: `${base}/revoke`,
      summary: "Revoke (delete) a client certificate",
      fields: {
        serial_number: { type: "string", description: "Decimal serial number." },
        certificate: { type: "string", description: "The certificate, PEM." },
      },
      operations: { create: revokeOp, update: revokeOp },
    },
  ];
}
