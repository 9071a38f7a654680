/**
 * Hosts of their own on one machine, for tests of several kmipd nodes that share one listener
 * configuration (`0.0.0.0:5696` on every node), as real cluster members on separate hosts do:
 * one network namespace per node, joined to this (the host) namespace by a veth pair.
 *
 *   host namespace                          namespace kmipd-n<i>-<tag>
 *   10.213.<net>.<4i+1>/30  ── veth ──  10.213.<net>.<4i+2>/30    (the node's address)
 *   10.213.<net>.253/32     "the service address": a second address on the first link, reached
 *                           from every namespace by a route; the database relay listens there
 *
 * The addresses exist only while the test runs: they live on links the test creates, which go
 * with their namespaces. Everything is removed by `cleanup`, on failure too, and when the test
 * process exits. Needs root (CAP_NET_ADMIN) and `ip`; `netnsUnavailable()` says why not.
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";

export interface NetnsHost {
  /** The namespace, for `ip netns exec`. */
  readonly namespace: string;
  /** The node's address inside its namespace, reachable from the host namespace. */
  readonly address: string;
}

export interface TestNetwork {
  readonly hosts: readonly NetnsHost[];
  /** An address of the host namespace that every namespace reaches (where to put shared services). */
  readonly serviceAddress: string;
  /** `file args…` run inside `host`'s namespace: spawn these. */
  command(host: NetnsHost, file: string, args: readonly string[]): [string, string[]];
  cleanup(): void;
}

/** Undefined when namespaces can be made here; otherwise the command that failed and its error. */
export function netnsUnavailable(): string | undefined {
  const probe = `kmipd-probe-${randomBytes(3).toString("hex")}`;
  const made = spawnSync("ip", ["netns", "add", probe], { encoding: "utf8" });
  if (made.error) return `ip netns add ${probe}: ${made.error.message}`;
  if (made.status !== 0) return `ip netns add ${probe}: ${made.stderr.trim()} (exit ${made.status})`;
  spawnSync("ip", ["netns", "del", probe]);
  return undefined;
}

export function createNetwork(count: number): TestNetwork {
  const tag = randomBytes(3).toString("hex");
  const net = randomInt(1, 250);
  const hosts: NetnsHost[] = [];
  const namespaces: string[] = [];
  const links: string[] = [];
  const serviceAddress = `10.213.${net}.253`;
  const cleanup = () => {
    process.removeListener("exit", cleanup);
    // Deleting a namespace deletes its veth end, and so the pair; the host ends go explicitly in
    // case a namespace was never made.
    for (const link of links) spawnSync("ip", ["link", "del", link], { stdio: "ignore" });
    for (const ns of namespaces) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  };
  process.once("exit", cleanup);
  try {
    for (let i = 0; i < count; i++) {
      const namespace = `kmipd-n${i + 1}-${tag}`;
      const [outer, inner] = [`kd${tag}h${i}`, `kd${tag}n${i}`]; // interface names: 15 bytes at most
      const [hostSide, nodeSide] = [`10.213.${net}.${4 * i + 1}`, `10.213.${net}.${4 * i + 2}`];
      ip("netns", "add", namespace);
      namespaces.push(namespace);
      ip("link", "add", outer, "type", "veth", "peer", "name", inner);
      links.push(outer);
      ip("link", "set", inner, "netns", namespace);
      ip("addr", "add", `${hostSide}/30`, "dev", outer);
      if (i === 0) ip("addr", "add", `${serviceAddress}/32`, "dev", outer);
      ip("link", "set", outer, "up");
      const inside = (...args: string[]) => ip("-n", namespace, ...args);
      inside("link", "set", "lo", "up");
      inside("addr", "add", `${nodeSide}/30`, "dev", inner);
      inside("link", "set", inner, "up");
      inside("route", "add", `${serviceAddress}/32`, "via", hostSide);
      hosts.push({ namespace, address: nodeSide });
    }
  } catch (err) {
    cleanup();
    throw err;
  }
  return {
    hosts,
    serviceAddress,
    command: (host, file, args) => ["ip", ["netns", "exec", host.namespace, file, ...args]],
    cleanup,
  };
}

function ip(...args: string[]): void {
  const run = spawnSync("ip", args, { encoding: "utf8" });
  if (run.error) throw new Error(`ip ${args.join(" ")}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`ip ${args.join(" ")}: ${run.stderr.trim()} (exit ${run.status})`);
}
