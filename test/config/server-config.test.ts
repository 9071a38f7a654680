import { describe, expect, it } from "vitest";
import { ConfigError, parseServerConfig } from "../../src/config/server-config.js";

const full = `
storage "sqlite" {
  path = "/var/lib/kmipd/kmipd.db"
}
listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/etc/kmipd/api.crt"
  tls_key_file  = "/etc/kmipd/api.key"
}
listener "tcp" {
  address     = "127.0.0.1:8201"
  tls_disable = true
}
seal "keyfile" {
  path = "/etc/kmipd/unseal.key"
}
api_addr  = "https://kmip.example.com:8200"
log_level = "debug"
workers   = 4
ui = true
disable_mlock = true
`;

describe("server configuration file", () => {
  it("reads Vault's stanzas from HCL", () => {
    const c = parseServerConfig(full);
    expect(c.storage).toEqual({ type: "sqlite", path: "/var/lib/kmipd/kmipd.db" });
    expect(c.listeners).toEqual([
      {
        address: "0.0.0.0:8200",
        tlsDisable: false,
        tlsCertFile: "/etc/kmipd/api.crt",
        tlsKeyFile: "/etc/kmipd/api.key",
        tlsMinVersion: "tls12",
      },
      { address: "127.0.0.1:8201", tlsDisable: true, tlsMinVersion: "tls12" },
    ]);
    expect(c.seal).toEqual({ type: "keyfile", path: "/etc/kmipd/unseal.key" });
    expect(c.apiAddr).toBe("https://kmip.example.com:8200");
    expect(c.logLevel).toBe("debug");
    expect(c.workers).toBe(4);
    expect(c.ignored).toEqual(["ui", "disable_mlock"]);
  });

  it("reads the same from JSON", () => {
    const json = JSON.stringify({
      storage: { sqlite: { path: "/data/kmipd.db" } },
      listener: { tcp: { address: "127.0.0.1:8200", tls_disable: "true" } },
    });
    const c = parseServerConfig(json);
    expect(c.storage).toEqual({ type: "sqlite", path: "/data/kmipd.db" });
    expect(c.listeners[0]).toMatchObject({ address: "127.0.0.1:8200", tlsDisable: true });
    expect(c.logLevel).toBe("info");
    expect(c.workers).toBeGreaterThanOrEqual(1);
  });

  const bad: [string, string, RegExp][] = [
    ["no storage", 'listener "tcp" { tls_disable = true }', /exactly one storage/],
    [
      "unknown storage",
      'storage "raft" { path = "x" }\nlistener "tcp" { tls_disable = true }',
      /unsupported storage/,
    ],
    [
      "postgresql without url",
      'storage "postgresql" { }\nlistener "tcp" { tls_disable = true }',
      /connection_url/,
    ],
    ["postgresql url of another kind", pg('connection_url = "mysql://db/kmipd"'), /postgres:\/\//],
    ["a pool of none", pg('connection_url = "postgres://db/k"\n max_parallel = 0'), /max_parallel/],
    ["a pool of text", pg('connection_url = "postgres://db/k"\n max_parallel = "many"'), /max_parallel/],
    [
      "a CA and no verification",
      pg('connection_url = "postgres://db/k"\n tls_ca_file = "ca.pem"\n tls_skip_verify = true'),
      /not both/,
    ],
    [
      "Vault's table setting",
      pg('connection_url = "postgres://db/k"\n table = "vault_kv_store"'),
      /unknown setting "table"/,
    ],
    ["no listener", 'storage "sqlite" { path = "x" }', /listener/],
    ["tls without files", 'storage "sqlite" { path = "x" }\nlistener "tcp" { }', /tls_cert_file/],
    [
      "typo",
      'storage "sqlite" { path = "x" }\nlistener "tcp" { tls_disable = true }\nlog_levle = "x"',
      /unknown configuration setting "log_levle"/,
    ],
    [
      "bad workers",
      'storage "sqlite" { path = "x" }\nlistener "tcp" { tls_disable = true }\nworkers = 0',
      /workers/,
    ],
    [
      "bad level",
      'storage "sqlite" { path = "x" }\nlistener "tcp" { tls_disable = true }\nlog_level = "loud"',
      /log_level/,
    ],
    [
      "bad seal",
      'storage "sqlite" { path = "x" }\nlistener "tcp" { tls_disable = true }\nseal "awskms" { }',
      /unsupported seal/,
    ],
    [
      "unknown listener key",
      'storage "sqlite" { path = "x" }\nlistener "tcp" { tls_disable = true\n proxy = 1 }',
      /unknown setting "proxy"/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`refuses ${name}`, () => {
      expect(() => parseServerConfig(text)).toThrow(ConfigError);
      expect(() => parseServerConfig(text)).toThrow(message);
    });
  }

  it("reads a PostgreSQL storage block with Vault's names", () => {
    const c = parseServerConfig(
      pg(`connection_url = "postgres://kmipd:pw@db.internal:5432/kmipd"
          max_parallel = "32"
          tls_ca_file = "/etc/kmipd/db-ca.pem"
          schema = "kmipd"
          ha_enabled = "true"`),
    );
    expect(c.storage).toEqual({
      type: "postgresql",
      connectionUrl: "postgres://kmipd:pw@db.internal:5432/kmipd",
      maxParallel: 32,
      tlsCaFile: "/etc/kmipd/db-ca.pem",
      tlsSkipVerify: false,
      schema: "kmipd",
    });
    expect(c.ignored).toEqual(["storage.ha_enabled"]);
  });

  it("reads the PostgreSQL block from JSON, with defaults", () => {
    const json = JSON.stringify({
      storage: {
        postgresql: { connection_url: "postgresql:///kmipd?host=/run/postgresql", tls_skip_verify: true },
      },
      listener: { tcp: { address: "0.0.0.0:8200", tls_disable: true } },
    });
    expect(parseServerConfig(json).storage).toEqual({
      type: "postgresql",
      connectionUrl: "postgresql:///kmipd?host=/run/postgresql",
      tlsSkipVerify: true,
    });
  });

  it("reports HCL syntax errors with line and column", () => {
    expect(() => parseServerConfig('storage "sqlite" {\n  path = \n}')).toThrow(/3:1|2:\d+/);
  });
});

function pg(body: string): string {
  return `storage "postgresql" {\n ${body}\n}\nlistener "tcp" { tls_disable = true }`;
}
