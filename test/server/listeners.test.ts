/**
 * Listeners follow the engine: a busy port is refused at write time (the listener guard), a new
 * address takes over at once, named listeners trust their own CA, a regenerated CA takes effect
 * without a rebind, and scopes and roles reach the handlers through the context.
 */
import { X509Certificate } from "node:crypto";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { expectApiError } from "../engine/kmip/harness.js";
import { expectRefused, TestClient } from "./client.js";
import { type Fixture, mountUuid, startFixture } from "./fixture.js";
import { field, locate, request } from "./ttlv-builders.js";

let fx: Fixture | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

const locate14 = request([1, 4], [locate()]);
const ok = (r: { items: Map<number, unknown>[] }) =>
  field(r.items[0] as never, Tag.ResultStatus) === ResultStatus.Success;

/** A port some other program holds. */
async function busyPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
  return (blocker.address() as { port: number }).port;
}

/** A port free right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("listen addresses", () => {
  it("refuses a config write whose address is in use, committing nothing", async () => {
    fx = await startFixture();
    const port = await busyPort();
    await expectApiError(
      fx.engine.write("config", { listen_addrs: `127.0.0.1:${port}` }),
      400,
      new RegExp(`listen address 127\\.0\\.0\\.1:${port} is already in use`),
    );
    expect((await fx.engine.read("config")).listen_addrs).toEqual(["127.0.0.1:0"]);
  });

  it("listens on several addresses, IPv4 and IPv6, with one legacy configuration", async () => {
    fx = await startFixture({ config: { listen_addrs: "127.0.0.1:0,[::1]:0" } });
    const running = fx.service.listeners(mountUuid);
    expect(running.map((l) => l.address).sort()).toEqual(["127.0.0.1:0", "[::1]:0"]);
    const cred = await fx.credential();
    for (const { host, port } of running) {
      const client = await TestClient.connect(port, cred, host);
      expect(ok(await client.roundTrip(locate14))).toBe(true);
      client.close();
    }
  });

  it("moves the legacy listener to a new address at once, and closes the old one's connections", async () => {
    fx = await startFixture();
    const oldPort = fx.port();
    const client = await TestClient.connect(oldPort, await fx.credential());
    expect(ok(await client.roundTrip(locate14))).toBe(true);

    const port = await freePort();
    await fx.engine.write("config", { listen_addrs: `127.0.0.1:${port}` });
    await fx.service.settled(mountUuid);
    expect(fx.port()).toBe(port);
    expect(await client.closesWithin(1000)).toBe(true);
    const moved = await TestClient.connect(port, await fx.credential());
    expect(ok(await moved.roundTrip(locate14))).toBe(true);
    await expect(TestClient.connect(oldPort, await fx.credential())).rejects.toThrow(/ECONNREFUSED/);
    // Rewriting the same address is not "in use": the listener holds it already.
    await fx.engine.write("config", {
      listen_addrs: `127.0.0.1:${port}`,
      server_hostnames: "localhost,kmip",
    });
    moved.close();
  });

  it("serves a named listener with its own CA, and refuses a busy port for it", async () => {
    fx = await startFixture();
    await fx.engine.write("ca/team/generate", { key_type: "ec", key_bits: 256 });
    const busy = await busyPort();
    const listener = { ca: "team", server_hostnames: "localhost" };
    await expectApiError(
      fx.engine.write("listener/team", { ...listener, address: `127.0.0.1:${busy}` }),
      400,
      /already in use/,
    );
    await fx.engine.write("listener/team", { ...listener, address: "127.0.0.1:0" });
    await fx.engine.write("scope/finance/role/team", { operation_locate: true, ca: "team" });
    await fx.service.settled(mountUuid);
    const teamCa = (await fx.engine.read("ca/team")).ca_pem as string;
    const cred = { ...(await fx.credential("scope/finance/role/team")), ca: [teamCa] };
    const client = await TestClient.connect(fx.port("team"), cred);
    expect(ok(await client.roundTrip(locate14))).toBe(true);
    expect(fx.seen.at(-1)?.roleName).toBe("team");

    // A legacy client is not trusted there unless also_use_legacy_ca is set.
    const legacy = { ...(await fx.credential()), ca: [teamCa] };
    await expectRefused(fx.port("team"), legacy, locate14);
    await fx.engine.write("listener/team", { ...listener, address: "127.0.0.1:0", also_use_legacy_ca: true });
    await fx.service.settled(mountUuid);
    const both = await TestClient.connect(fx.port("team"), legacy);
    expect(ok(await both.roundTrip(locate14))).toBe(true);

    await fx.engine.remove("listener/team");
    await fx.service.settled(mountUuid);
    expect(await client.closesWithin(1000)).toBe(true);
    expect(fx.service.listeners(mountUuid).map((l) => l.target)).toEqual(["legacy"]);
  });

  it("takes a regenerated CA without a rebind: old certificates stop, new ones work", async () => {
    fx = await startFixture();
    const port = fx.port();
    const old = await fx.credential();
    const client = await TestClient.connect(port, old);
    await fx.engine.write("config", { tls_ca_key_bits: 384 });
    await fx.service.settled(mountUuid);
    expect(fx.port()).toBe(port);
    expect(await client.closesWithin(1000)).toBe(true);
    const fresh = { ...(await fx.credential()), ca: [(await fx.engine.read("ca")).ca_pem as string] };
    const again = await TestClient.connect(port, fresh);
    expect(ok(await again.roundTrip(locate14))).toBe(true);
    await expectRefused(port, { ...old, ca: fresh.ca }, locate14);
    again.close();
  });
});

describe("scopes and roles", () => {
  it("gives each client its own scope in the operation context", async () => {
    fx = await startFixture();
    await fx.engine.write("scope/hr");
    await fx.engine.write("scope/hr/role/clerk", { operation_locate: true });
    const financeCred = await fx.credential();
    const hrCred = await fx.credential("scope/hr/role/clerk");
    const finance = await TestClient.connect(fx.port(), financeCred);
    const hr = await TestClient.connect(fx.port(), hrCred);
    await finance.roundTrip(locate14);
    await hr.roundTrip(locate14);
    // The scope id is the certificate's OU (contract §3).
    const ouOf = (pem: string | undefined) => /OU=(\S+)/.exec(new X509Certificate(pem ?? "").subject)?.[1];
    expect(fx.seen.map((x) => x.scopeId)).toEqual([ouOf(financeCred.cert), ouOf(hrCred.cert)]);
    expect(fx.seen[0]?.scopeId).not.toBe(fx.seen[1]?.scopeId);
    finance.close();
    hr.close();
  });

  it("denies an operation the role does not allow", async () => {
    fx = await startFixture();
    await fx.engine.write("scope/finance/role/reader", { operation_discover_versions: true });
    const client = await TestClient.connect(fx.port(), await fx.credential("scope/finance/role/reader"));
    const r = await client.roundTrip(locate14);
    expect(field(r.items[0], Tag.ResultStatus)).toBe(ResultStatus.OperationFailed);
    expect(field(r.items[0], Tag.ResultReason)).toBe(ResultReason.PermissionDenied);
    expect(fx.seen).toEqual([]);
    const dv = await client.roundTrip(request([1, 4], [{ operation: 0x1e }]));
    expect(field(dv.items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
    client.close();
  });
});
