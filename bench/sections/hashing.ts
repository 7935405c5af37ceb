/**
 * POST /auth and POST /register throughput against the in-process Argon2 ceilings, in interleaved
 * rounds (ceiling, server, ceiling, server…) so that load from elsewhere on the machine hits both
 * alike; and the server's RSS when idle after start-up (1 s after ready, and again once V8's memory
 * reducer has run, which it does after ~8 s of idleness) and under sustained /auth load.
 */
import { availableParallelism } from 'node:os';
import { OWASP_ARGON2ID } from '../../src/adapters/crypto/argon2-password-hasher.js';
import { ceiling, formerCeiling, formerHasher } from '../lib/ceiling.js';
import { combine, load, type LoadResult } from '../lib/load.js';
import { rssMiB, sampleRss, startServer, threadCpuMs, waitFor } from '../lib/proc.js';
import { max, median } from '../lib/stats.js';

export const BENCH_PASSWORD = '3b241101-e2bb-4255-8caf-4136c566a962';
const CONNECTIONS = 10;
/** When the settled idle RSS is read, after ready: V8's memory reducer runs ~8 s and ~18 s after start. */
const SETTLED_AFTER_MS = 20_000;

export interface HashingResult {
  cores: number;
  argon2MemoryMiB: number;
  auth: LoadResult;
  register: LoadResult;
  /** Best of the ceilings at 10 in flight and at `cores` in flight. */
  verifyCeiling: LoadResult;
  hashCeiling: LoadResult;
  /** The verify ceiling with 10 in flight: the chart's reference curve. */
  verifyCeiling10: LoadResult;
  /** The ceilings of the hasher the server used before (node-argon2), when it is installed. */
  former?: { verify: LoadResult; hash: LoadResult };
  /** 1 s after ready. */
  idleRssMiB: number;
  /** {@link SETTLED_AFTER_MS} after ready, still idle. */
  settledRssMiB?: number;
  loadRssMiB: { max: number; median: number };
  /** CPU ms per operation, over the /auth rounds: where the cores go. */
  cpu: {
    /** The server's main thread, per login. */
    serverMain: number;
    /** The server's other threads (libuv's pool: Argon2, SQLite, signing; V8's helpers), per login. */
    serverOther: number;
    /** The load generator (this process), per login. */
    client: number;
    /** This process per in-process verification (the ceiling's rounds at 10 in flight). */
    verify: number;
  };
}

/** Runs `step`, adding the CPU it took (this process's, and the server's threads') to `into`. */
function metered(step: () => Promise<LoadResult>, into: { self: number; main: number; all: number; ops: number }, pid?: number) {
  return async () => {
    const self = process.cpuUsage();
    const server = pid === undefined ? undefined : threadCpuMs(pid);
    const result = await step();
    const used = process.cpuUsage(self);
    into.self += (used.user + used.system) / 1000;
    if (pid !== undefined && server) {
      const after = threadCpuMs(pid);
      into.main += after.main - server.main;
      into.all += after.all - server.all;
    }
    into.ops += result.ok;
    return result;
  };
}

async function rounds(n: number, steps: Record<string, () => Promise<LoadResult>>): Promise<Record<string, LoadResult>> {
  const results: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let i = 0; i < n; i++) for (const [name, step] of Object.entries(steps)) results[name]!.push(await step());
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, combine(v)]));
}

export async function hashing(options: { rounds: number; seconds: number }): Promise<HashingResult> {
  const cores = availableParallelism();
  const server = await startServer({ RATE_LIMIT_AUTH: '0', RATE_LIMIT_REGISTER: '0', BOOTSTRAP_USERS: `bench:${BENCH_PASSWORD}` });
  try {
    await waitFor(`${server.url}/readyz`);
    const readyAt = performance.now();
    const sleep = (ms: number) => new Promise((done) => setTimeout(done, Math.max(0, ms)));
    await sleep(1000);
    const idleRssMiB = rssMiB(server.proc.pid!);
    await sleep(SETTLED_AFTER_MS - (performance.now() - readyAt));
    const settledRssMiB = rssMiB(server.proc.pid!);

    const authBody = JSON.stringify({ username: 'bench', password: BENCH_PASSWORD });
    const auth = () =>
      load({ url: `${server.url}/auth`, method: 'POST', body: authBody, seconds: options.seconds, connections: CONNECTIONS });
    let n = 0;
    const nextBody = () => JSON.stringify({ username: `reg_${process.pid}_${n++}` });
    const register = () =>
      load({ url: `${server.url}/register`, method: 'POST', nextBody, seconds: options.seconds, connections: CONNECTIONS });
    const ceilingSeconds = options.seconds * 0.6;

    await load({ url: `${server.url}/auth`, method: 'POST', body: authBody, seconds: 1, connections: CONNECTIONS }); // warm-up
    const withFormer = (await formerHasher()) !== undefined;
    const former = (kind: 'verify' | 'hash'): Record<string, () => Promise<LoadResult>> =>
      withFormer ? { former: () => formerCeiling(kind, ceilingSeconds, CONNECTIONS) } : {};
    const rss = sampleRss(server.proc.pid!);
    const onServer = { self: 0, main: 0, all: 0, ops: 0 };
    const inProcess = { self: 0, main: 0, all: 0, ops: 0 };
    const a = await rounds(options.rounds, {
      ceiling10: metered(() => ceiling('verify', ceilingSeconds, CONNECTIONS), inProcess),
      ceilingCores: () => ceiling('verify', ceilingSeconds, cores),
      ...former('verify'),
      server: metered(auth, onServer, server.proc.pid!),
    });
    const samples = rss.stop();
    const r = await rounds(options.rounds, {
      ceiling10: () => ceiling('hash', ceilingSeconds, CONNECTIONS),
      ceilingCores: () => ceiling('hash', ceilingSeconds, cores),
      ...former('hash'),
      server: register,
    });
    const best = (x: LoadResult, y: LoadResult) => (x.rate >= y.rate ? x : y);
    return {
      cores,
      argon2MemoryMiB: OWASP_ARGON2ID.memoryCost / 1024,
      auth: a.server!,
      register: r.server!,
      verifyCeiling: best(a.ceiling10!, a.ceilingCores!),
      hashCeiling: best(r.ceiling10!, r.ceilingCores!),
      verifyCeiling10: a.ceiling10!,
      ...(a.former && r.former ? { former: { verify: a.former, hash: r.former } } : {}),
      idleRssMiB,
      settledRssMiB,
      loadRssMiB: { max: max(samples), median: median(samples) },
      cpu: {
        serverMain: onServer.main / onServer.ops,
        serverOther: (onServer.all - onServer.main) / onServer.ops,
        client: onServer.self / onServer.ops,
        verify: inProcess.self / inProcess.ops,
      },
    };
  } finally {
    await server.stop();
  }
}
