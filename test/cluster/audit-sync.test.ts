/**
 * The audit device table across two nodes on one PostgreSQL database: a device enabled through
 * node 1 is listed by node 2 within a second and records node 2's own requests (in node 2's file
 * at the same path: each node writes on its own disk); disabled through node 1, node 2 stops
 * writing to it. Without this, node 2 would serve unaudited until it was unsealed again.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { initCluster, type Node, startNode, within } from "./nodes.js";

const SECOND = 1000;
const dir = mkdtempSync(join(tmpdir(), "kmipd-audit-sync-"));
let pg: TestPostgres;
let one: Node;
let two: Node;

beforeAll(async () => {
  pg = await startPostgres();
  [one, two] = await Promise.all([startNode(pg.url), startNode(pg.url)]);
  await initCluster([one, two]);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([one?.close(), two?.close()]);
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];

describe("audit devices on two nodes", () => {
  it("enables and disables a device on both nodes within a second", async () => {
    const file = join(dir, "audit.log");
    await one.must("PUT", "sys/audit/shared", { type: "file", options: { file_path: file } });
    const listed = await within(SECOND, async () => {
      const r = await two.api("GET", "sys/audit");
      return r.status === 200 && r.body?.data?.["shared/"] !== undefined;
    });
    const before = lines(file).length;
    expect((await two.api("GET", "sys/mounts")).status).toBe(200);
    const recorded = lines(file).slice(before);
    // Node 2's request and its response, both recorded, and nothing else.
    expect(recorded).toHaveLength(2);
    for (const line of recorded) expect(JSON.parse(line).request.path).toBe("sys/mounts");

    await one.must("DELETE", "sys/audit/shared");
    await within(
      SECOND,
      async () => (await two.api("GET", "sys/audit")).body?.data?.["shared/"] === undefined,
    );
    const after = lines(file).length;
    expect((await two.api("GET", "sys/mounts")).status).toBe(200);
    expect(lines(file).length).toBe(after);
    console.info(`audit device seen by node 2 after ${Math.round(listed)} ms`);
  });
});
