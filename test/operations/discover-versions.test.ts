import { afterEach, describe, expect, it } from "vitest";
import { DiscoverVersions } from "../../src/operations/discover-versions.js";
import { type Harness, harness, run } from "./harness.js";

const pv = (major: number, minor: number) => ({ protocolVersionMajor: major, protocolVersionMinor: minor });

describe("Discover Versions (KMIP 1.4 §4.26, 2.1 §6.1.16)", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("lists every served version, newest first, when the client lists none", async () => {
    h = harness();
    const { response } = await run(DiscoverVersions, {}, h.ctx(11));
    expect(response.protocolVersion).toEqual([
      pv(2, 1),
      pv(2, 0),
      pv(1, 4),
      pv(1, 3),
      pv(1, 2),
      pv(1, 1),
      pv(1, 0),
    ]);
  });

  it("returns only versions both sides support, in the server's order of preference", async () => {
    h = harness();
    const request = { protocolVersion: [pv(1, 0), pv(1, 2), pv(3, 0), pv(2, 1)] };
    const { response } = await run(DiscoverVersions, request, h.ctx(12));
    expect(response.protocolVersion).toEqual([pv(2, 1), pv(1, 2), pv(1, 0)]);
  });

  it("returns an empty list when nothing matches", async () => {
    h = harness();
    const { response, encoded } = await run(DiscoverVersions, { protocolVersion: [pv(3, 0)] }, h.ctx(14));
    expect(response.protocolVersion).toEqual([]);
    expect(encoded.value).toEqual([]);
  });
});
