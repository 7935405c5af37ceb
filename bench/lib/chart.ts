/** One hand-written SVG line chart: latency percentiles of a few series (no plotting dependency). */
import { PERCENTILES, quantile } from './stats.js';

export interface Series {
  name: string;
  color: string;
  /** Raw latencies, ms. */
  samples: readonly number[];
}

const W = 720;
const H = 400;
const M = { top: 56, right: 24, bottom: 92, left: 64 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(x: number): number {
  const step = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((k) => k * step).find((v) => v >= x) ?? 10 * step;
}

export function latencyChart(title: string, subtitle: string, series: readonly Series[]): string {
  const points = series.map((s) => PERCENTILES.map((p) => quantile(s.samples, p / 100)));
  const top = niceMax(Math.max(...points.flat()) * 1.05);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (plotW * (i + 0.5)) / PERCENTILES.length;
  const y = (v: number) => M.top + plotH - (plotH * v) / top;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${M.left}" y="40" fill="#555">${esc(subtitle)}</text>`,
  ];
  for (let k = 0; k <= 5; k++) {
    const v = (top * k) / 5;
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${M.left - 8}" y="${y(v) + 4}" text-anchor="end">${Number(v.toFixed(1))}</text>`);
  }
  out.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">latency, ms</text>`);
  PERCENTILES.forEach((p, i) => out.push(`<text x="${x(i)}" y="${M.top + plotH + 18}" text-anchor="middle">p${p}</text>`));
  out.push(`<text x="${M.left + plotW / 2}" y="${M.top + plotH + 38}" text-anchor="middle">percentile</text>`);
  series.forEach((s, j) => {
    const path = points[j]!.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2.5"/>`);
    points[j]!.forEach((v, i) => {
      out.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(s.name)} p${PERCENTILES[i]}: ${v.toFixed(1)} ms</title></circle>`,
      );
    });
    const ly = H - 40 + j * 16;
    out.push(`<line x1="${M.left}" x2="${M.left + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.5"/>`);
    out.push(`<text x="${M.left + 32}" y="${ly}">${esc(s.name)} (${s.samples.length} samples)</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
