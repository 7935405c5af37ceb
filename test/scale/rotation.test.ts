/**
 * Issue #4, scale-out: key rotation across instances sharing one PostgreSQL database. One key per
 * rotation (no duplicates from a race), every instance publishes a new key within 2 × KEY_SYNC_INTERVAL,
 * and a token from any instance verifies against the JWKS of every other instance, throughout.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { expect, it } from 'vitest';
import { logLines } from '../support/cluster.js';
import { login, register } from '../support/http.js';
import { scaleHarness } from '../support/scale-harness.js';
import { describeWith } from '../support/services.js';
import { sleep, waitUntil } from '../support/wait.js';

const TOKEN_TTL = 2;
const SYNC = 1;
// KEY_TTL − LEAD is 4 s, as when this test was written with KEY_TTL=10 and a lead of TOKEN_TTL + 4 × KEY_SYNC_INTERVAL:
// a rotation every 4 to 5 s. A 4 s pre-publication (at least KEY_SYNC_INTERVAL + JWKS_MAX_AGE) leaves the previous
// key 2 s more life once its successor is due, for a rotation made late on a loaded machine.
const KEY_TTL = 12;
const JWKS_MAX_AGE = 1;
const PREPUBLISH = 4;
const LEAD = TOKEN_TTL + PREPUBLISH + 2 * SYNC; // rotation lead: a new key is due once the newest has less left
const RUN_MS = 13_000;
const SLACK_MS = 500;

describeWith(['postgres', 'redis'], 'scale-out: key rotation across instances', (services) => {
  const harness = scaleHarness(services);

  it(
    `rotates once per due rotation, publishes new keys everywhere within 2 × KEY_SYNC_INTERVAL, and tokens verify across instances (TOKEN_TTL=${TOKEN_TTL} KEY_SYNC_INTERVAL=${SYNC} KEY_TTL=${KEY_TTL})`,
    { timeout: RUN_MS + 30_000 },
    async () => {
      const s = await harness.setup();
      // Started a third of a sync interval apart, so their sync timers are out of phase: the instance that
      // rotates is first, and the others pick the new key up by their own periodic re-read.
      const cluster = await s.cluster(
        3,
        {
          TOKEN_TTL: String(TOKEN_TTL),
          KEY_SYNC_INTERVAL: String(SYNC),
          KEY_TTL: String(KEY_TTL),
          JWKS_MAX_AGE: String(JWKS_MAX_AGE),
          KEY_PREPUBLISH: String(PREPUBLISH),
          RATE_LIMIT_AUTH: '0',
        },
        { staggerMs: (SYNC * 1000) / 3 },
      );
      const password = await register(cluster.at(0), 'rotating_user');
      const { rows: initial } = await s.sql.query<{ kid: number }>('SELECT kid FROM keys');
      const initialKids = new Set(initial.map((r) => String(r.kid)));

      const runStart = Date.now();
      const deadline = runStart + RUN_MS;
      const jwksOf = async (url: string) => (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;

      // When each kid was first seen committed in the database (polled every 50 ms).
      const inDb = new Map<string, { at: number; exp: number }>();
      const watchDb = async () => {
        while (Date.now() < deadline) {
          const { rows } = await s.sql.query<{ kid: number; exp: string }>('SELECT kid, exp FROM keys');
          const at = Date.now();
          for (const r of rows) if (!inDb.has(String(r.kid))) inDb.set(String(r.kid), { at, exp: Number(r.exp) });
          await sleep(50);
        }
      };
      // When each kid first appeared in each instance's JWKS (polled every 50 ms, a little past the deadline).
      const inJwks = cluster.urls.map(() => new Map<string, number>());
      const watchJwks = async () => {
        while (Date.now() < deadline + 2 * SYNC * 1000 + SLACK_MS) {
          await Promise.all(
            cluster.urls.map(async (url, i) => {
              const jwks = await jwksOf(url);
              const at = Date.now();
              for (const k of jwks.keys) if (k.kid && !inJwks[i]!.has(k.kid)) inJwks[i]!.set(k.kid, at);
            }),
          );
          await sleep(50);
        }
      };
      // Logins round-robin; each token checked against the JWKS fetched right then from both other instances.
      const failures: string[] = [];
      const signedWith = new Map<string, number>();
      let verifications = 0;
      const loginLoop = async () => {
        for (let round = 0; Date.now() < deadline; round++) {
          const i = round % cluster.urls.length;
          const res = await login(cluster.at(i), 'rotating_user', password);
          if (res.status !== 200) {
            failures.push(`login on instance ${i}: ${res.status} ${await res.text()}`);
            continue;
          }
          const { token } = (await res.json()) as { token: string };
          const kid = decodeProtectedHeader(token).kid!;
          signedWith.set(kid, (signedWith.get(kid) ?? 0) + 1);
          await Promise.all(
            cluster.urls.map(async (url, j) => {
              if (j === i) return;
              const jwks = await jwksOf(url);
              try {
                await jwtVerify(token, createLocalJWKSet(jwks));
                verifications++;
              } catch (err) {
                const now = Date.now();
                const stored = inDb.get(kid);
                const age = stored
                  ? `, committed ${now - stored.at} ms ago, creation second ${stored.exp - KEY_TTL} (now ${(now / 1000).toFixed(3)})`
                  : '';
                failures.push(
                  `t=${((now - runStart) / 1000).toFixed(2)}s token from instance ${i} (kid ${kid}${age}) against instance ${j}'s JWKS [${jwks.keys.map((k) => k.kid).join(',')}]: ${(err as Error).message}`,
                );
              }
            }),
          );
          await sleep(25);
        }
      };
      await Promise.all([watchDb(), watchJwks(), loginLoop()]);

      // The keys: one expired key, the first signing key, then one key per rotation, none duplicated.
      const { rows } = await s.sql.query<{ kid: number; exp: string }>('SELECT kid, exp FROM keys ORDER BY exp');
      const nowSec = Date.now() / 1000;
      const expiredKeys = rows.filter((r) => Number(r.exp) < runStart / 1000 - KEY_TTL - 60); // made already expired
      const signing = rows.filter((r) => !expiredKeys.includes(r)).map((r) => ({ kid: String(r.kid), exp: Number(r.exp) }));
      const gaps = signing.slice(1).map((k, n) => k.exp - signing[n]!.exp);
      const rotated = signing.filter((k) => !initialKids.has(k.kid));

      // How long each new key took to appear in every instance's JWKS, from its commit (seen in the database).
      const lagsByKey = rotated.flatMap((key) => {
        const committed = inDb.get(key.kid);
        if (!committed || committed.at > deadline) return []; // made after the watchers stopped
        const seen = inJwks.map((m) => m.get(key.kid));
        return [{ key, seen, lags: seen.map((t) => (t === undefined ? Infinity : t - committed.at)) }];
      });
      const worst = Math.max(0, ...lagsByKey.flatMap((k) => k.lags));
      const summary =
        `rotation over ${RUN_MS / 1000} s: ${rotated.length} new keys (expiry gaps ${gaps.join(', ')} s), ${verifications} cross-instance verifications, ` +
        `tokens per kid ${JSON.stringify(Object.fromEntries(signedWith))}; JWKS lag per instance: ` +
        `${lagsByKey.map((k) => `kid ${k.key.kid}: ${k.lags.map((l) => `${l} ms`).join(' / ')} after its commit`).join('; ')} (worst ${worst} ms)`;
      console.info(summary);

      // throughout, every token verified against every other instance's JWKS
      expect(failures, summary).toEqual([]);
      expect(verifications).toBeGreaterThan(20);
      expect(signedWith.size, 'tokens were signed by more than one key over the run').toBeGreaterThanOrEqual(2);

      expect(expiredKeys).toHaveLength(1);
      // the policy makes a new key only when the newest has less than LEAD left: consecutive keys are ≥ KEY_TTL − LEAD apart
      for (const gap of gaps) expect(gap, `expiries ${signing.map((k) => k.exp).join(', ')}`).toBeGreaterThanOrEqual(KEY_TTL - LEAD);
      expect(rotated.length, 'rotations during the run').toBeGreaterThanOrEqual(2);
      expect(rotated.length).toBeLessThanOrEqual(Math.ceil(RUN_MS / 1000 / (KEY_TTL - LEAD)) + 1);
      // never more unexpired keys at once than the timings allow
      expect(signing.filter((k) => k.exp > nowSec).length).toBeLessThanOrEqual(Math.ceil(KEY_TTL / (KEY_TTL - LEAD)));
      // the instances' "signing keys rotated" log lines add up to the keys in the database (a line is
      // written just after its commit, and a rotation may be under way: let both settle)
      await waitUntil(
        async () => {
          const { rows: now } = await s.sql.query<{ n: string }>('SELECT count(*) AS n FROM keys');
          const logged = cluster.instances
            .flatMap((i) => logLines(i, 'signing keys rotated'))
            .reduce((sum, line) => sum + Number(line.created), 0);
          return logged === Number(now[0]?.n) - initialKids.size;
        },
        3_000,
        'the rotation log lines to match the keys stored',
      );

      // every instance published each new key within 2 × KEY_SYNC_INTERVAL of its commit
      expect(lagsByKey.length).toBeGreaterThanOrEqual(1);
      for (const { key, lags } of lagsByKey) {
        for (const lag of lags) expect(lag, `kid ${key.kid}: ${summary}`).toBeLessThanOrEqual(2 * SYNC * 1000 + SLACK_MS);
      }
    },
  );
});
