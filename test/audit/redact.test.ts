/**
 * What an audit record hashes (src/audit/redact.ts): every string of request and response data
 * but a short allow-list, tokens and accessors, computed as HMAC-SHA256 under the device's salt
 * (checked here against node:crypto directly); and the file device's options.
 */
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseFileOptions } from "../../src/audit/device-options.js";
import { HMAC_PREFIX, hmacValue, NON_SECRET_FIELDS, Redactor } from "../../src/audit/redact.js";

const salt = randomBytes(32);
const mac = (value: string) => `hmac-sha256:${createHmac("sha256", salt).update(value).digest("hex")}`;

describe("Redactor", () => {
  const r = new Redactor({ salt, hmacAccessor: true, logRaw: false });

  it("hashes secrets as hmac-sha256:<hex> under the device salt", () => {
    expect(hmacValue(salt, "root-test")).toBe(mac("root-test"));
    expect(r.secret("s.token")).toBe(mac("s.token"));
    expect(r.secret("s.token")).toMatch(new RegExp(`^${HMAC_PREFIX}[0-9a-f]{64}$`));
  });

  it("hashes every string of data at any depth, but the non-secret fields", () => {
    const data = {
      private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
      type: "kmip",
      description: "keys for finance",
      nested: { password: "hunter2", name: "finance", list: ["a", "b"] },
      keys: ["unseal-1", "unseal-2"],
      ttl: 3600,
      renewable: true,
      nothing: null,
      policies: ["default"],
    };
    expect(r.data(data)).toEqual({
      private_key: mac(data.private_key),
      type: "kmip",
      description: "keys for finance",
      nested: { password: mac("hunter2"), name: "finance", list: [mac("a"), mac("b")] },
      keys: [mac("unseal-1"), mac("unseal-2")],
      ttl: 3600,
      renewable: true,
      nothing: null,
      policies: ["default"],
    });
  });

  it("keeps the allow-list short and free of secret-looking fields", () => {
    for (const field of ["client_token", "token", "private_key", "key", "keys", "password", "secret"]) {
      expect(NON_SECRET_FIELDS.has(field)).toBe(false);
    }
    expect(NON_SECRET_FIELDS.size).toBeLessThanOrEqual(10);
  });

  it("hashes accessors unless hmac_accessor is false; log_raw writes everything in clear", () => {
    expect(r.data({ accessor: "acc" })).toEqual({ accessor: mac("acc") });
    const clearAccessor = new Redactor({ salt, hmacAccessor: false, logRaw: false });
    expect(clearAccessor.accessor("acc")).toBe("acc");
    expect(clearAccessor.data({ accessor: "acc", client_token: "t" })).toEqual({
      accessor: "acc",
      client_token: mac("t"),
    });
    const raw = new Redactor({ salt, hmacAccessor: true, logRaw: true });
    expect(raw.secret("t")).toBe("t");
    expect(raw.data({ private_key: "k" })).toEqual({ private_key: "k" });
  });
});

describe("file device options", () => {
  it("fills Vault's defaults", () => {
    expect(parseFileOptions({ file_path: "/var/log/kmipd/audit.log" })).toEqual({
      filePath: "/var/log/kmipd/audit.log",
      mode: 0o600,
      hmacAccessor: true,
      logRaw: false,
    });
    expect(
      parseFileOptions({ file_path: "discard", mode: "0640", hmac_accessor: "false", log_raw: true }),
    ).toEqual({
      filePath: "discard",
      mode: 0o640,
      hmacAccessor: false,
      logRaw: true,
    });
  });

  it("refuses what it cannot honour", () => {
    expect(() => parseFileOptions({})).toThrow(/file_path is required/);
    expect(() => parseFileOptions({ file_path: "relative.log" })).toThrow(/absolute/);
    expect(() => parseFileOptions({ file_path: "/x", mode: "0755" })).toThrow(/executable/);
    expect(() => parseFileOptions({ file_path: "/x", mode: "rw" })).toThrow(/octal/);
    expect(() => parseFileOptions({ file_path: "/x", format: "jsonx" })).toThrow(/json only/);
    expect(() => parseFileOptions({ file_path: "/x", prefix: "audit:" })).toThrow(/unsupported/);
    expect(() => parseFileOptions({ file_path: "/x", log_raw: "maybe" })).toThrow(/true or false/);
  });
});
