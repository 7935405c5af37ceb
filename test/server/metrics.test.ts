import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { lintExposition, parseExposition, sampleValue, type MetricFamily } from '../support/exposition.js';
import { login, postJson, register } from '../support/http.js';
import { startInProcess, tempDir } from '../support/server.js';

// prom-client's default process metrics name three gauges `..._total`; they are not ours to rename.
const PROM_CLIENT_QUIRKS = new Set(['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']);

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startInProcess(dir.dir, { METRICS_PORT: '0', RATE_LIMIT_AUTH: '3' }, { doubles: true });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

async function scrape(): Promise<Map<string, MetricFamily>> {
  const res = await fetch(server.metricsUrl!);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

describe('the metrics listener', () => {
  it('is on loopback, on a port of its own; the API port has no /metrics', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(server.metricsUrl!).port).not.toBe(String(server.port));
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const other = await fetch(new URL('/other', server.metricsUrl));
    expect(other.status).toBe(404);
    expect((await fetch(server.metricsUrl!, { method: 'POST' })).status).toBe(405);
  });

  it('passes promtool-style linting after real traffic', async () => {
    await fetch(`${server.url}/.well-known/jwks.json`);
    await login(server.url, 'nobody', 'wrong');
    const problems = lintExposition(await scrape()).filter((p) => !PROM_CLIENT_QUIRKS.has(p.split(':')[0]!));
    expect(problems).toEqual([]);
  });
});

describe('what the metrics count', () => {
  it('requests by route template and status; every unknown path is one series', async () => {
    const before = await scrape();
    const count = (families: Map<string, MetricFamily>, labels: Record<string, string>) =>
      sampleValue(families, 'jwks_http_request_duration_seconds_count', labels) ?? 0;
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/random-${i}-${Math.random()}`);
    await fetch(`${server.url}/.well-known/jwks.json`);
    await fetch(`${server.url}/auth`); // GET: 405, on the /auth route
    const after = await scrape();
    expect(count(after, { route: 'unmatched', status: '404' }) - count(before, { route: 'unmatched', status: '404' })).toBe(5);
    expect(
      count(after, { route: '/.well-known/jwks.json', status: '200', method: 'GET' }) -
        count(before, { route: '/.well-known/jwks.json', status: '200', method: 'GET' }),
    ).toBe(1);
    expect(count(after, { route: '/auth', status: '405', method: 'GET' })).toBeGreaterThanOrEqual(1);
    const routes = new Set(after.get('jwks_http_request_duration_seconds')!.samples.map((s) => s.labels.route));
    expect([...routes].filter((r) => r?.startsWith('/random'))).toEqual([]);
  });

  it('logins and registrations by outcome, and hashing time', async () => {
    const before = await scrape();
    const delta = (after: Map<string, MetricFamily>, name: string, labels: Record<string, string>) =>
      (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);
    const password = await register(server.url, 'metrics_user');
    await postJson(`${server.url}/register`, { username: 'metrics_user' });
    await postJson(`${server.url}/register`, { username: 42 });
    await sleepUntilNextSecond();
    expect((await login(server.url, 'metrics_user', password)).status).toBe(200);
    expect((await login(server.url, 'metrics_user', 'wrong')).status).toBe(401);
    expect((await postJson(`${server.url}/auth`, { username: 'x', password: 1 })).status).toBe(400);
    expect((await login(server.url, 'metrics_user', password)).status).toBe(429); // RATE_LIMIT_AUTH=3
    const after = await scrape();
    expect(delta(after, 'jwks_registrations_total', { outcome: 'success' })).toBe(1);
    expect(delta(after, 'jwks_registrations_total', { outcome: 'username_taken' })).toBe(1);
    expect(delta(after, 'jwks_registrations_total', { outcome: 'invalid_input' })).toBe(1);
    expect(delta(after, 'jwks_auth_attempts_total', { outcome: 'success' })).toBe(1);
    expect(delta(after, 'jwks_auth_attempts_total', { outcome: 'bad_credentials' })).toBe(1);
    expect(delta(after, 'jwks_auth_attempts_total', { outcome: 'invalid_input' })).toBe(1);
    expect(delta(after, 'jwks_auth_attempts_total', { outcome: 'rate_limited' })).toBe(1);
    // the duplicate is hashed too: RegisterUser hashes before the store refuses the name
    expect(delta(after, 'jwks_password_hash_duration_seconds_count', { operation: 'hash' })).toBe(2);
    expect(delta(after, 'jwks_password_hash_duration_seconds_count', { operation: 'verify' })).toBe(2);
  });

  it('key lifecycle gauges from the ring in memory, and the rate-limit store', async () => {
    const families = await scrape();
    expect(sampleValue(families, 'jwks_keys_published')).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, 'jwks_signing_key_expires_in_seconds')).toBeGreaterThan(3600);
    expect(sampleValue(families, 'jwks_key_rotation_due_in_seconds')).toBeGreaterThan(0);
    expect(sampleValue(families, 'jwks_signing_key_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'jwks_rate_limit_store_info', { store: 'memory', failure_mode: 'none' })).toBe(1);
    expect(sampleValue(families, 'jwks_rate_limit_store_up')).toBe(1);
  });
});

/** The auth limiter's window opens with a client's first request: start a fresh one. */
async function sleepUntilNextSecond(): Promise<void> {
  await new Promise((done) => setTimeout(done, 1100));
}
