/**
 * `npm run bench`: start-up time, /auth latency (and the enumeration-defence ratio), JWKS throughput
 * against a trivial endpoint in the same run (a ratio, robust to a noisy machine), and memory.
 * Needs `npm run build` first (it runs dist/src/main.js, what `npm start` runs).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { login, register } from '../test/support/http.js';
import { spawnServer, type SpawnedServer } from '../test/support/server.js';
import { tempDir } from '../test/support/temp-dir.js';

const MASTER = 'c'.repeat(64);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function timeToFirstAuth(): Promise<number> {
  const dir = tempDir();
  const t0 = performance.now();
  const server = await spawnServer(dir.dir, { NOT_MY_KEY: MASTER, BOOTSTRAP_USERS: 'userABC:password123', LOG_LEVEL: 'info' });
  const res = await login(server.url, 'userABC', 'password123');
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`first /auth answered ${res.status}`);
  await server.stop();
  dir.remove();
  return ms;
}

async function timed(fn: () => Promise<Response>, expected: number): Promise<number> {
  const t0 = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}`);
  return performance.now() - t0;
}

async function throughput(url: string, seconds = 5): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds });
  return result.requests.average;
}

function rssMiB(server: SpawnedServer): number {
  const status = readFileSync(`/proc/${server.proc.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) starts.push(await timeToFirstAuth());
  console.log(
    `start to first correct /auth on an empty database: median ${median(starts).toFixed(0)} ms (runs: ${starts.map((s) => s.toFixed(0)).join(', ')})`,
  );

  const dir = tempDir();
  const server = await spawnServer(dir.dir, { NOT_MY_KEY: MASTER, RATE_LIMIT_AUTH: '0', RATE_LIMIT_REGISTER: '0', LOG_LEVEL: 'info' });
  const password = await register(server.url, 'bench_user');
  const ok: number[] = [];
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 40; i++) {
    ok.push(await timed(() => login(server.url, 'bench_user', password), 200));
    wrong.push(await timed(() => login(server.url, 'bench_user', 'wrong'), 401));
    unknown.push(await timed(() => login(server.url, 'no_such_user', 'wrong'), 401));
  }
  console.log(`/auth success: p50 ${median(ok).toFixed(1)} ms, p95 ${pct(ok, 0.95).toFixed(1)} ms (40 sequential)`);
  console.log(
    `/auth wrong password p50 ${median(wrong).toFixed(1)} ms, unknown user p50 ${median(unknown).toFixed(1)} ms: ratio ${(median(unknown) / median(wrong)).toFixed(2)} (1.00 = indistinguishable)`,
  );

  const rssBefore = rssMiB(server);
  const healthz = await throughput(`${server.url}/healthz`);
  const jwks = await throughput(`${server.url}/.well-known/jwks.json`);
  console.log(
    `throughput: /healthz ${healthz.toFixed(0)} req/s, JWKS ${jwks.toFixed(0)} req/s: ratio ${(jwks / healthz).toFixed(2)} (JWKS is built once per key change, so ≈ 1)`,
  );
  console.log(
    `memory: RSS ${rssBefore.toFixed(0)} MiB before load, ${rssMiB(server).toFixed(0)} MiB after ${((healthz + jwks) * 5).toFixed(0)} requests`,
  );
  await server.stop();
  dir.remove();
}

await main();
