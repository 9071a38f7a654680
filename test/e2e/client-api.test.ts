/**
 * Vault 2.0's KMIP client API (contract §2.9) through HTTP on a live kmipd: templates listed and
 * read, `vault write kmip/scope/s/role/r/client/create name=mykey algorithm=AES length=256
 * usage_mask="Encrypt Decrypt"` creating a key, locate-then-get by name, get by identifier, a
 * role's flags applied inside the KMIP response, raw XML templates, 400s for bad input, and the
 * HTTP ACL on the client path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kmipDictionary } from "../../src/kmip/dictionary.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { parseKmipXmlDocument } from "../../src/ttlv/xml.js";
import { type ApiResult, type Kmipd, startKmipd } from "../helpers/kmipd.js";

let kmipd: Kmipd;

beforeAll(async () => {
  kmipd = await startKmipd();
  expect((await kmipd.api("POST", "sys/mounts/kmip", { type: "kmip" })).status).toBe(204);
  expect((await kmipd.api("POST", "kmip/scope/s")).status).toBe(204);
  expect((await kmipd.api("POST", "kmip/scope/s/role/r", { operation_all: true })).status).toBe(204);
  const reader = { operation_get: true, operation_locate: true };
  expect((await kmipd.api("POST", "kmip/scope/s/role/reader", reader)).status).toBe(204);
});
afterAll(() => kmipd?.close());

function client(path: string, body: Record<string, unknown>, token?: string): Promise<ApiResult> {
  return kmipd.api("POST", `kmip/scope/s/role/${path}`, body, token);
}

interface Outcome {
  operation: string;
  status: string;
  reason?: string;
  uid?: string;
  item: TtlvItem;
}

/** Finds a direct child by its XML tag name. */
function child(item: TtlvItem, name: string): TtlvItem | undefined {
  if (item.type !== ItemType.Structure) return undefined;
  return item.value.find((c) => kmipDictionary.tagName(c.tag) === name);
}

function text(item: TtlvItem | undefined): string | undefined {
  if (item === undefined) return undefined;
  if (item.type === ItemType.TextString) return item.value;
  if (item.type === ItemType.Enumeration)
    return kmipDictionary.enumName(item.tag, item.value, { parentTag: 0, siblings: [] });
  return undefined;
}

/** The Batch Items of the one ResponseMessage of a 200 answer. */
function outcomes(res: ApiResult): Outcome[] {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const xml = res.body?.data?.response as string;
  expect(xml).toMatch(/^<KMIP>\s*<ResponseMessage>[\s\S]*<\/ResponseMessage>\s*<\/KMIP>$/);
  const [message, ...rest] = parseKmipXmlDocument(xml, kmipDictionary);
  expect(rest).toHaveLength(0);
  const items = message!.type === ItemType.Structure ? message!.value : [];
  return items
    .filter((i) => kmipDictionary.tagName(i.tag) === "BatchItem")
    .map((item) => {
      const payload = child(item, "ResponsePayload");
      const out: Outcome = {
        operation: text(child(item, "Operation")) ?? "",
        status: text(child(item, "ResultStatus")) ?? "",
        item,
      };
      const reason = text(child(item, "ResultReason"));
      const uid = payload && text(child(payload, "UniqueIdentifier"));
      if (reason !== undefined) out.reason = reason;
      if (uid !== undefined) out.uid = uid;
      return out;
    });
}

const keyParams = { name: "mykey", algorithm: "AES", length: "256", usage_mask: "Encrypt Decrypt" };
let uid: string;

describe("templates", () => {
  it("lists the 22 built-ins (LIST and GET ?list=true)", async () => {
    for (const res of [
      await kmipd.api("LIST", "kmip/template"),
      await kmipd.api("GET", "kmip/template?list=true"),
    ]) {
      expect(res.status).toBe(200);
      expect(res.body?.data.keys).toHaveLength(22);
      expect(res.body?.data.keys).toContain("locate_revoke_destroy");
    }
  });

  it("reads a template with its parameters", async () => {
    const res = await kmipd.api("GET", "kmip/template/create");
    expect(res.status).toBe(200);
    expect(res.body?.data.parameters).toEqual(["algorithm", "length", "name", "usage_mask"]);
    expect(res.body?.data.template).toContain('<Operation type="Enumeration" value="Create"/>');
  });
});

describe("client", () => {
  it("creates a key: vault write kmip/scope/s/role/r/client/create …", async () => {
    const [create] = outcomes(await client("r/client/create", keyParams));
    expect(create).toMatchObject({ operation: "Create", status: "Success" });
    expect(create?.uid).toMatch(/^\w+$/);
    uid = create!.uid!;
  });

  it("locates by name, then gets the key (locate_get and locate/get)", async () => {
    for (const path of ["r/client/locate_get", "r/client/locate/get"]) {
      const [locate, get] = outcomes(await client(path, { name: "mykey" }));
      expect(locate).toMatchObject({ operation: "Locate", status: "Success", uid });
      expect(get).toMatchObject({ operation: "Get", status: "Success", uid });
      const payload = child(get!.item, "ResponsePayload")!;
      expect(text(child(payload, "ObjectType"))).toBe("SymmetricKey");
      expect(child(payload, "SymmetricKey")).toBeDefined();
    }
  });

  it("gets by unique_identifier through the template field", async () => {
    const [get] = outcomes(await client("r/client", { template: "get", unique_identifier: uid }));
    expect(get).toMatchObject({ operation: "Get", status: "Success", uid });
  });

  it("runs a raw XML template with params", async () => {
    const template = `<RequestMessage>
      <RequestHeader>
        <ProtocolVersion>
          <ProtocolVersionMajor type="Integer" value="1"/>
          <ProtocolVersionMinor type="Integer" value="4"/>
        </ProtocolVersion>
        <BatchCount type="Integer" value="1"/>
      </RequestHeader>
      <BatchItem>
        <Operation type="Enumeration" value="GetAttributes"/>
        <RequestPayload>
          <UniqueIdentifier type="TextString" value="PARAMETER_id"/>
          <AttributeName type="TextString" value="PARAMETER_which"/>
        </RequestPayload>
      </BatchItem>
    </RequestMessage>`;
    const res = await client("r/client", { template, params: { id: uid, which: "Cryptographic Length" } });
    const [get] = outcomes(res);
    expect(get).toMatchObject({ operation: "GetAttributes", status: "Success", uid });
    expect(res.body?.data.response).toContain('<AttributeValue type="Integer" value="256"/>');
  });

  it("applies the role's flags inside the KMIP response (Permission Denied, status 200)", async () => {
    const [denied] = outcomes(await client("reader/client/create", { ...keyParams, name: "other" }));
    expect(denied).toMatchObject({
      operation: "Create",
      status: "OperationFailed",
      reason: "PermissionDenied",
    });
    const [locate, get] = outcomes(await client("reader/client/locate/get", { name: "mykey" }));
    expect([locate?.status, get?.status]).toEqual(["Success", "Success"]);
  });

  it("answers bad input with a 400", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["r/client/get", {}, /unbound parameters: unique_identifier/],
      ["r/client/nope", {}, /unknown template "nope"/],
      ["r/client", { template: "nope" }, /unknown template/],
      ["missing/client/get", { unique_identifier: uid }, /role "missing" does not exist/],
      ["r/client", { template: "<RequestMessage><Oops/></RequestMessage>" }, /invalid KMIP XML/],
    ];
    for (const [path, body, message] of cases) {
      const res = await client(path, body);
      expect(res.status, path).toBe(400);
      expect(res.body?.errors.join(" ")).toMatch(message);
    }
    const noScope = await kmipd.api("POST", "kmip/scope/none/role/r/client/get", { unique_identifier: uid });
    expect(noScope.status).toBe(400);
  });

  it("is guarded by the HTTP ACL", async () => {
    const policy = 'path "kmip/template*" { capabilities = ["read", "list"] }';
    expect((await kmipd.api("PUT", "sys/policies/acl/templates", { policy })).status).toBe(204);
    const token = (await kmipd.api("POST", "auth/token/create", { policies: ["templates"] })).body?.auth
      .client_token as string;
    expect((await kmipd.api("GET", "kmip/template/get", undefined, token)).status).toBe(200);
    expect((await client("r/client/get", { unique_identifier: uid }, token)).status).toBe(403);
  });
});
