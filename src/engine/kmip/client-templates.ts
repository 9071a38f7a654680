/**
 * The built-in templates of the KMIP client API (contract §2.9): 22 KMIP 1.4 request messages in
 * the KMIP XML encoding (KMIP Additional Message Encodings v1.0 §6), with `PARAMETER_<name>`
 * placeholders that the caller's parameters replace. A template's parameter list is read from
 * its text (`templateParameters`), so it cannot disagree with the placeholders.
 *
 * Shapes (one Batch Item per operation):
 * - `create`: Create of a Symmetric Key with algorithm, length, usage mask and a Name.
 * - `locate`: Locate by one attribute (`attr_name`, `attr_type`, `attr_value`);
 *   `locate_by_name`: Locate by Name.
 * - `<op>`: the operation on `unique_identifier`; `revoke_destroy` revokes, then destroys it.
 * - `locate_<op>`: Locate by Name, then the operation(s) with no Unique Identifier, so they act
 *   on the ID Placeholder (KMIP 1.4 §4 intro). Locate fills it only when exactly one object
 *   matches (1.4 §4.9), so a name held by several objects fails the later items: nothing is
 *   done to an arbitrary one of them.
 */
import { badRequest } from "./errors.js";

type Lines = readonly string[];

/** Indents every line of a fragment by `depth` levels of two spaces. */
function indent(lines: Lines, depth: number): string[] {
  const pad = "  ".repeat(depth);
  return lines.map((line) => pad + line);
}

function structure(tag: string, children: Lines): string[] {
  if (children.length === 0) return [`<${tag}/>`];
  return [`<${tag}>`, ...indent(children, 1), `</${tag}>`];
}

function param(tag: string, type: string, name: string): string {
  return `<${tag} type="${type}" value="PARAMETER_${name}"/>`;
}

/** A KMIP 1.x Attribute (1.4 §2.1.1) whose value is a scalar of the caller's type. */
const anyAttribute = structure("Attribute", [
  param("AttributeName", "TextString", "attr_name"),
  '<AttributeValue type="PARAMETER_attr_type" value="PARAMETER_attr_value"/>',
]);

const nameAttribute = structure("Attribute", [
  '<AttributeName type="TextString" value="Name"/>',
  ...structure("AttributeValue", [
    param("NameValue", "TextString", "name"),
    '<NameType type="Enumeration" value="UninterpretedTextString"/>',
  ]),
]);

function scalarAttribute(attributeName: string, type: string, parameter: string): string[] {
  return structure("Attribute", [
    `<AttributeName type="TextString" value="${attributeName}"/>`,
    param("AttributeValue", type, parameter),
  ]);
}

/** The object an item acts on: a given Unique Identifier, or none (the ID Placeholder). */
type Target = Lines;
const byIdentifier: Target = [param("UniqueIdentifier", "TextString", "unique_identifier")];
const byPlaceholder: Target = [];

function item(operation: string, payload: Lines): string[] {
  return structure("BatchItem", [
    `<Operation type="Enumeration" value="${operation}"/>`,
    ...structure("RequestPayload", payload),
  ]);
}

/** A KMIP 1.4 Request Message (1.4 §7.1) of the given Batch Items. */
function message(items: readonly Lines[]): string {
  const header = structure("RequestHeader", [
    ...structure("ProtocolVersion", [
      '<ProtocolVersionMajor type="Integer" value="1"/>',
      '<ProtocolVersionMinor type="Integer" value="4"/>',
    ]),
    `<BatchCount type="Integer" value="${items.length}"/>`,
  ]);
  return structure("RequestMessage", [...header, ...items.flat()]).join("\n");
}

const create = item("Create", [
  '<ObjectType type="Enumeration" value="SymmetricKey"/>',
  ...structure("TemplateAttribute", [
    ...scalarAttribute("Cryptographic Algorithm", "Enumeration", "algorithm"),
    ...scalarAttribute("Cryptographic Length", "Integer", "length"),
    ...scalarAttribute("Cryptographic Usage Mask", "Integer", "usage_mask"),
    ...nameAttribute,
  ]),
]);

const locateByName = item("Locate", nameAttribute);

/** Encrypt and Decrypt input (1.4 §4.29, §4.30): mode, padding, data and IV, all given. */
const cipherInput = [
  ...structure("CryptographicParameters", [
    param("BlockCipherMode", "Enumeration", "block_cipher_mode"),
    param("PaddingMethod", "Enumeration", "padding_method"),
  ]),
  param("Data", "ByteString", "data"),
  param("IVCounterNonce", "ByteString", "iv_counter_nonce"),
];

/** The operations that act on one object, by template name. */
const onObject: Readonly<Record<string, (target: Target) => string[]>> = {
  addattribute: (t) => item("AddAttribute", [...t, ...anyAttribute]),
  decrypt: (t) => item("Decrypt", [...t, ...cipherInput]),
  destroy: (t) => item("Destroy", t),
  encrypt: (t) => item("Encrypt", [...t, ...cipherInput]),
  get: (t) => item("Get", t),
  getattribute: (t) => item("GetAttributes", [...t, param("AttributeName", "TextString", "attr_name")]),
  getattributelist: (t) => item("GetAttributeList", t),
  getattributes: (t) => item("GetAttributes", t),
  modifyattribute: (t) => item("ModifyAttribute", [...t, ...anyAttribute]),
  revoke: (t) =>
    item("Revoke", [
      ...t,
      ...structure("RevocationReason", [
        param("RevocationReasonCode", "Enumeration", "revocation_reason_code"),
      ]),
    ]),
};

function on(operation: string, target: Target): string[] {
  const build = onObject[operation];
  if (build === undefined) throw new Error(`no template item for ${operation}`);
  return build(target);
}

/** The operations with a template on `unique_identifier` (`get`), and after a Locate (`locate_get`). */
const single = [
  "addattribute",
  "destroy",
  "get",
  "getattribute",
  "getattributelist",
  "getattributes",
  "modifyattribute",
  "revoke",
];
const located = [...single.filter((op) => op !== "destroy"), "decrypt", "encrypt"];

function buildTemplates(): Map<string, string> {
  const out = new Map<string, string>([
    ["create", message([create])],
    ["locate", message([item("Locate", anyAttribute)])],
    ["locate_by_name", message([locateByName])],
    ["revoke_destroy", message([on("revoke", byIdentifier), on("destroy", byIdentifier)])],
    [
      "locate_revoke_destroy",
      message([locateByName, on("revoke", byPlaceholder), on("destroy", byPlaceholder)]),
    ],
  ]);
  for (const op of single) out.set(op, message([on(op, byIdentifier)]));
  for (const op of located) out.set(`locate_${op}`, message([locateByName, on(op, byPlaceholder)]));
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Built-in template name → KMIP XML text, in name order. */
export const builtinTemplates: ReadonlyMap<string, string> = buildTemplates();

/** `PARAMETER_<name>`: a name is letters, digits and underscores. */
export const placeholderPattern = /PARAMETER_(\w+)/g;

/** The distinct parameter names a template's text uses, sorted (the `parameters` of §2.9). */
export function templateParameters(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(placeholderPattern)) names.add(match[1] ?? "");
  return [...names].sort();
}

/** Text for an XML attribute value (XML 1.0 §2.4, §3.3.3). */
function escapeXml(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

/**
 * The template with every `PARAMETER_<name>` replaced by its value, XML-escaped, in one pass (a
 * value is never scanned for placeholders). An unbound placeholder is a 400 (§2.9).
 */
export function bindParameters(text: string, params: ReadonlyMap<string, string>): string {
  const unbound = templateParameters(text).filter((name) => !params.has(name));
  if (unbound.length > 0) {
    throw badRequest(`the template has unbound parameters: ${unbound.join(", ")}`);
  }
  return text.replace(placeholderPattern, (_, name: string) => escapeXml(params.get(name) ?? ""));
}
