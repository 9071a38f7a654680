/**
 * The KMIP client API (contract §2.9) at the engine: the built-in templates (each a valid KMIP
 * 1.4 request once bound, parameter lists equal to the placeholders), parameter binding, and
 * the client path against a stub KMIP service that records what it is asked to run.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  bindParameters,
  builtinTemplates,
  templateParameters,
} from "../../../src/engine/kmip/client-templates.js";
import { readJson } from "../../../src/engine/kmip/store.js";
import { kmipDictionary } from "../../../src/kmip/dictionary.js";
import { newDecodeReport } from "../../../src/kmip/schema/index.js";
import type { ClientIdentity } from "../../../src/operations/types.js";
import { parseRequest } from "../../../src/server/request.js";
import { decodeTtlv } from "../../../src/ttlv/decode.js";
import { encodeTtlv } from "../../../src/ttlv/encode.js";
import { ItemType } from "../../../src/ttlv/types.js";
import { parseKmipXml } from "../../../src/ttlv/xml.js";
import { type Engine, expectApiError, newEngine } from "./harness.js";

const samples: Record<string, string> = {
  algorithm: "AES",
  attr_name: "Object Group",
  attr_type: "TextString",
  attr_value: "group-1",
  block_cipher_mode: "CBC",
  data: "00112233445566778899aabbccddeeff",
  iv_counter_nonce: "000102030405060708090a0b0c0d0e0f",
  length: "256",
  name: "key-1",
  padding_method: "PKCS5",
  revocation_reason_code: "Unspecified",
  unique_identifier: "uid-1",
  usage_mask: "Encrypt Decrypt",
};

const contractNames = [
  "addattribute",
  "create",
  "destroy",
  "get",
  "getattribute",
  "getattributelist",
  "getattributes",
  "locate",
  "locate_addattribute",
  "locate_by_name",
  "locate_decrypt",
  "locate_encrypt",
  "locate_get",
  "locate_getattribute",
  "locate_getattributelist",
  "locate_getattributes",
  "locate_modifyattribute",
  "locate_revoke",
  "locate_revoke_destroy",
  "modifyattribute",
  "revoke",
  "revoke_destroy",
];

describe("built-in templates", () => {
  it("are the 22 of the contract, in name order", () => {
    expect([...builtinTemplates.keys()]).toEqual(contractNames);
  });

  it.each(contractNames)("%s binds, parses and reads as a KMIP 1.4 request", (name) => {
    const text = builtinTemplates.get(name)!;
    const parameters = templateParameters(text);
    const placeholders = [...text.matchAll(/PARAMETER_([a-z_]+)/g)].map((m) => m[1]);
    expect(parameters).toEqual([...new Set(placeholders)].sort());
    const params = new Map(parameters.map((p) => [p, samples[p] ?? "missing sample"]));
    const item = parseKmipXml(bindParameters(text, params), kmipDictionary);
    const tree = decodeTtlv(encodeTtlv(item));
    const request = parseRequest(tree, 14, newDecodeReport());
    expect(request.items.length).toBe(text.split("<BatchItem>").length - 1);
    for (const parsed of request.items) expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    expect(request.header.batchCount).toBe(request.items.length);
  });

  it("shows the create parameters of the contract's example", () => {
    expect(templateParameters(builtinTemplates.get("create")!)).toEqual([
      "algorithm",
      "length",
      "name",
      "usage_mask",
    ]);
  });

  it("escapes values and never expands a placeholder inside a value", () => {
    const text = '<NameValue type="TextString" value="PARAMETER_name"/>';
    const bound = bindParameters(text, new Map([["name", 'a&b<"PARAMETER_x">\'']]));
    const item = parseKmipXml(bound, kmipDictionary);
    expect(item).toMatchObject({ type: ItemType.TextString, value: 'a&b<"PARAMETER_x">\'' });
  });

  it("refuses unbound parameters with a 400", async () => {
    await expectApiError(
      (async () => bindParameters(builtinTemplates.get("get")!, new Map()))(),
      400,
      /unique_identifier/,
    );
  });
});

interface Call {
  mountUuid: string;
  identity: ClientIdentity;
  request: Uint8Array;
}

describe("client path", () => {
  let engine: Engine;
  let calls: Call[];
  const canned = parseKmipXml(
    `<ResponseMessage><ResponseHeader><ProtocolVersion>
       <ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/>
     </ProtocolVersion><TimeStamp type="DateTime" value="2024-01-01T00:00:00Z"/>
     <BatchCount type="Integer" value="0"/></ResponseHeader></ResponseMessage>`,
    kmipDictionary,
  );

  beforeEach(async () => {
    calls = [];
    engine = await newEngine({
      kmipClient: {
        async answer(mountUuid, identity, request) {
          calls.push({ mountUuid, identity, request });
          return encodeTtlv(canned);
        },
      },
    });
    await engine.write("scope/s");
    await engine.write("scope/s/role/r", { operation_get: true, operation_locate: true });
  });
  afterEach(() => engine.storage.close());

  it("runs a built-in template as the role, with its certificate's identity", async () => {
    const out = await engine.write("scope/s/role/r/client", { template: "get", unique_identifier: "u1" });
    expect(out?.response).toMatch(/^<KMIP>\n {2}<ResponseMessage>/);
    const [call] = calls;
    expect(call?.mountUuid).toBe("mount-uuid");
    expect(call?.identity).toMatchObject({
      scopeName: "s",
      roleName: "r",
      certificateSerial: "http-client-api",
    });
    expect([...(call?.identity.operations ?? [])].sort()).toEqual(["Get", "Locate"]);
    const scope = await readJson<{ id: string }>(engine.storage, "scope/s");
    const stored = await readJson<{ id: string }>(engine.storage, "role/s/r");
    expect(call?.identity).toMatchObject({ scopeId: scope?.id, roleId: stored?.id });
    const xml = parseKmipXml(
      bindParameters(builtinTemplates.get("get")!, new Map([["unique_identifier", "u1"]])),
      kmipDictionary,
    );
    expect(Buffer.from(call!.request)).toEqual(encodeTtlv(xml));
  });

  it("takes raw XML with params, and warns about unused parameters", async () => {
    const template = builtinTemplates.get("locate_by_name")!;
    const res = await engine.call("update", "scope/s/role/r/client", {
      template,
      params: { name: "n1", extra: 5 },
    });
    expect(res?.warnings).toEqual(['parameter "extra" is not used by the template']);
    expect(calls).toHaveLength(1);
  });

  it("answers bad input with a 400", async () => {
    const at = "scope/s/role/r/client";
    await expectApiError(engine.write(at, { template: "nope" }), 400, /unknown template/);
    await expectApiError(engine.write(at, {}), 400, /template is required/);
    await expectApiError(engine.write(at, { template: "get" }), 400, /unbound.*unique_identifier/);
    await expectApiError(
      engine.write("scope/s/role/x/client", { template: "get", unique_identifier: "u" }),
      400,
      /role "x"/,
    );
    await expectApiError(
      engine.write("scope/x/role/r/client", { template: "get", unique_identifier: "u" }),
      400,
      /scope "x"/,
    );
    await expectApiError(engine.write(at, { template: "<RequestMessage>" }), 400, /invalid KMIP XML/);
    await expectApiError(engine.write(at, { template: "<Name/>" }), 400, /RequestMessage/);
    await expectApiError(
      engine.write(at, { template: "locate", attr_name: "State", attr_type: "Long", attr_value: "1" }),
      400,
      /attr_type/,
    );
    await expectApiError(engine.write(at, { template: "locate_encrypt", data: "xyz" }), 400, /hex/);
    await expectApiError(
      engine.write(at, { template: "get", unique_identifier: "a", params: { unique_identifier: "b" } }),
      400,
      /twice/,
    );
    expect(calls).toHaveLength(0);
  });

  it("lists and reads templates", async () => {
    expect(await engine.list("template")).toEqual(contractNames);
    const read = await engine.read("template/create");
    expect(read.parameters).toEqual(["algorithm", "length", "name", "usage_mask"]);
    expect(read.template).toBe(builtinTemplates.get("create"));
    await expectApiError(engine.read("template/nope"), 404);
  });
});
