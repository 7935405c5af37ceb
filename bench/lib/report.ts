/** The benchmark's table: each measured figure as a ratio against its reference, and its goal. */
import type { HashingResult } from '../sections/hashing.js';
import type { JwksResult } from '../sections/jwks.js';
import { scaleSummary, type ScaleResult } from '../sections/scale.js';
import { startupSummary, type StartupResult } from '../sections/startup.js';
import type { LoadResult } from './load.js';
import { median, round } from './stats.js';

export interface Row {
  what: string;
  measured: string;
  /** The figure the goal is about (a ratio, or seconds/MiB where the goal is absolute). */
  value: number;
  goal: string;
  met: boolean;
  /** A figure for information, with no goal of its own. */
  info?: boolean;
}

export interface Sections {
  hashing?: HashingResult;
  jwks?: JwksResult;
  startup?: StartupResult;
  scale?: ScaleResult;
}

const rate = (x: number) => `${x.toFixed(x < 100 ? 1 : 0)}/s`;
const ms = (x: number) => `${Math.round(x)} ms`;
const mib = (x: number) => `${x.toFixed(0)} MiB`;
const cpuMs = (x: number) => `${x.toFixed(1)} ms`;

export function rows(s: Sections): Row[] {
  const out: Row[] = [];
  const ratio = (what: string, measured: string, value: number, atLeast: boolean, goal: number) =>
    out.push({ what, measured, value: round(value), goal: `${atLeast ? '≥' : '≤'} ${goal}`, met: atLeast ? value >= goal : value <= goal });
  if (s.hashing) {
    const h = s.hashing;
    ratio(
      '`POST /auth` 2xx throughput ÷ Argon2 verify ceiling (in-process, same run, 10 connections)',
      `${rate(h.auth.rate)} ÷ ${rate(h.verifyCeiling.rate)}`,
      h.auth.rate / h.verifyCeiling.rate,
      true,
      0.95,
    );
    ratio(
      '`POST /register` 201 throughput ÷ Argon2 hash ceiling (same run, 10 connections)',
      `${rate(h.register.rate)} ÷ ${rate(h.hashCeiling.rate)}`,
      h.register.rate / h.hashCeiling.rate,
      true,
      0.95,
    );
    if (h.former) {
      const info = (what: string, server: LoadResult, reference: LoadResult) =>
        out.push({
          what,
          measured: `${rate(server.rate)} ÷ ${rate(reference.rate)}`,
          value: round(server.rate / reference.rate),
          goal: '—',
          met: true,
          info: true,
        });
      info(
        '`POST /auth` throughput ÷ the **former** hasher’s verify ceiling (node-argon2 on libuv’s pool, same parameters, same run)',
        h.auth,
        h.former.verify,
      );
      info('`POST /register` throughput ÷ the former hasher’s hash ceiling, the same', h.register, h.former.hash);
    }
    // Where the cores go: with every core busy, /auth ÷ the ceiling cannot exceed one verification's CPU
    // over all the CPU a login costs, the load generator's (on the same cores) included.
    const { serverMain, serverOther, client, verify } = h.cpu;
    const perLogin = serverMain + serverOther + client;
    out.push({
      what: 'CPU per `POST /auth`: the server’s main thread + its other threads (Argon2 among them) + the load generator, against one in-process verification: the ratio that split allows with every core busy',
      measured: `${cpuMs(serverMain)} + ${cpuMs(serverOther)} + ${cpuMs(client)} = ${cpuMs(perLogin)} against ${cpuMs(verify)}`,
      value: round(verify / perLogin),
      goal: '—',
      met: true,
      info: true,
    });
  }
  if (s.jwks) {
    const j = s.jwks;
    ratio(
      '`GET /.well-known/jwks.json` ÷ bare Koa + @koa/router serving the same string (request logging on)',
      `${rate(j.server.rate)} ÷ ${rate(j.bareKoa.rate)} (bare node:http ${rate(j.bareHttp.rate)})`,
      j.server.rate / j.bareKoa.rate,
      true,
      0.9,
    );
  }
  if (s.startup) {
    const t = startupSummary(s.startup);
    ratio(
      `import of the server module (\`${s.startup.module}\`) ÷ \`node -e 0\` (medians of ${s.startup.importMs.length} alternating runs)`,
      `${ms(t.importMs)} ÷ ${ms(t.nodeMs)}`,
      t.importMs / t.nodeMs,
      false,
      2.5,
    );
    out.push({
      what: `start → first correct \`POST /auth\` on an empty database, quiet (median of ${s.startup.firstAuthQuietMs.length} starts)`,
      measured: `${ms(t.quietMs)} (${round(t.quietMs / t.nodeMs, 1)} × \`node -e 0\`)`,
      value: round(t.quietMs / 1000),
      goal: '≤ 0.45 s',
      met: t.quietMs <= 450,
    });
    out.push({
      what: `the same with every core busy (median of ${s.startup.firstAuthBusyMs.length} starts)`,
      measured: `${ms(t.busyMs)}`,
      value: round(t.busyMs / 1000),
      goal: '< 0.7 s',
      met: t.busyMs < 700,
    });
  }
  if (s.hashing) {
    const h = s.hashing;
    out.push({
      what: 'idle RSS after start-up (1 s after ready)',
      measured: mib(h.idleRssMiB),
      value: round(h.idleRssMiB, 1),
      goal: '≤ 70 MiB',
      met: h.idleRssMiB <= 70,
    });
    if (h.settledRssMiB !== undefined)
      out.push({
        what: 'the same 20 s after ready, still idle (once V8’s memory reducer has run)',
        measured: mib(h.settledRssMiB),
        value: round(h.settledRssMiB, 1),
        goal: '≤ 70 MiB',
        met: h.settledRssMiB <= 70,
      });
    const bound = h.idleRssMiB + h.cores * h.argon2MemoryMiB + 32;
    out.push({
      what: `RSS under sustained \`/auth\` load (max; ≤ idle + ${h.cores} cores × ${h.argon2MemoryMiB} MiB + 32 MiB)`,
      measured: `${mib(h.loadRssMiB.max)} (median ${mib(h.loadRssMiB.median)})`,
      value: round(h.loadRssMiB.max, 1),
      goal: `≤ ${mib(bound)}`,
      met: h.loadRssMiB.max <= bound,
    });
  }
  if (s.scale) {
    const k = scaleSummary(s.scale);
    const users = s.scale.users.toLocaleString('en');
    const logs = s.scale.authLogs.toLocaleString('en');
    ratio(
      `\`/auth\` p50 with ${users} users and ${logs} auth_logs rows ÷ p50 on an empty database`,
      ratioText(s.scale.seeded.auth, s.scale.empty.auth),
      k.auth,
      false,
      1.2,
    );
    ratio(`\`/register\` p50, the same`, ratioText(s.scale.seeded.register, s.scale.empty.register), k.register, false, 1.2);
  }
  return out;
}

const ratioText = (a: number[], b: number[]) => `${median(a).toFixed(1)} ms ÷ ${median(b).toFixed(1)} ms`;

/** A Markdown table of the rows. */
export function markdown(table: readonly Row[]): string {
  const lines = ['| what | measured | ratio / figure | goal | met |', '|---|---|---|---|---|'];
  for (const r of table) lines.push(`| ${r.what} | ${r.measured} | ${r.value} | ${r.goal} | ${r.info ? '—' : r.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}
