/**
 * Issue #4, scale-out faults: PostgreSQL goes away (a TCP proxy in front of it is cut: every piped
 * connection destroyed, new ones refused) and comes back.
 */
import { expect, it } from 'vitest';
import { logLines } from '../support/cluster.js';
import { login, postJson, register } from '../support/http.js';
import { scaleHarness } from '../support/scale-harness.js';
import { describeWith } from '../support/services.js';
import { sleep, timed, waitUntil } from '../support/wait.js';

const UPPER_BOUND_MS = 10_000;

describeWith(['postgres', 'redis'], 'scale-out faults: PostgreSQL unreachable', (services) => {
  const harness = scaleHarness(services);

  it(
    'answers 503 problem+json (no 500, no hang) while PostgreSQL is cut, serves the JWKS from memory, stays alive, and recovers by itself',
    { timeout: 60_000 },
    async () => {
      const s = await harness.setup({ proxyDatabase: true });
      // KEY_SYNC_INTERVAL=1: the periodic key re-read runs into the outage too
      const cluster = await s.cluster(3, { RATE_LIMIT_AUTH: '0', KEY_SYNC_INTERVAL: '1' });
      const password = await register(cluster.at(0), 'pg_fault_user');
      expect((await login(cluster.at(1), 'pg_fault_user', password)).status).toBe(200);
      const jwksBefore = await Promise.all(cluster.urls.map(async (url) => (await fetch(`${url}/.well-known/jwks.json`)).text()));

      await s.dbProxy!.cut();
      const cutAt = performance.now();

      const timings = await Promise.all(
        cluster.urls.map(async (url, i) => {
          const auth = await timed(() => login(url, 'pg_fault_user', password));
          const reg = await timed(() => postJson(`${url}/register`, { username: `during_outage_${i}` }));
          const again = await timed(() => login(url, 'pg_fault_user', password)); // the pool is empty by now: still prompt
          for (const { value: res, ms } of [auth, reg, again]) {
            expect(res.status).toBe(503);
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(await res.json()).toMatchObject({ type: 'about:blank', status: 503, code: 'UNAVAILABLE' });
            expect(ms).toBeLessThan(UPPER_BOUND_MS);
          }
          const jwks = await timed(() => fetch(`${url}/.well-known/jwks.json`));
          expect(jwks.value.status).toBe(200);
          expect(await jwks.value.text()).toBe(jwksBefore[i]);
          const ready = await timed(() => fetch(`${url}/readyz`));
          expect(ready.value.status).toBe(503);
          expect(await ready.value.json()).toEqual({ status: 'not ready', checks: { startup: 'up', database: 'down', redis: 'up' } });
          expect(ready.ms).toBeLessThan(UPPER_BOUND_MS);
          const health = await fetch(`${url}/healthz`);
          expect(health.status).toBe(200);
          return { auth: auth.ms, register: reg.ms, authAgain: again.ms, jwks: jwks.ms, readyz: ready.ms };
        }),
      );

      // let the key sync fail a few times: one warning per instance, and nobody exits
      await sleep(Math.max(0, 3_000 - (performance.now() - cutAt)));
      for (const instance of cluster.instances) {
        expect(instance.proc.exitCode).toBeNull();
        expect(instance.proc.signalCode).toBeNull();
        expect(logLines(instance, 'key sync failed; serving the keys already loaded', 'warn')).toHaveLength(1);
        expect(logLines(instance, 'unhandled error')).toEqual([]);
      }
      const outageMs = performance.now() - cutAt;

      await s.dbProxy!.restore();
      const recovery = await Promise.all(
        cluster.urls.map((url) =>
          waitUntil(async () => (await login(url, 'pg_fault_user', password)).status === 200, 15_000, `${url} /auth 200 again`, 100),
        ),
      );
      const readyAgain = await Promise.all(
        cluster.urls.map((url) => waitUntil(async () => (await fetch(`${url}/readyz`)).status === 200, 15_000, `${url} ready again`, 100)),
      );
      const newPassword = await register(cluster.at(2), 'after_outage');
      expect((await login(cluster.at(0), 'after_outage', newPassword)).status).toBe(200);
      await waitUntil(
        () => cluster.instances.every((i) => logLines(i, 'key sync recovered', 'info').length === 1),
        5_000,
        'key sync recovered on every instance',
      );
      const { rows } = await s.sql.query<{ username: string }>("SELECT username FROM users WHERE username LIKE 'during_outage_%'");
      expect(rows).toEqual([]);

      const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
      console.info(
        `PostgreSQL cut for ${fmt(outageMs)}: per instance ` +
          timings
            .map(
              (t, i) =>
                `#${i} /auth 503 in ${fmt(t.auth)} then ${fmt(t.authAgain)}, /register 503 in ${fmt(t.register)}, JWKS 200 in ${fmt(t.jwks)}, /readyz 503 in ${fmt(t.readyz)}`,
            )
            .join('; ') +
          `. Restored: /auth 200 again after ${recovery.map(fmt).join(' / ')}, /readyz 200 after a further ${readyAgain.map(fmt).join(' / ')}`,
      );
    },
  );

  // A partition: nothing is refused, nothing comes back. pg's query_timeout answers, and the stuck
  // connection is discarded so that, once the network heals, requests succeed again.
  it(
    'answers 503 within 10 s when PostgreSQL is black-holed (connections stay open, nothing comes back), and recovers',
    { timeout: 30_000 },
    async () => {
      const s = await harness.setup({ proxyDatabase: true });
      const cluster = await s.cluster(1, { RATE_LIMIT_AUTH: '0' });
      const password = await register(cluster.at(0), 'partitioned_user');
      expect((await login(cluster.at(0), 'partitioned_user', password)).status).toBe(200); // a pooled, idle connection now exists

      s.dbProxy!.freeze();
      const { value: status, ms } = await timed(() =>
        fetch(`${cluster.at(0)}/auth`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'partitioned_user', password }),
          signal: AbortSignal.timeout(UPPER_BOUND_MS),
        }).then(
          (res) => res.status,
          (err: unknown) => `no answer (${(err as Error).name})`,
        ),
      );
      console.info(`PostgreSQL black-holed: POST /auth → ${status} after ${ms.toFixed(0)} ms`);
      await s.dbProxy!.cut(); // ends the hang either way
      expect(status).toBe(503);
      expect(ms).toBeLessThan(UPPER_BOUND_MS);

      await s.dbProxy!.restore();
      const recoveryMs = await waitUntil(
        async () => (await login(cluster.at(0), 'partitioned_user', password)).status === 200,
        10_000,
        'a login after the partition heals',
      );
      console.info(`partition healed: POST /auth 200 again after ${recoveryMs.toFixed(0)} ms`);
    },
  );
});
