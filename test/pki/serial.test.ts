import { describe, expect, it } from "vitest";
import { randomId } from "../../src/pki/random-id.js";
import { randomSerial, serialFromDecimal, serialToDecimal } from "../../src/pki/serial.js";

describe("randomSerial", () => {
  it("is 20 octets, positive, with a non-zero first octet (so DER keeps all 20)", () => {
    for (let i = 0; i < 2000; i++) {
      const serial = randomSerial();
      expect(serial.length).toBe(20);
      expect(serial[0]).toBeGreaterThanOrEqual(0x01);
      expect(serial[0]).toBeLessThanOrEqual(0x7f);
    }
  });

  it("does not repeat", () => {
    const seen = new Set(Array.from({ length: 1000 }, () => serialToDecimal(randomSerial())));
    expect(seen.size).toBe(1000);
  });
});

describe("serialToDecimal / serialFromDecimal", () => {
  // The decimal from the contract's §2.8 sample response.
  const sample = "728181095563584845125173905844944137943705466376";

  it("round-trips the contract's sample serial", () => {
    const hex = serialFromDecimal(sample);
    expect(hex).toHaveLength(40);
    expect(serialToDecimal(hex)).toBe(sample);
  });

  it("round-trips random serials through octets, hex and decimal", () => {
    for (let i = 0; i < 200; i++) {
      const serial = randomSerial();
      const decimal = serialToDecimal(serial);
      expect(decimal).toMatch(/^[1-9][0-9]*$/);
      expect(serialFromDecimal(decimal)).toBe(Buffer.from(serial).toString("hex"));
    }
  });

  it("pads hex to whole octets and accepts leading zeros in hex input", () => {
    expect(serialFromDecimal("1")).toBe("01");
    expect(serialFromDecimal("256")).toBe("0100");
    expect(serialToDecimal("00ff")).toBe("255");
    expect(serialToDecimal(Uint8Array.of(0x01, 0x00))).toBe("256");
  });

  it.each(["", "0", "-5", "12a", " 1", "1.0", (1n << 159n).toString(), "9".repeat(60)])(
    "refuses %j as a serial",
    (input) => {
      expect(() => serialFromDecimal(input)).toThrowError(expect.objectContaining({ code: "bad-serial" }));
    },
  );

  it("accepts the largest 20-octet serial", () => {
    expect(serialFromDecimal(((1n << 159n) - 1n).toString())).toBe(`7f${"ff".repeat(19)}`);
  });

  it("refuses non-hex input", () => {
    expect(() => serialToDecimal("xyz")).toThrowError(expect.objectContaining({ code: "bad-serial" }));
  });
});

describe("randomId", () => {
  it("defaults to 10 base62 characters", () => {
    for (let i = 0; i < 200; i++) expect(randomId()).toMatch(/^[0-9A-Za-z]{10}$/);
  });

  it("takes a length, e.g. Vault's 5", () => {
    expect(randomId(5)).toMatch(/^[0-9A-Za-z]{5}$/);
    expect(randomId(64)).toHaveLength(64);
  });

  it("uses the whole alphabet", () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomId(20)).join(""));
    expect(seen.size).toBe(62);
  });

  it.each([0, -1, 65, 2.5, Number.NaN])("refuses length %d", (length) => {
    expect(() => randomId(length)).toThrowError(expect.objectContaining({ code: "bad-name" }));
  });
});
