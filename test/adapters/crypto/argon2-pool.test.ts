import { afterAll, describe, expect, it } from 'vitest';
import { ARGON2_POOL, Argon2PasswordHasher, OWASP_ARGON2ID } from '../../../src/adapters/crypto/argon2-password-hasher.js';
import { Argon2JobError, Argon2Pool } from '../../../src/adapters/crypto/argon2-pool.js';

const pools: Argon2Pool[] = [];
const pool = (size: number) => {
  const p = new Argon2Pool(size);
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

/** Samples `pool.active` and `pool.threads` until `work` settles. */
async function watch<T>(p: Argon2Pool, work: Promise<T>): Promise<{ result: T; peakActive: number; peakThreads: number }> {
  let peakActive = 0;
  let peakThreads = 0;
  const timer = setInterval(() => {
    peakActive = Math.max(peakActive, p.active);
    peakThreads = Math.max(peakThreads, p.threads);
  }, 1);
  try {
    return { result: await work, peakActive, peakThreads };
  } finally {
    clearInterval(timer);
  }
}

describe('Argon2Pool', () => {
  it('is one pool per process by default, sized to the cores', () => {
    expect(ARGON2_POOL.size).toBeGreaterThanOrEqual(1);
    expect(ARGON2_POOL.size).toBeLessThanOrEqual(1024);
  });

  it('computes on at most `size` threads, started on first use, and each job still answers right', async () => {
    const p = pool(2);
    expect(p.threads).toBe(0);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: p });
    const work = (async () => {
      const hashes = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((pw) => hasher.hash(pw)));
      return Promise.all(hashes.flatMap((hash, i) => [hasher.verify(hash, 'abcdef'[i]!), hasher.verify(hash, 'wrong')]));
    })();
    const { result, peakActive, peakThreads } = await watch(p, work);
    expect(result).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].flatMap(() => [true, false]));
    expect(peakActive).toBe(2);
    expect(peakThreads).toBe(2);
    expect([p.active, p.threads]).toEqual([0, 2]); // the threads stay for the next jobs
  });

  it('makes argon2id PHC strings with the asked settings, a 16-byte salt and a 32-byte tag', async () => {
    const hash = String(await pool(1).run({ op: 'hash', password: 'pw', options: { memoryCost: 7168, timeCost: 5, parallelism: 1 } }));
    const [, id, version, settings, salt, tag] = hash.split('$');
    expect([id, version, settings]).toEqual(['argon2id', 'v=19', 'm=7168,t=5,p=1']);
    expect(Buffer.from(salt!, 'base64').length).toBe(16);
    expect(Buffer.from(tag!, 'base64').length).toBe(32);
  });

  it('reads the hashes stored before it (made by the node-argon2 package)', async () => {
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: pool(1) });
    const stored = '$argon2id$v=19$m=19456,t=2,p=1$AWWmuDYlVGruKG7EZbiRIA$RyGTks4vbdpIFH7Nm+2g26fV350itkx3IM4jI33txS0';
    expect(await hasher.verify(stored, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(stored, 'correct horse battery stapler')).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('fails a job whose input it cannot read, and goes on serving', async () => {
    const p = pool(1);
    await expect(p.run({ op: 'verify', hash: '$argon2id$v=19$m=19456,t=2,p=1$broken', password: 'pw' })).rejects.toThrow(Argon2JobError);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: p });
    expect(await hasher.verify('not a hash', 'pw')).toBe(false);
    expect(await hasher.verify(await hasher.hash('pw'), 'pw')).toBe(true);
    expect(p.active).toBe(0);
  });

  it('fails the jobs of a closed pool instead of hanging', async () => {
    const p = pool(1);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: p });
    const inFlight = hasher.hash('pw');
    while (p.threads === 0) await new Promise((resolve) => setImmediate(resolve)); // its thread is starting or computing
    await p.close();
    await expect(inFlight).rejects.toThrow(/stopped/);
    await expect(hasher.hash('pw')).rejects.toThrow(/closed/);
    // a verification the pool could not do is an error, not a wrong password
    await expect(hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA', 'pw')).rejects.toThrow(/closed/);
    expect(p.threads).toBe(0);
  });
});
