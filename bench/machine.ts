/**
 * What the numbers were measured on: cores, CPU, memory, Node and OpenSSL, PyKMIP's version,
 * the load average when the run began (other work on the machine skews everything), and how
 * long one fsync takes on the disk under the temporary folder, which bounds every durable
 * Create on SQLite.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export interface Machine {
  readonly date: string;
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly openssl: string;
  readonly pykmip: string;
  readonly loadAverage: number;
  /** Median time of appending 4 KiB and fsync-ing it in the temporary folder (as a WAL commit does). */
  readonly fsyncMs: number;
}

function fsyncMedianMs(rounds = 50): number {
  const dir = mkdtempSync(join(tmpdir(), "kmipd-bench-fsync-"));
  const fd = openSync(join(dir, "probe"), "w");
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, i * block.length);
      fsyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

export function describeMachine(pykmip: string): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    node: process.version,
    openssl: process.versions.openssl ?? "unknown",
    pykmip,
    loadAverage: loadavg()[0] ?? 0,
    fsyncMs: fsyncMedianMs(),
  };
}
