/**
 * The CI fuzz run: a few thousand mutated and generated messages, each through the decoder and
 * the message model (only TtlvError and KmipError may escape) and to a live server over mutual TLS
 * (every answer a Response Message, or a clean close; a canary served after each burst). Plus a
 * fast-check property over generated messages, which shrinks a failure to a small input. The long
 * run is `npm run fuzz -- --messages 1000000` (scripts/fuzz.ts).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkModel, type FuzzReport, generatedMessage, loadCorpus, runFuzz } from "./fuzz.js";
import { type LiveServer, startLive } from "./live-server.js";

const SEED = Number(process.env.KMIPD_FUZZ_SEED ?? 20_261_128);
const MESSAGES = 4000;

let live: LiveServer;

beforeAll(async () => {
  live = await startLive();
}, 30_000);

afterAll(async () => {
  await live?.close();
});

function summary(report: FuzzReport): string {
  const { failures, rssMiB, ...counts } = report;
  return JSON.stringify({ ...counts, failures: failures.slice(0, 3) }, null, 1);
}

describe("fuzzing (short run)", () => {
  it(`survives ${MESSAGES} fuzzed messages in process, half of them on a live server (seed ${SEED})`, async () => {
    const corpus = loadCorpus(7);
    const report = await runFuzz({
      messages: MESSAGES,
      seed: SEED,
      burst: 500,
      senders: 4,
      liveEvery: 2,
      corpus,
      live: { port: live.port, ca: live.ca, credential: () => live.credential() },
    });
    expect(report.failures, summary(report)).toEqual([]);
    expect(report.messages).toBe(MESSAGES);
    expect(report.canaries).toBe(MESSAGES / 500);
    // Each path was taken: answered, refused with a close, left incomplete; read and refused.
    for (const outcome of ["answered", "padded", "refused-closed", "incomplete"] as const)
      expect(report.live[outcome], outcome).toBeGreaterThan(0);
    for (const outcome of ["ttlv-refused", "model-refused", "model-read"] as const)
      expect(report.model[outcome], outcome).toBeGreaterThan(0);
  }, 120_000);

  it("lets only TtlvError or KmipError out of the decoder and model (fast-check)", () => {
    fc.assert(
      fc.property(generatedMessage, (bytes) => {
        checkModel(bytes);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });
});
