/** The human-readable dump used by `kmipd ttlv decode --to text`. */
import { describe, expect, it } from "vitest";
import { kmipDictionary as dict } from "../../src/kmip/dictionary.js";
import { emptyDictionary } from "../../src/ttlv/dictionary.js";
import { toKmipText } from "../../src/ttlv/text.js";
import type { TtlvItem } from "../../src/ttlv/types.js";
import { parseKmipXml } from "../../src/ttlv/xml.js";

const message = parseKmipXml(
  `<RequestMessage>
    <RequestHeader>
      <ProtocolVersion>
        <ProtocolVersionMajor type="Integer" value="1"/>
        <ProtocolVersionMinor type="Integer" value="4"/>
      </ProtocolVersion>
      <TimeStamp type="DateTime" value="2014-06-10T08:03:34+00:00"/>
      <BatchCount type="Integer" value="1"/>
    </RequestHeader>
    <BatchItem>
      <Operation type="Enumeration" value="Create"/>
      <RequestPayload>
        <ObjectType type="Enumeration" value="0x80000001"/>
        <TemplateAttribute>
          <Attribute>
            <AttributeName type="TextString" value="Cryptographic Usage Mask"/>
            <AttributeValue type="Integer" value="Encrypt Decrypt"/>
          </Attribute>
        </TemplateAttribute>
        <IVCounterNonce type="ByteString" value="a1b2c3d4"/>
        <UsageLimitsCount type="LongInteger" value="-2"/>
        <X type="BigInteger" value="00000000000000ff"/>
        <Offset type="Interval" value="27"/>
        <BatchOrderOption type="Boolean" value="true"/>
        <TTLV tag="0x540001" type="TextString" value="a &quot;vendor&quot; value"/>
      </RequestPayload>
    </BatchItem>
  </RequestMessage>`,
  dict,
);

describe("text dump", () => {
  it("writes one line per item with names, hex tags, types and named values", () => {
    expect(toKmipText(message, dict).split("\n")).toEqual([
      "RequestMessage (0x420078) Structure",
      "  RequestHeader (0x420077) Structure",
      "    ProtocolVersion (0x420069) Structure",
      "      ProtocolVersionMajor (0x42006a) Integer: 1",
      "      ProtocolVersionMinor (0x42006b) Integer: 4",
      "    TimeStamp (0x420092) DateTime: 2014-06-10T08:03:34+00:00 (1402387414)",
      "    BatchCount (0x42000d) Integer: 1",
      "  BatchItem (0x42000f) Structure",
      "    Operation (0x42005c) Enumeration: Create (0x00000001)",
      "    RequestPayload (0x420079) Structure",
      "      ObjectType (0x420057) Enumeration: 0x80000001",
      "      TemplateAttribute (0x420091) Structure",
      "        Attribute (0x420008) Structure",
      '          AttributeName (0x42000a) TextString: "Cryptographic Usage Mask"',
      "          AttributeValue (0x42000b) Integer: Encrypt|Decrypt (0x0000000c)",
      "      IVCounterNonce (0x42003d) ByteString: [4 bytes] a1b2c3d4",
      "      UsageLimitsCount (0x420096) LongInteger: -2",
      "      X (0x42009f) BigInteger: 0x00000000000000ff",
      "      Offset (0x420058) Interval: 27",
      "      BatchOrderOption (0x420010) Boolean: true",
      '      0x540001 TextString: "a \\"vendor\\" value"',
    ]);
  });

  it("works without names", () => {
    const item: TtlvItem = { tag: 0x42005c, type: 0x05, value: 1 };
    expect(toKmipText(item, emptyDictionary)).toBe("0x42005c Enumeration: 0x00000001");
    const ext: TtlvItem = { tag: 0x420001, type: 0x0b, value: 1n };
    expect(toKmipText(ext, dict)).toBe(
      "ActivationDate (0x420001) DateTimeExtended: 1970-01-01T00:00:00.000001+00:00 (1 us)",
    );
  });
});
