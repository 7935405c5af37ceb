import { beforeAll, describe, expect, it } from 'vitest';
import { registerKeyRingGauges } from '../../../src/adapters/metrics/key-ring-gauges.js';
import { PrometheusMetrics } from '../../../src/adapters/metrics/prometheus-metrics.js';
import { registerRateLimitGauges } from '../../../src/adapters/metrics/rate-limit-gauges.js';
import { TimedPasswordHasher } from '../../../src/adapters/metrics/timed-password-hasher.js';
import { makeCore, POLICY } from '../../support/core.js';
import { lintExposition, parseExposition, sampleValue, type MetricFamily } from '../../support/exposition.js';
import { FastPasswordHasher } from '../../support/fast-password-hasher.js';
import { RsaKeyPool } from '../../support/pooled-token-signer.js';

// prom-client's default process metrics name three gauges `..._total`; they are not ours to rename.
const PROM_CLIENT_QUIRKS = new Set(['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']);

let pool: RsaKeyPool;
beforeAll(async () => {
  pool = await RsaKeyPool.generate(2);
});

async function scrape(metrics: PrometheusMetrics): Promise<Map<string, MetricFamily>> {
  return parseExposition((await metrics.scrape()).body);
}

const value = sampleValue;

describe('PrometheusMetrics', () => {
  it('exposes text format that passes promtool-style linting, every metric of ours prefixed jwks_', async () => {
    const metrics = new PrometheusMetrics();
    const core = makeCore({ signer: pool.signer() });
    await core.rotate.execute();
    registerKeyRingGauges(metrics.registry, { ring: () => core.keys.peek(), policy: POLICY, clock: core.clock });
    registerRateLimitGauges(metrics.registry, { store: 'redis', failureMode: 'memory', up: () => true });
    metrics.request('GET', '/.well-known/jwks.json', 200, 0.0004);
    metrics.request('BREW', 'unmatched', 501, 0.001);
    metrics.authOutcome('bad_credentials');
    const { contentType } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = await scrape(metrics);
    const problems = lintExposition(families).filter((p) => !PROM_CLIENT_QUIRKS.has(p.split(':')[0]!));
    expect(problems).toEqual([]);
    const ours = [...families.keys()].filter((n) => !/^(process|nodejs)_/.test(n));
    expect(ours.sort()).toEqual([
      'jwks_auth_attempts_total',
      'jwks_http_request_duration_seconds',
      'jwks_key_rotation_due_in_seconds',
      'jwks_keys_published',
      'jwks_password_hash_duration_seconds',
      'jwks_rate_limit_store_info',
      'jwks_rate_limit_store_up',
      'jwks_registrations_total',
      'jwks_signing_key_age_seconds',
      'jwks_signing_key_expires_in_seconds',
    ]);
    expect(value(families, 'jwks_http_request_duration_seconds_count', { method: 'other', route: 'unmatched', status: '501' })).toBe(1);
  });

  it('puts a request duration in the buckets whose bound it does not exceed (le), cumulatively', async () => {
    const metrics = new PrometheusMetrics({ defaultMetrics: false });
    for (const seconds of [0.0004, 0.001, 0.0011, 7]) metrics.request('POST', '/auth', 200, seconds);
    const families = await scrape(metrics);
    const bucket = (le: string) => value(families, 'jwks_http_request_duration_seconds_bucket', { route: '/auth', le });
    expect([bucket('0.0005'), bucket('0.001'), bucket('0.0025'), bucket('5'), bucket('+Inf')]).toEqual([1, 2, 3, 3, 4]);
    expect(value(families, 'jwks_http_request_duration_seconds_sum', { route: '/auth' })).toBeCloseTo(7.0025, 6);
    expect(value(families, 'jwks_http_request_duration_seconds_count', { route: '/auth', method: 'POST', status: '200' })).toBe(4);
  });

  it('the linter catches what promtool catches', () => {
    const bad = parseExposition(
      [
        '# TYPE requests counter',
        'requests 1',
        '# HELP latency_ms x',
        '# TYPE latency_ms gauge',
        'latency_ms 3',
        '# HELP up_total x',
        '# TYPE up_total gauge',
        'up_total 1',
        'up_total 1',
      ].join('\n'),
    );
    expect(lintExposition(bad)).toEqual([
      'requests: no help text',
      'requests: counter metrics should have "_total" suffix',
      'latency_ms: use base units (seconds, bytes, ratio) instead of "ms"',
      'up_total: non-counter metrics should not have "_total" suffix',
      'up_total: duplicate series up_total[]',
    ]);
    expect(() => parseExposition('x{a="1",} 1\n# TYPE x gauge')).toThrow(/TYPE/);
  });

  it('counts outcomes, starting the known ones at 0', async () => {
    const metrics = new PrometheusMetrics({ defaultMetrics: false });
    metrics.authOutcome('success');
    metrics.authOutcome('success');
    metrics.registrationOutcome('username_taken');
    const families = await scrape(metrics);
    expect(value(families, 'jwks_auth_attempts_total', { outcome: 'success' })).toBe(2);
    expect(value(families, 'jwks_auth_attempts_total', { outcome: 'rate_limited' })).toBe(0);
    expect(value(families, 'jwks_registrations_total', { outcome: 'username_taken' })).toBe(1);
  });

  it('times hashing and verification through the decorator, passing results through', async () => {
    const metrics = new PrometheusMetrics({ defaultMetrics: false });
    const hasher = new TimedPasswordHasher(new FastPasswordHasher(), metrics.hashDuration);
    const hash = await hasher.hash('pw');
    expect(await hasher.verify(hash, 'pw')).toBe(true);
    expect(await hasher.verify(hash, 'nope')).toBe(false);
    const families = await scrape(metrics);
    expect(value(families, 'jwks_password_hash_duration_seconds_count', { operation: 'hash' })).toBe(1);
    expect(value(families, 'jwks_password_hash_duration_seconds_count', { operation: 'verify' })).toBe(2);
  });
});

describe('key ring gauges', () => {
  it('follow the ring and the clock at scrape time, and show a stuck rotation as negative', async () => {
    const metrics = new PrometheusMetrics({ defaultMetrics: false });
    const core = makeCore({ signer: pool.signer() });
    registerKeyRingGauges(metrics.registry, { ring: () => core.keys.peek(), policy: POLICY, clock: core.clock });
    expect(value(await scrape(metrics), 'jwks_keys_published')).toBe(0);

    await core.rotate.execute(); // one signing key (exp now + 86,400) and one expired key
    core.clock.advance(1000);
    let families = await scrape(metrics);
    expect(value(families, 'jwks_keys_published')).toBe(1);
    expect(value(families, 'jwks_signing_key_age_seconds')).toBe(1000 - (POLICY.prepublish + 1)); // signs from the second after creation + prepublish
    expect(value(families, 'jwks_signing_key_expires_in_seconds')).toBe(86_400 - 1000);
    expect(value(families, 'jwks_key_rotation_due_in_seconds')).toBe(86_400 - POLICY.rotationLead - 1000);

    core.clock.advance(86_400 - POLICY.rotationLead); // no rotation ran: overdue by 1,000 s
    families = await scrape(metrics);
    expect(value(families, 'jwks_key_rotation_due_in_seconds')).toBe(-1000);
  });
});

describe('rate-limit store gauges', () => {
  it('report the store, its failure mode, and whether it answers now', async () => {
    const metrics = new PrometheusMetrics({ defaultMetrics: false });
    let up = true;
    registerRateLimitGauges(metrics.registry, { store: 'redis', failureMode: 'closed', up: () => up });
    expect(value(await scrape(metrics), 'jwks_rate_limit_store_info', { store: 'redis', failure_mode: 'closed' })).toBe(1);
    expect(value(await scrape(metrics), 'jwks_rate_limit_store_up')).toBe(1);
    up = false;
    expect(value(await scrape(metrics), 'jwks_rate_limit_store_up')).toBe(0);
  });
});
