/** A parser and a linter for the Prometheus text exposition format (0.0.4), after promtool's `check metrics`. */

export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  help?: string;
  type?: string;
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES = ['_bucket', '_sum', '_count', '_created'];

/** Parses an exposition; throws on any line that is not valid text format. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const family = (name: string) => families.get(name) ?? families.set(name, { name, samples: [] }).get(name)!;
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`line ${i + 1}: bad metric name ${name}`);
      const f = family(name);
      if (kind === 'HELP') {
        if (f.help !== undefined) throw new Error(`line ${i + 1}: second HELP for ${name}`);
        f.help = rest;
      } else {
        if (f.type !== undefined || f.samples.length > 0) throw new Error(`line ${i + 1}: TYPE for ${name} repeated or after its samples`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`line ${i + 1}: bad type ${rest}`);
        f.type = rest;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1}: not a sample: ${line}`);
    const [, name, labelText = '', valueText] = m as unknown as [string, string, string | undefined, string];
    const value = parseValue(valueText);
    if (value === undefined) throw new Error(`line ${i + 1}: bad value ${valueText}`);
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < labelText.length) {
      const l = LABEL.exec(labelText);
      if (!l) throw new Error(`line ${i + 1}: bad labels {${labelText}}`);
      if (l[1]! in labels) throw new Error(`line ${i + 1}: label ${l[1]} twice`);
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    const base = SUFFIXES.map((s) => (name.endsWith(s) ? name.slice(0, -s.length) : undefined)).find(
      (b) => b !== undefined && families.has(b),
    );
    family(base ?? name).samples.push({ name, labels, value });
  }
  return families;
}

/** As Prometheus reads values (Go's ParseFloat): decimal, or NaN / ±Inf in any case. */
function parseValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (/^[+-]?inf(inity)?$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  return text.trim() !== '' && !Number.isNaN(value) ? value : undefined;
}

/** The value of the first sample named `name` whose labels include `labels`. */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of families.values()) {
    const s = f.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
    if (s) return s.value;
  }
  return undefined;
}

const NON_BASE_UNITS =
  /_(milliseconds|microseconds|nanoseconds|minutes|hours|days|ms|us|ns|kilobytes|megabytes|gigabytes|kb|mb|gb|percent|celsius)(_|$)/;

/** promtool-style problems (`name: problem`) in the families; an empty list means clean. */
export function lintExposition(families: Map<string, MetricFamily>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of families.values()) {
    const say = (problem: string) => problems.push(`${f.name}: ${problem}`);
    if (!f.help) say('no help text');
    if (!f.type) say('no TYPE');
    if (f.type === 'counter' && !f.name.endsWith('_total')) say('counter metrics should have "_total" suffix');
    if (f.type !== 'counter' && f.name.endsWith('_total')) say('non-counter metrics should not have "_total" suffix');
    if (/[A-Z]/.test(f.name)) say('metric names should be written in snake_case not camelCase');
    const unit = NON_BASE_UNITS.exec(f.name);
    if (unit) say(`use base units (seconds, bytes, ratio) instead of "${unit[1]}"`);
    if (f.type !== 'histogram' && f.type !== 'summary' && /_(count|sum|bucket)$/.test(f.name))
      say('non-histogram metrics should not have "_count", "_sum" or "_bucket" suffix');
    for (const s of f.samples) {
      for (const label of Object.keys(s.labels)) {
        if (/[A-Z]/.test(label)) say(`label names should be written in snake_case: ${label}`);
        if (label.startsWith('__')) say(`reserved label name ${label}`);
      }
      const series = `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
      if (seen.has(series)) say(`duplicate series ${series}`);
      seen.add(series);
    }
    if (f.type === 'histogram') problems.push(...histogramProblems(f));
  }
  return problems;
}

function histogramProblems(f: MetricFamily): string[] {
  const problems: string[] = [];
  const groups = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const [key, samples] of groups) {
    const buckets = samples.filter((s) => s.name === `${f.name}_bucket`);
    const count = samples.find((s) => s.name === `${f.name}_count`);
    if (!buckets.some((b) => b.labels.le === '+Inf')) problems.push(`${f.name}${key}: no +Inf bucket`);
    if (!samples.some((s) => s.name === `${f.name}_sum`) || !count) problems.push(`${f.name}${key}: no _sum or _count`);
    const inf = buckets.find((b) => b.labels.le === '+Inf');
    if (inf && count && inf.value !== count.value) problems.push(`${f.name}${key}: +Inf bucket differs from _count`);
    const values = buckets.map((b) => b.value);
    if (values.some((v, i) => i > 0 && v < values[i - 1]!)) problems.push(`${f.name}${key}: buckets are not cumulative`);
  }
  return problems;
}
