/**
 * Issue #4, scale-out: several real server processes sharing one PostgreSQL database (keys, users,
 * auth logs) and one Redis (rate limits). Start-up on an empty database, users across instances,
 * concurrent registrations.
 */
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { expect, it } from 'vitest';
import { logLines, tally } from '../support/cluster.js';
import { login, postJson, register } from '../support/http.js';
import { scaleHarness } from '../support/scale-harness.js';
import { describeWith } from '../support/services.js';
import { timed } from '../support/wait.js';

describeWith(['postgres', 'redis'], 'scale-out: several instances on one PostgreSQL and one Redis', (services) => {
  const harness = scaleHarness(services);

  it('three instances started at once on an empty database make one signing key and one expired key, and serve byte-identical JWKS', async () => {
    const s = await harness.setup();
    const { value: cluster, ms } = await timed(() => s.cluster(3));

    const { rows } = await s.sql.query<{ kid: number; exp: string }>('SELECT kid, exp FROM keys ORDER BY kid');
    const now = Date.now() / 1000;
    const live = rows.filter((r) => Number(r.exp) > now);
    const expired = rows.filter((r) => Number(r.exp) <= now);
    expect(live, JSON.stringify(rows)).toHaveLength(1);
    expect(expired, JSON.stringify(rows)).toHaveLength(1);
    const migrations = await s.sql.query<{ n: string }>("SELECT count(*) AS n FROM knex_migrations WHERE name = '001_initial'");
    expect(migrations.rows[0]?.n).toBe('1');

    const responses = await Promise.all(cluster.urls.map((url) => fetch(`${url}/.well-known/jwks.json`)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    const etags = responses.map((r) => r.headers.get('etag'));
    expect(new Set(bodies).size, 'JWKS bodies differ between instances').toBe(1);
    expect(etags[0]).toMatch(/^"[^"]+"$/);
    expect(new Set(etags).size, `ETags differ: ${etags.join(' ')}`).toBe(1);
    const jwks = JSON.parse(bodies[0]!) as JSONWebKeySet;
    expect(jwks.keys.map((k) => k.kid)).toEqual([String(live[0]!.kid)]);

    // a 304 from one instance for the ETag another one gave
    const conditional = await fetch(`${cluster.at(2)}/.well-known/jwks.json`, { headers: { 'If-None-Match': etags[0]! } });
    expect(conditional.status).toBe(304);

    // exactly one instance made the keys: the others found them under the lock
    const created = cluster.instances.map((i) => logLines(i, 'signing keys rotated').length);
    expect(created.every((n) => n === 0)).toBe(true); // start-up creation is not logged as a rotation
    console.info(
      `3 instances on an empty PostgreSQL database: all ready after ${ms.toFixed(0)} ms; keys ${rows.map((r) => r.kid).join(',')}`,
    );
  });

  it('a user registered through one instance logs in through the others; every success is one auth_logs row and sets last_login', async () => {
    const s = await harness.setup();
    const cluster = await s.cluster(3, { RATE_LIMIT_AUTH: '0' });
    const password = await register(cluster.at(0), 'roaming_user', 'roaming@example.com');

    const LOGINS = 9;
    const results = await Promise.all(
      Array.from({ length: LOGINS }, async (_, i) => {
        const res = await login(cluster.at(i + 1), 'roaming_user', password); // starts on instance 1, not the registering one
        return { status: res.status, body: (await res.json()) as { token?: string } };
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(LOGINS).fill(200));
    const subs = new Set(results.map((r) => decodeJwt(r.body.token!).sub));
    expect(subs.size).toBe(1);
    const userId = Number([...subs][0]);

    // failures are not logged
    const wrong = await Promise.all(cluster.urls.map((url) => login(url, 'roaming_user', 'not-the-password')));
    expect(wrong.map((r) => r.status)).toEqual([401, 401, 401]);

    const logs = await s.sql.query<{ n: string }>('SELECT count(*) AS n FROM auth_logs WHERE user_id = $1', [userId]);
    expect(Number(logs.rows[0]?.n)).toBe(LOGINS);
    const all = await s.sql.query<{ n: string }>('SELECT count(*) AS n FROM auth_logs');
    expect(Number(all.rows[0]?.n)).toBe(LOGINS);
    const ips = await s.sql.query<{ request_ip: string }>('SELECT DISTINCT request_ip FROM auth_logs');
    expect(ips.rows).toEqual([{ request_ip: '127.0.0.1' }]);

    const user = await s.sql.query<{ last_login: string | null; newest_log: string }>(
      'SELECT u.last_login::text AS last_login, (SELECT max(request_timestamp)::text FROM auth_logs WHERE user_id = u.id) AS newest_log FROM users u WHERE u.id = $1',
      [userId],
    );
    const row = user.rows[0]!;
    expect(row.last_login).not.toBeNull();
    expect(row.last_login).toBe(row.newest_log);
    expect(Math.abs(Date.parse(`${row.last_login!.replace(' ', 'T')}Z`) - Date.now())).toBeLessThan(60_000);

    // and each token verifies against every instance's JWKS
    const jwks = await Promise.all(
      cluster.urls.map(async (url) => (await fetch(`${url}/.well-known/jwks.json`)).json() as Promise<JSONWebKeySet>),
    );
    for (const set of jwks) await jwtVerify(results[0]!.body.token!, createLocalJWKSet(set));
  });

  it('50 concurrent registrations of distinct usernames over three instances: 50 × 201 and 50 users', async () => {
    const s = await harness.setup();
    const cluster = await s.cluster(3, { RATE_LIMIT_REGISTER: '10000' });
    const N = 50;
    const { value: responses, ms } = await timed(() =>
      Promise.all(
        Array.from({ length: N }, (_, i) =>
          postJson(`${cluster.at(i)}/register`, { username: `crowd_${i}`, email: `crowd_${i}@example.com` }),
        ),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(tally(statuses)).toEqual({ 201: N });
    const passwords = await Promise.all(responses.map(async (r) => ((await r.json()) as { password: string }).password));
    expect(new Set(passwords).size).toBe(N);
    const users = await s.sql.query<{ n: string; names: string }>('SELECT count(*) AS n, count(DISTINCT username) AS names FROM users');
    expect(users.rows[0]).toEqual({ n: String(N), names: String(N) });
    for (const instance of cluster.instances) expect(logLines(instance, 'unhandled error')).toEqual([]);
    // one of them logs in elsewhere
    expect((await login(cluster.at(1), 'crowd_0', passwords[0]!)).status).toBe(200);
    console.info(`50 distinct concurrent registrations over 3 instances: ${ms.toFixed(0)} ms`);
  });

  it('50 concurrent registrations of the same username over three instances: exactly one 201, the rest 409, never a 500', async () => {
    const s = await harness.setup();
    const cluster = await s.cluster(3, { RATE_LIMIT_REGISTER: '10000' });
    const N = 50;
    const { value: responses, ms } = await timed(() =>
      Promise.all(Array.from({ length: N }, (_, i) => postJson(`${cluster.at(i)}/register`, { username: 'contested' }))),
    );
    const statuses = responses.map((r) => r.status);
    expect(tally(statuses)).toEqual({ 201: 1, 409: N - 1 });
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await r.json()).toMatchObject({ status: 409, code: 'USERNAME_TAKEN' });
    }
    const winner = responses.find((r) => r.status === 201)!;
    const { password } = (await winner.json()) as { password: string };
    const users = await s.sql.query<{ n: string }>("SELECT count(*) AS n FROM users WHERE username = 'contested'");
    expect(users.rows[0]?.n).toBe('1');
    // the stored hash is the winner's: its password works on every instance
    for (const url of cluster.urls) expect((await login(url, 'contested', password)).status).toBe(200);
    for (const instance of cluster.instances) expect(logLines(instance, 'unhandled error')).toEqual([]);
    console.info(`50 concurrent registrations of one username over 3 instances: ${ms.toFixed(0)} ms`);
  });
});
