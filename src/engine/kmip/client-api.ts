/**
 * The KMIP client API (contract §2.9): KMIP requests written in the KMIP XML encoding, sent over
 * HTTP and run as a scope/role through the KMIP service, as a client with a certificate of that
 * role would run them.
 *
 * - `LIST template`, `GET template/:name`: the built-ins of `client-templates.ts`.
 * - `POST scope/:scope/role/:role/client[/*operations]`: `template` (a built-in name, or raw XML
 *   when it contains "<"), else the built-in named by the operations path joined with "_"
 *   (`client/locate/get` → `locate_get`). Parameters come from `params` and the shortcut fields;
 *   a name given both ways with different values is a 400. Every `PARAMETER_<name>` is replaced
 *   by its value, XML-escaped; a placeholder left unbound is a 400, a parameter the template does
 *   not use is a warning. The response is `{ response: "<KMIP><ResponseMessage>…" }`, status
 *   200 whatever the KMIP outcome: a KMIP failure (Permission Denied …) is in the XML.
 *
 * Vault ships this as an experiment (`-experiment kmip.client_api.alpha1`, §2.9); kmipd enables
 * it always. It gives no power beyond the role's: the HTTP ACL guards the path, and the role's
 * operation flags apply inside the KMIP request exactly as on the TLS listener.
 */
import type { LogicalRequest, PathDef } from "../../api/framework/types.js";
import { kmipDictionary } from "../../kmip/dictionary.js";
import { Operation } from "../../kmip/generated/enums.js";
import { operationName } from "../../operations/registry.js";
import type { ClientIdentity } from "../../operations/types.js";
import { decodeTtlv } from "../../ttlv/decode.js";
import { encodeTtlv } from "../../ttlv/encode.js";
import { TtlvError } from "../../ttlv/errors.js";
import { ItemType } from "../../ttlv/types.js";
import { parseKmipXml, toKmipXmlDocument } from "../../ttlv/xml.js";
import { bindParameters, builtinTemplates, templateParameters } from "./client-templates.js";
import type { KmipContext } from "./context.js";
import { badRequest, notFound } from "./errors.js";
import { param } from "./fields.js";
import { grantedOperations } from "./role-flags.js";

/** Runs one encoded request message as `identity` on the mount (the KMIP service). */
export interface KmipClientRunner {
  answer(mountUuid: string, identity: ClientIdentity, request: Uint8Array): Promise<Uint8Array>;
}

/** The certificate serial the identity reports (logs, audit) for requests made over HTTP. */
export const httpClientSerial = "http-client-api";

const REQUEST_MESSAGE = 0x420078; // KMIP 1.4 §9.1.3.1

/** The shortcut parameters of §2.9, each also settable through `params`. */
const shortcuts: Readonly<Record<string, string>> = {
  algorithm: "Cryptographic Algorithm, e.g. AES.",
  attr_name: "Attribute Name, e.g. Object Type.",
  attr_type: "Attribute Value type: Boolean, DateTime, Enumeration, Integer, Interval or TextString.",
  attr_value: "Attribute Value, in the KMIP XML form of its type.",
  block_cipher_mode: "Block Cipher Mode, e.g. CBC.",
  data: "Data to encrypt or decrypt, in hex.",
  iv_counter_nonce: "IV/Counter/Nonce, in hex.",
  length: "Cryptographic Length in bits, e.g. 256.",
  name: "The object's Name.",
  padding_method: "Padding Method, e.g. PKCS5.",
  revocation_reason_code: "Revocation Reason Code, e.g. Unspecified.",
  unique_identifier: "The object's Unique Identifier.",
  usage_mask: 'Cryptographic Usage Mask, e.g. "Encrypt Decrypt".',
};

const clientFields: PathDef["fields"] = {
  template: { type: "string", description: "A built-in template name, or KMIP XML with PARAMETER_<name>." },
  params: { type: "map", description: "Template parameters by name." },
  ...Object.fromEntries(
    Object.entries(shortcuts).map(([name, description]) => [name, { type: "string", description }]),
  ),
};

const attrTypes = ["Boolean", "DateTime", "Enumeration", "Integer", "Interval", "TextString"];
const hex = /^(?:[0-9a-fA-F]{2})*$/;

/** Values the templates put where only some text is valid; checked for a clear 400. */
function checkParam(name: string, value: string): void {
  if (name === "attr_type" && !attrTypes.includes(value))
    throw badRequest(`attr_type must be one of ${attrTypes.join(", ")}`);
  if ((name === "data" || name === "iv_counter_nonce") && !hex.test(value))
    throw badRequest(`${name} must be hex (two digits per byte)`);
}

/** `params` merged with the shortcut fields; the same name with two values is a 400. */
function collectParams(req: LogicalRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(req.get<Record<string, unknown>>("params"))) {
    if (!/^\w+$/.test(name)) throw badRequest(`invalid parameter name "${name}"`);
    if (value === null || value === undefined) continue;
    if (typeof value === "object") throw badRequest(`parameter "${name}" must be a string or number`);
    out.set(name, String(value));
  }
  for (const name of Object.keys(shortcuts)) {
    if (!req.has(name)) continue;
    const value = req.get<string>(name);
    if (out.has(name) && out.get(name) !== value)
      throw badRequest(`parameter "${name}" was given twice with different values`);
    out.set(name, value);
  }
  for (const [name, value] of out) checkParam(name, value);
  return out;
}

/** The template text: `template` (name or XML), else the built-in the operations path names. */
function templateText(req: LogicalRequest): string {
  const given = req.get<string>("template").trim();
  const name = given !== "" ? given : (req.params.operations ?? "").split("/").filter(Boolean).join("_");
  if (name === "")
    throw badRequest("a template is required: a built-in name, raw XML, or client/<operations>");
  if (name.includes("<")) return name;
  const text = builtinTemplates.get(name);
  if (text === undefined) throw badRequest(`unknown template "${name}"; LIST template shows the built-ins`);
  return text;
}

/** Binds, parses and encodes the request message; bad XML or values are a 400. */
function encodeRequest(template: string, params: ReadonlyMap<string, string>): Uint8Array {
  const xml = bindParameters(template, params);
  try {
    const item = parseKmipXml(xml, kmipDictionary);
    if (item.tag !== REQUEST_MESSAGE || item.type !== ItemType.Structure)
      throw badRequest("the template must be one <RequestMessage>");
    return encodeTtlv(item);
  } catch (error) {
    if (error instanceof TtlvError) throw badRequest(`invalid KMIP XML: ${error.message}`, error);
    throw error;
  }
}

/** The identity a certificate of this scope/role would resolve to (contract §3), or a 400. */
async function identityOf(ctx: KmipContext, scopeName: string, roleName: string): Promise<ClientIdentity> {
  const scope = await ctx.store.scope(scopeName);
  if (!scope) throw badRequest(`scope "${scopeName}" does not exist`);
  const role = await ctx.store.role(scopeName, roleName);
  if (!role) throw badRequest(`role "${roleName}" does not exist in scope "${scopeName}"`);
  const operations = new Set<string>();
  for (const key of grantedOperations(role.operations)) {
    const name = operationName(Operation[key]);
    if (name !== undefined) operations.add(name);
  }
  return {
    scopeName,
    scopeId: scope.id,
    roleName,
    roleId: role.id,
    certificateSerial: httpClientSerial,
    operations,
  };
}

/** The response message as a `<KMIP>` document (the shape of §2.9's `response`). */
function renderResponse(bytes: Uint8Array): string {
  const room = Math.max(bytes.length, 1024 * 1024);
  const item = decodeTtlv(bytes, { messageBytesMax: room, byteStringBytesMax: room, textBytesMax: room });
  return toKmipXmlDocument([item], kmipDictionary);
}

async function runClient(ctx: KmipContext, runner: KmipClientRunner | undefined, req: LogicalRequest) {
  const template = templateText(req);
  const params = collectParams(req);
  const request = encodeRequest(template, params);
  const identity = await identityOf(ctx, param(req, "scope"), param(req, "role"));
  if (runner === undefined) throw new Error("the KMIP client API has no KMIP service to run requests");
  const response = renderResponse(await runner.answer(ctx.mountUuid, identity, request));
  const used = new Set(templateParameters(template));
  const unused = [...params.keys()].filter((name) => !used.has(name));
  const warnings = unused.map((name) => `parameter "${name}" is not used by the template`);
  return { data: { response }, ...(warnings.length > 0 && { warnings }) };
}

export function clientPaths(ctx: KmipContext, runner: KmipClientRunner | undefined): PathDef[] {
  const client: PathDef["operations"] = { update: (req) => runClient(ctx, runner, req) };
  const summary = "Run KMIP operations written as KMIP XML as the scope/role (alpha)";
  return [
    {
      pattern: "template",
      summary: "List the built-in KMIP XML templates (alpha)",
      operations: { list: async () => ({ data: { keys: [...builtinTemplates.keys()] } }) },
    },
    {
      pattern: "template/:name",
      summary: "Read a built-in KMIP XML template and its parameters (alpha)",
      operations: {
        read: async (req) => {
          const template = builtinTemplates.get(param(req, "name"));
          if (template === undefined) throw notFound();
          return { data: { template, parameters: templateParameters(template) } };
        },
      },
    },
    { pattern: "scope/:scope/role/:role/client", summary, fields: clientFields, operations: client },
    {
      pattern: "scope/:scope/role/:role/client/*operations",
      summary,
      fields: clientFields,
      operations: client,
    },
  ];
}
