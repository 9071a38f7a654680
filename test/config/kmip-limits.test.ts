/**
 * The `kmip_limits` stanza: every key read into the KMIP service's limits (durations in
 * milliseconds, TTLV limits under `ttlv`), defaults kept for keys left out, and every bad value a
 * startup error that names its key.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KMIP_LIMIT_KEYS, kmipLimitDefault } from "../../src/config/kmip-limits.js";
import { ConfigError, parseServerConfig } from "../../src/config/server-config.js";
import { DEFAULT_SERVICE_LIMITS, resolveServiceLimits } from "../../src/server/options.js";
import { DEFAULT_TTLV_LIMITS } from "../../src/ttlv/limits.js";
import { repoRoot } from "../helpers/vectors.js";

const base = `storage "sqlite" { path = "/tmp/x.db" }\nlistener "tcp" { tls_disable = true }\n`;

function limitsOf(stanza: string) {
  return parseServerConfig(`${base}kmip_limits {\n${stanza}\n}\n`).kmipLimits;
}

function errorOf(stanza: string): string {
  try {
    limitsOf(stanza);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("no error");
}

describe("kmip_limits", () => {
  it("is optional: no stanza sets nothing and the service keeps its defaults", () => {
    const limits = parseServerConfig(base).kmipLimits;
    expect(limits).toEqual({});
    expect(resolveServiceLimits(limits)).toEqual(DEFAULT_SERVICE_LIMITS);
  });

  it("reads every key, durations to milliseconds and TTLV sizes under ttlv", () => {
    const limits = limitsOf(`
      handshake_timeout = "2s"
      idle_timeout = "1h"
      message_timeout = "500ms"
      keep_alive = 30
      close_grace = "1.5s"
      listener_retry = "250ms"
      connections_max = 10
      connections_per_client_max = "3"
      requests_per_second_max = 0
      pipeline_max = 2
      batch_items_max = 2
      message_bytes_max = 4096
      depth_max = 12
      items_max = 500
      text_bytes_max = 100
      byte_string_bytes_max = 2048
      big_integer_bytes_max = 512`);
    expect(limits).toEqual({
      handshakeTimeoutMs: 2000,
      idleTimeoutMs: 3_600_000,
      messageTimeoutMs: 500,
      keepAliveMs: 30_000,
      closeGraceMs: 1500,
      retryMs: 250,
      connectionsMax: 10,
      connectionsPerClientMax: 3,
      requestsPerSecondMax: 0,
      pipelineMax: 2,
      batchItemsMax: 2,
      ttlv: {
        messageBytesMax: 4096,
        depthMax: 12,
        itemsMax: 500,
        textBytesMax: 100,
        byteStringBytesMax: 2048,
        bigIntegerBytesMax: 512,
      },
    });
    const resolved = resolveServiceLimits(limits);
    expect(resolved.batchItemsMax).toBe(2);
    expect(resolved.ttlv.messageBytesMax).toBe(4096);
  });

  it("keeps defaults for the keys left out", () => {
    const resolved = resolveServiceLimits(limitsOf("batch_items_max = 2"));
    expect(resolved).toEqual({ ...DEFAULT_SERVICE_LIMITS, batchItemsMax: 2 });
  });

  it("reads the JSON form", () => {
    const json = JSON.stringify({
      storage: { sqlite: { path: "/tmp/x.db" } },
      listener: { tcp: { tls_disable: true } },
      kmip_limits: { handshake_timeout: "3s", message_bytes_max: 8192 },
    });
    expect(parseServerConfig(json).kmipLimits).toEqual({
      handshakeTimeoutMs: 3000,
      ttlv: { messageBytesMax: 8192 },
    });
  });

  it("has a default for every key, the service's own", () => {
    const byName = Object.fromEntries(KMIP_LIMIT_KEYS.map((k) => [k.name, kmipLimitDefault(k)]));
    expect(byName.handshake_timeout).toBe(10_000);
    expect(byName.batch_items_max).toBe(256);
    expect(byName.message_bytes_max).toBe(DEFAULT_TTLV_LIMITS.messageBytesMax);
    expect(Object.keys(byName)).toHaveLength(Object.keys(DEFAULT_SERVICE_LIMITS).length - 1 + 6);
  });

  const bad: [string, RegExp][] = [
    ["nonsense_max = 3", /kmip_limits: unknown setting "nonsense_max"/],
    ["batch_items_max = 0", /kmip_limits batch_items_max must be a whole number of at least 1/],
    ["batch_items_max = 2.5", /kmip_limits batch_items_max must be a whole number/],
    ['batch_items_max = "many"', /kmip_limits batch_items_max must be a whole number/],
    ["connections_max = -1", /kmip_limits connections_max must be a whole number/],
    ["requests_per_second_max = -1", /kmip_limits requests_per_second_max .* at least 0/],
    ['handshake_timeout = "soon"', /kmip_limits handshake_timeout must be a duration/],
    ['handshake_timeout = "-1s"', /kmip_limits handshake_timeout must be a duration .*negative/],
    ['handshake_timeout = "0s"', /kmip_limits handshake_timeout must be from 1ms/],
    ['idle_timeout = "25d"', /kmip_limits idle_timeout must be from 1ms to 2147483647ms/],
    ["handshake_timeout = true", /kmip_limits handshake_timeout must be a duration/],
    ["depth_max = 5000", /kmip_limits depth_max 5000 is above what the TTLV codec allows/],
    ["message_bytes_max = 0", /kmip_limits message_bytes_max must be a whole number of at least 1/],
  ];
  for (const [stanza, message] of bad) {
    it(`refuses ${stanza}`, () => {
      expect(errorOf(stanza)).toMatch(message);
    });
  }

  it("refuses a repeated stanza, and one that is not a block", () => {
    const text = `${base}kmip_limits { depth_max = 10 }\nkmip_limits { depth_max = 12 }\n`;
    expect(() => parseServerConfig(text)).toThrow(/^at most one kmip_limits block is allowed$/);
    expect(() => parseServerConfig(`${base}kmip_limits = 3\n`)).toThrow(/^kmip_limits must be a block$/);
  });

  it("matches the README's example, which lists every key with its default", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const stanza = /^kmip_limits \{[^}]*\}$/m.exec(readme)?.[0];
    expect(stanza).toBeDefined();
    const limits = parseServerConfig(`${base}${stanza}\n`).kmipLimits!;
    const named =
      Object.keys(limits).filter((k) => k !== "ttlv").length + Object.keys(limits.ttlv ?? {}).length;
    expect(named).toBe(KMIP_LIMIT_KEYS.length);
    expect(resolveServiceLimits(limits)).toEqual(DEFAULT_SERVICE_LIMITS);
  });
});
