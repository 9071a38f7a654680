/**
 * The OpenAPI 3 document of the API, generated from the path tables the server routes with, so
 * it cannot drift from them (API docs "/sys/internal/specs/openapi"; Vault's extensions
 * `x-vault-sudo`, `x-vault-unauthenticated`, `x-vault-createSupported`). Paths are per mount
 * ("/kmip/scope/{scope}"), fields of reads are query parameters, fields of writes a JSON request
 * body; a list is a GET on the path with a trailing slash and `list=true`, as Vault documents it.
 */
import type { RouteTable } from "./framework/router.js";
import type { FieldDef, FieldType, Operation, PathDef } from "./framework/types.js";

type Json = Record<string, unknown>;

const TYPES: Record<FieldType, Json> = {
  string: { type: "string" },
  int: { type: "integer" },
  bool: { type: "boolean" },
  duration: { type: "string", format: "duration" },
  "comma-string-list": { type: "array", items: { type: "string" } },
  map: { type: "object" },
};

export function openApiDocument(tables: readonly RouteTable[], version: string): Json {
  const paths: Json = {};
  const sorted = [...tables].sort((a, b) => a.path.localeCompare(b.path));
  for (const table of sorted) {
    for (const def of table.defs) Object.assign(paths, pathItems(table, def));
  }
  return {
    openapi: "3.0.2",
    info: {
      title: "kmipd API",
      description:
        "HTTP API of kmipd, compatible with HashiCorp Vault's. All routes are prefixed with `/v1/`.",
      version,
      license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
    },
    paths,
  };
}

function pathItems(table: RouteTable, def: PathDef): Json {
  const segments = def.pattern === "" ? [] : def.pattern.split("/");
  const pathParams = segments.filter((s) => s.startsWith(":") || s.startsWith("*")).map((s) => s.slice(1));
  const url = `/${table.path}${segments.map((s) => (s.startsWith(":") || s.startsWith("*") ? `{${s.slice(1)}}` : s)).join("/")}`;
  const common = itemCommon(def, pathParams);
  const tag = table.system ? (table.path === "sys/" ? "system" : "auth") : "secrets";
  const ops = def.operations;
  const item: Json = { ...common };
  if (ops.read) item.get = operation(def, "read", url, tag, queryParams(def, pathParams));
  if (ops.create || ops.update)
    item.post = { ...operation(def, "update", url, tag, []), ...body(def, pathParams) };
  if (ops.delete) item.delete = operation(def, "delete", url, tag, []);
  const out: Json = {};
  if (item.get || item.post || item.delete) out[url] = item;
  if (ops.list) {
    const listParam = {
      name: "list",
      in: "query",
      required: true,
      schema: { type: "string", enum: ["true"] },
    };
    out[`${url}/`] = { ...common, get: operation(def, "list", `${url}/`, tag, [listParam]) };
  }
  return out;
}

function itemCommon(def: PathDef, pathParams: string[]): Json {
  const item: Json = { description: def.description ?? def.summary };
  if (pathParams.length > 0) {
    item.parameters = pathParams.map((name) => ({
      name,
      in: "path",
      required: true,
      description: def.fields?.[name]?.description ?? name,
      schema: { type: "string" },
    }));
  }
  if (def.sudo) item["x-vault-sudo"] = true;
  if (def.unauthenticated) item["x-vault-unauthenticated"] = true;
  if (def.operations.create) item["x-vault-createSupported"] = true;
  return item;
}

function operation(def: PathDef, op: Operation, url: string, tag: string, parameters: Json[]): Json {
  const out: Json = {
    summary: def.summary,
    operationId: `${op}${url.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, "")}`,
    tags: [tag],
    responses: { "200": { description: "OK" }, "204": { description: "OK, no content" } },
  };
  if (parameters.length > 0) out.parameters = parameters;
  return out;
}

function bodyFields(def: PathDef, pathParams: string[]): [string, FieldDef][] {
  return Object.entries(def.fields ?? {}).filter(([name]) => !pathParams.includes(name));
}

function queryParams(def: PathDef, pathParams: string[]): Json[] {
  return bodyFields(def, pathParams).map(([name, f]) => ({
    name,
    in: "query",
    description: f.description,
    schema: schema(f),
  }));
}

function body(def: PathDef, pathParams: string[]): Json {
  const fields = bodyFields(def, pathParams);
  if (fields.length === 0) return {};
  const properties = Object.fromEntries(
    fields.map(([name, f]) => [name, { ...schema(f), description: f.description }]),
  );
  const required = fields.filter(([, f]) => f.required).map(([name]) => name);
  const objectSchema: Json = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  return {
    requestBody: { required: required.length > 0, content: { "application/json": { schema: objectSchema } } },
  };
}

function schema(f: FieldDef): Json {
  return {
    ...TYPES[f.type],
    ...(f.default !== undefined ? { default: f.default } : {}),
    ...(f.allowed ? { enum: [...f.allowed] } : {}),
  };
}
