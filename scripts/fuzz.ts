/**
 * The long fuzz run against a kmipd started in this process (127.0.0.1 only):
 *
 *   npm run fuzz -- --messages 1000000 [--seed N --senders 4 --burst 2000 --live-every 1
 *                   --oasis-every 1 --minutes 240 --rss-margin-mib 256 --out fuzz-failures.json]
 *
 * Mutated captured and OASIS messages and generated TTLV trees go through the decoder and the
 * message model and to the live server over mutual TLS (test/reliability/fuzz*.ts). After every
 * burst a canary client must be served and the RSS is sampled; the run ends by itself at
 * `--messages` or `--minutes`, whichever comes first. It fails (exit 1) on any oracle failure, a
 * canary not served, or an RSS more than `--rss-margin-mib` above the one after the first burst
 * (memory must not grow without bound). Failures, with their inputs as hex, go to `--out`.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type FuzzReport, loadCorpus, runFuzz } from "../test/reliability/fuzz.js";
import { startLive } from "../test/reliability/live-server.js";

function options() {
  const { values } = parseArgs({
    options: {
      messages: { type: "string", default: "1000000" },
      seed: { type: "string", default: String(Date.now() % 2 ** 31) },
      senders: { type: "string", default: "4" },
      burst: { type: "string", default: "2000" },
      "live-every": { type: "string", default: "1" },
      "oasis-every": { type: "string", default: "1" },
      minutes: { type: "string", default: "240" },
      "rss-margin-mib": { type: "string", default: "256" },
      out: { type: "string", default: "fuzz-failures.json" },
    },
  });
  const n = (key: keyof typeof values) => {
    const v = Number(values[key]);
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${key} must be a whole number`);
    return v;
  };
  return {
    messages: n("messages"),
    seed: n("seed"),
    senders: Math.max(1, n("senders")),
    burst: Math.max(1, n("burst")),
    liveEvery: Math.max(1, n("live-every")),
    oasisEvery: Math.max(1, n("oasis-every")),
    minutes: n("minutes"),
    rssMarginMiB: n("rss-margin-mib"),
    out: values.out!,
  };
}

function progress(r: FuzzReport): void {
  const rate = Math.round((r.messages / Math.max(1, r.ms)) * 1000);
  const live = Object.entries(r.live)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const model = Object.entries(r.model)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  process.stdout.write(
    `${r.messages} messages, ${rate}/s, rss ${r.rssMiB.at(-1)} MiB, canaries ${r.canaries}, ` +
      `failures ${r.failures.length} | model: ${model} | live: ${live}\n`,
  );
}

/** RSS after the first burst (warmed up: corpus, JIT, TLS contexts) against the last. */
function memoryGrowth(r: FuzzReport): number {
  const first = r.rssMiB[0] ?? 0;
  return (r.rssMiB.at(-1) ?? first) - first;
}

async function main(): Promise<number> {
  const o = options();
  const corpus = loadCorpus(o.oasisEvery);
  process.stdout.write(`seed ${o.seed}; corpus ${JSON.stringify(corpus.counts)}\n`);
  const live = await startLive(undefined, { keepLogs: false });
  let report: FuzzReport;
  try {
    report = await runFuzz({
      messages: o.messages,
      seed: o.seed,
      burst: o.burst,
      senders: o.senders,
      liveEvery: o.liveEvery,
      corpus,
      live: { port: live.port, ca: live.ca, credential: () => live.credential() },
      deadline: Date.now() + o.minutes * 60_000,
      onBurst: progress,
    });
  } finally {
    await live.close();
  }
  const bursts = report.rssMiB.length;
  const growth = memoryGrowth(report);
  const problems = [
    ...(report.failures.length > 0 ? [`${report.failures.length} failures (see ${o.out})`] : []),
    ...(report.canaries < bursts ? [`${bursts - report.canaries} canaries not served`] : []),
    ...(growth > o.rssMarginMiB ? [`RSS grew ${growth} MiB (margin ${o.rssMarginMiB})`] : []),
  ];
  if (report.failures.length > 0)
    writeFileSync(o.out, JSON.stringify({ seed: o.seed, failures: report.failures }, null, 2));
  process.stdout.write(
    `done in ${Math.round(report.ms / 1000)} s; RSS growth ${growth} MiB; ${problems.length === 0 ? "OK" : problems.join("; ")}\n`,
  );
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
  return 2;
});
