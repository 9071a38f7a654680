/**
 * The report's chart, drawn by hand as SVG: ops/s of every server in every scenario, as
 * horizontal bars on a log scale (PyKMIP and the ceiling are two or three orders of magnitude
 * apart, which a linear axis would flatten to nothing).
 */
import type { ServerRun } from "./runner.js";
import { SCENARIOS } from "./scenarios.js";

const COLORS = ["#1f77b4", "#17becf", "#ff7f0e", "#7f7f7f", "#2ca02c"];
const WIDTH = 980;
const LEFT = 270;
const RIGHT = 90;
const BAR = 14;
const GAP = 4;
const GROUP_GAP = 16;
const TOP = 56;

const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const text = (x: number, y: number, s: string, extra = "") =>
  `<text x="${x}" y="${y}" ${extra}>${esc(s)}</text>`;
const short = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k` : `${Math.round(n)}`);

function axis(decades: number, y: number, height: number, x: (v: number) => number): string[] {
  const out: string[] = [];
  for (let d = 0; d <= decades; d++) {
    const px = x(10 ** d);
    out.push(`<line x1="${px}" y1="${TOP - 6}" x2="${px}" y2="${y}" stroke="#ddd"/>`);
    out.push(text(px, y + 16, short(10 ** d), 'text-anchor="middle" fill="#555"'));
  }
  out.push(
    text(
      LEFT + (WIDTH - LEFT - RIGHT) / 2,
      height - 6,
      "ops/s (log scale)",
      'text-anchor="middle" fill="#555"',
    ),
  );
  return out;
}

function legend(runs: readonly ServerRun[]): string[] {
  return runs.map((r, i) => {
    const x = LEFT + i * 170;
    return `<rect x="${x}" y="30" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>${text(x + 18, 40, r.name)}`;
  });
}

export function renderChart(runs: readonly ServerRun[], caption: string): string {
  const scenarios = SCENARIOS.filter((s) => runs.some((r) => r.cells.some((c) => c.scenario === s.id)));
  const max = Math.max(10, ...runs.flatMap((r) => r.cells.map((c) => c.result?.opsPerSecond ?? 0)));
  const decades = Math.ceil(Math.log10(max));
  const span = WIDTH - LEFT - RIGHT;
  const x = (v: number) => LEFT + (Math.log10(Math.max(1, v)) / decades) * span;
  const body: string[] = [];
  let y = TOP;
  for (const s of scenarios) {
    const groupHeight = runs.length * (BAR + GAP) - GAP;
    body.push(text(LEFT - 10, y + groupHeight / 2 + 4, s.title, 'text-anchor="end"'));
    runs.forEach((r, i) => {
      const cell = r.cells.find((c) => c.scenario === s.id);
      const v = cell?.result?.opsPerSecond;
      const by = y + i * (BAR + GAP);
      if (v === undefined || v === 0) {
        const why = cell === undefined ? "not run" : cell.result ? "0" : "not available";
        body.push(text(LEFT + 4, by + BAR - 3, why, 'fill="#999" font-style="italic"'));
        return;
      }
      body.push(
        `<rect x="${LEFT}" y="${by}" width="${(x(v) - LEFT).toFixed(1)}" height="${BAR}" fill="${COLORS[i % COLORS.length]}"/>`,
      );
      body.push(text(x(v) + 4, by + BAR - 3, short(v), 'fill="#333"'));
    });
    y += groupHeight + GROUP_GAP;
  }
  const height = y + 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(10, 18, caption, 'font-weight="bold"'),
    ...axis(decades, y - GROUP_GAP + 6, height, x),
    ...legend(runs),
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
