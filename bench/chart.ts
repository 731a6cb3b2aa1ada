/**
 * An SVG chart of every measured run, one after another on a shared time axis: payments per
 * second on top, p50 and p99 latency (ms, per second) below. Written by hand: a few polylines.
 */
import type { SecondStats } from './protocol.ts';

export interface ChartRun {
  readonly label: string;
  readonly seconds: readonly SecondStats[];
}

const width = 1000;
const panelHeight = 220;
const margin = { left: 60, right: 20, top: 40, gap: 50, bottom: 40 };
const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];

const round = (value: number) => Math.round(value * 10) / 10;
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value) ?? 10;
  return step * magnitude;
}

function axis(top: number, max: number, label: string, plotWidth: number): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = top + panelHeight - f * panelHeight;
    return `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y}" y2="${y}" stroke="#eee"/>
<text x="${margin.left - 6}" y="${y + 4}" text-anchor="end">${Math.round(f * max)}</text>`;
  });
  return `${ticks.join('\n')}
<text x="14" y="${top + panelHeight / 2}" transform="rotate(-90 14 ${top + panelHeight / 2})" text-anchor="middle">${escape(label)}</text>`;
}

export function renderChart(title: string, runs: readonly ChartRun[]): string {
  const totalSeconds = Math.max(
    1,
    runs.reduce((sum, run) => sum + run.seconds.length, 0),
  );
  const plotWidth = width - margin.left - margin.right;
  const x = (second: number) => margin.left + (second / totalSeconds) * plotWidth;
  const throughputMax = niceMax(Math.max(...runs.flatMap((r) => r.seconds.map((s) => s.payments))));
  const latencyMax = niceMax(
    Math.max(...runs.flatMap((r) => r.seconds.map((s) => s.p99Ms).filter(Number.isFinite))),
  );
  const topA = margin.top;
  const topB = margin.top + panelHeight + margin.gap;
  const height = topB + panelHeight + margin.bottom;
  const parts: string[] = [axis(topA, throughputMax, 'payments/s', plotWidth)];
  parts.push(axis(topB, latencyMax, 'latency ms (p50 solid, p99 dashed)', plotWidth));
  let offset = 0;
  runs.forEach((run, index) => {
    const colour = colours[index % colours.length]!;
    const line = (value: (s: SecondStats) => number, top: number, max: number, dash = '') => {
      const points = run.seconds
        .filter((s) => Number.isFinite(value(s)))
        .map(
          (s) =>
            `${round(x(offset + s.second + 0.5))},${round(top + panelHeight - (value(s) / max) * panelHeight)}`,
        );
      return `<polyline fill="none" stroke="${colour}" stroke-width="1.5"${dash} points="${points.join(' ')}"/>`;
    };
    parts.push(line((s) => s.payments, topA, throughputMax));
    parts.push(line((s) => s.p50Ms, topB, latencyMax));
    parts.push(line((s) => s.p99Ms, topB, latencyMax, ' stroke-dasharray="4 3"'));
    const start = x(offset);
    parts.push(
      `<line x1="${start}" x2="${start}" y1="${topA}" y2="${topB + panelHeight}" stroke="#bbb"/>`,
      `<text x="${start + 4}" y="${topA + 14 + (index % 2) * 14}" fill="${colour}">${escape(run.label)}</text>`,
    );
    offset += run.seconds.length;
  });
  parts.push(
    `<text x="${margin.left + plotWidth / 2}" y="${height - 10}" text-anchor="middle">seconds of measured time, runs one after another</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>
${parts.join('\n')}
</svg>
`;
}
