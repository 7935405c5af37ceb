/**
 * `npm run bench` (after `npm run build`): every figure of the performance goals as a ratio against
 * a reference measured in the same run (bare node:http, bare Koa, in-process Argon2, `node -e 0`).
 * Prints a table, writes the raw figures to bench/results/latest.json and the /auth latency chart to
 * bench/results/auth-latency.svg. Loopback only, a few minutes.
 *   --only=hashing,jwks,startup,scale   run some sections     --quick   fewer rounds, smaller database
 *   --readme   also copy the figures and chart to docs/performance/ and regenerate the README block
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { latencyChart } from './lib/chart.js';
import { ROOT } from './lib/proc.js';
import { updateReadme } from './lib/readme.js';
import { markdown, rows, type Sections } from './lib/report.js';
import { median, percentiles, round } from './lib/stats.js';
import { hashing } from './sections/hashing.js';
import { jwks } from './sections/jwks.js';
import { scale } from './sections/scale.js';
import { startup } from './sections/startup.js';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' }, readme: { type: 'boolean' } } });
const only = new Set((args.only ?? 'startup,hashing,jwks,scale').split(','));
const quick = args.quick === true;
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  node: process.version,
  platform: process.platform,
};
const date = new Date().toISOString();
const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

const sections: Sections = {};
if (only.has('startup'))
  (log('start-up: import and first /auth, quiet and busy'),
    (sections.startup = await startup({ runs: quick ? 3 : 15, importRuns: quick ? 11 : 41 })));
if (only.has('hashing'))
  (log('hashing: /auth and /register against the Argon2 ceilings; memory'),
    (sections.hashing = await hashing({ rounds: 3, seconds: quick ? 2 : 4 })));
if (only.has('jwks'))
  (log('jwks: against bare Koa and bare node:http'), (sections.jwks = await jwks({ rounds: 3, seconds: quick ? 2 : 3 })));
if (only.has('scale'))
  (log('scale: seeded database against an empty one'),
    (sections.scale = await scale(
      quick ? { users: 10_000, authLogs: 100_000, requests: 21 } : { users: 100_000, authLogs: 1_000_000, requests: 41 },
    )));

const table = rows(sections);
const results = join(ROOT, 'bench/results');
mkdirSync(results, { recursive: true });
const h = sections.hashing;
const summary = (r: { rate: number; ok: number; seconds: number; latencies: number[] }) => ({
  rate: round(r.rate, 1),
  ok: r.ok,
  seconds: round(r.seconds, 1),
  latencyMs: percentiles(r.latencies),
});
const raw = {
  date,
  machine,
  rows: table,
  ...(h
    ? {
        hashing: {
          ...h,
          auth: summary(h.auth),
          register: summary(h.register),
          verifyCeiling: summary(h.verifyCeiling),
          hashCeiling: summary(h.hashCeiling),
          verifyCeiling10: summary(h.verifyCeiling10),
          ...(h.former ? { former: { verify: summary(h.former.verify), hash: summary(h.former.hash) } } : {}),
        },
      }
    : {}),
  ...(sections.jwks
    ? {
        jwks: {
          ...sections.jwks,
          server: summary(sections.jwks.server),
          bareKoa: summary(sections.jwks.bareKoa),
          bareHttp: summary(sections.jwks.bareHttp),
        },
      }
    : {}),
  ...(sections.startup ? { startup: sections.startup } : {}),
  ...(sections.scale ? { scale: sections.scale } : {}),
};
writeFileSync(join(results, 'latest.json'), `${JSON.stringify(raw, null, 2)}\n`);
if (h) {
  const title = `POST /auth latency against the Argon2 verify ceiling (${machine.cores} cores, ${date.slice(0, 10)})`;
  const subtitle = `10 concurrent clients; /auth ${h.auth.rate.toFixed(1)}/s, ceiling (10 in flight) ${h.verifyCeiling10.rate.toFixed(1)}/s (m=${h.argon2MemoryMiB} MiB, t=2, p=1)`;
  const svg = latencyChart(title, subtitle, [
    { name: 'POST /auth over HTTP (10 connections)', color: '#d9480f', samples: h.auth.latencies },
    {
      name: 'Argon2 verify in-process (the server’s hasher, 10 in flight): the ceiling',
      color: '#1c7ed6',
      samples: h.verifyCeiling10.latencies,
    },
  ]);
  writeFileSync(join(results, 'auth-latency.svg'), svg);
}
console.log(`\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; ${date}\n`);
console.log(markdown(table));
console.log(`\nraw figures: bench/results/latest.json${h ? ', chart: bench/results/auth-latency.svg' : ''}`);

if (args.readme) {
  const docs = join(ROOT, 'docs/performance');
  mkdirSync(docs, { recursive: true });
  copyFileSync(join(results, 'latest.json'), join(docs, 'bench.json'));
  if (h) copyFileSync(join(results, 'auth-latency.svg'), join(docs, 'auth-latency.svg'));
  const where = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, Node ${machine.node}, ${date.slice(0, 16).replace('T', ' ')} UTC`;
  const scaleRun = sections.scale;
  const single = scaleRun
    ? `\n\nOne \`POST /auth\` at a time on an empty database (Argon2id verification, the signature, the audit row committed): p50 ${median(scaleRun.empty.auth).toFixed(1)} ms; a \`POST /register\`: p50 ${median(scaleRun.empty.register).toFixed(1)} ms.`
    : '';
  updateReadme(
    `One run of \`npm run bench\` on ${where} ([raw figures](docs/performance/bench.json)):\n\n${markdown(table)}${single}\n\n![POST /auth latency percentiles against the in-process Argon2 ceiling](docs/performance/auth-latency.svg)`,
  );
  log('README.md and docs/performance/ updated');
}
