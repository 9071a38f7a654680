import { describe, expect, it } from "vitest";
import {
  DerTag,
  encodeBitString,
  encodeElement,
  encodeSequence,
  readChildren,
  readElement,
  readSequence,
} from "../../src/pki/der.js";
import { decodePem, decodePemBlocks, decodeSinglePem, encodePem } from "../../src/pki/pem.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "hex"));

describe("DER", () => {
  it("encodes short and long lengths minimally (X.690 §10.1)", () => {
    expect(hex(encodeElement(DerTag.Integer, bytes("05")))).toBe("020105");
    expect(hex(encodeElement(0x04, new Uint8Array(0x80))).slice(0, 6)).toBe("048180");
    expect(hex(encodeElement(0x04, new Uint8Array(0x100))).slice(0, 8)).toBe("04820100");
  });

  it("round-trips a sequence with a bit string", () => {
    const sequence = encodeSequence([
      encodeElement(DerTag.Integer, bytes("01")),
      encodeBitString(bytes("abcd")),
    ]);
    expect(hex(sequence)).toBe("3008020101030300abcd");
    const [integer, bitString] = readSequence(sequence);
    expect(integer?.tag).toBe(DerTag.Integer);
    expect(hex(bitString?.content ?? new Uint8Array())).toBe("00abcd");
    expect(readChildren(readElement(sequence))).toHaveLength(2);
  });

  it.each([
    ["", "truncated"],
    ["30", "truncated"],
    ["3005020101", "runs past"],
    ["3080020101", "bad length octets"],
    ["308105020101", "non-minimal"],
    ["30820005020101", "non-minimal"],
    ["1f0100", "high tag"],
    ["3003020101ff", "trailing"],
    ["0201ff", "expected a SEQUENCE"],
  ])("refuses %j (%s)", (input, message) => {
    expect(() => readSequence(bytes(input))).toThrowError(
      expect.objectContaining({ code: "bad-der", message: expect.stringContaining(message) }),
    );
  });
});

describe("PEM", () => {
  it("writes 64-character lines and no trailing newline (RFC 7468 §2, Vault)", () => {
    const pem = encodePem("CERTIFICATE", new Uint8Array(100));
    const lines = pem.split("\n");
    expect(lines[0]).toBe("-----BEGIN CERTIFICATE-----");
    expect(lines[1]).toHaveLength(64);
    expect(lines.at(-1)).toBe("-----END CERTIFICATE-----");
  });

  it("reads several blocks, skipping text between them and whitespace inside", () => {
    const one = encodePem("CERTIFICATE", bytes("0102"));
    const two = encodePem("CERTIFICATE", bytes("0304"));
    const text = `subject=CN = x\n${one}\r\n\nBag Attributes\n${two.replace("\n", "\r\n  ")}\n`;
    expect(decodePem(text, "CERTIFICATE").map(hex)).toEqual(["0102", "0304"]);
  });

  it("refuses mismatched labels, bad base64, other labels and missing blocks", () => {
    const bad: Array<[string, RegExp]> = [
      ["-----BEGIN CERTIFICATE-----\nAQI=\n-----END PRIVATE KEY-----", /ends with/],
      ["-----BEGIN CERTIFICATE-----\nA*I=\n-----END CERTIFICATE-----", /base64/],
      ["-----BEGIN CERTIFICATE-----\nAQI\n-----END CERTIFICATE-----", /base64/],
    ];
    for (const [text, message] of bad) expect(() => decodePemBlocks(text)).toThrowError(message);
    expect(() => decodePem(encodePem("PRIVATE KEY", bytes("01")), "CERTIFICATE")).toThrowError(
      /found "PRIVATE KEY"/,
    );
    expect(() => decodePem("hello", "CERTIFICATE")).toThrowError(/no "CERTIFICATE"/);
    const twice = `${encodePem("CERTIFICATE", bytes("01"))}\n${encodePem("CERTIFICATE", bytes("02"))}`;
    expect(() => decodeSinglePem(twice, "CERTIFICATE")).toThrowError(/exactly one/);
  });
});
