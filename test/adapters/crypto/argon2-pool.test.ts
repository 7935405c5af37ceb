import { afterAll, describe, expect, it } from 'vitest';
import { ARGON2_POOL, Argon2PasswordHasher, OWASP_ARGON2ID } from '../../../src/adapters/crypto/argon2-password-hasher.js';
import { argon2Concurrency, Argon2JobError, Argon2Pool } from '../../../src/adapters/crypto/argon2-pool.js';

const pools: Argon2Pool[] = [];
const pool = (size: number) => {
  const p = new Argon2Pool(size);
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

/** Samples `pool.active` and `pool.waiting` until `work` settles. */
async function watch<T>(p: Argon2Pool, work: Promise<T>): Promise<{ result: T; peakActive: number; peakWaiting: number }> {
  let peakActive = 0;
  let peakWaiting = 0;
  const timer = setInterval(() => {
    peakActive = Math.max(peakActive, p.active);
    peakWaiting = Math.max(peakWaiting, p.waiting);
  }, 1);
  try {
    return { result: await work, peakActive, peakWaiting };
  } finally {
    clearInterval(timer);
  }
}

describe('Argon2Pool', () => {
  it('is one pool per process by default, sized to the cores', () => {
    expect(ARGON2_POOL.size).toBeGreaterThanOrEqual(1);
    expect(ARGON2_POOL.size).toBeLessThanOrEqual(1024);
  });

  it('runs one computation per core at most, and leaves two of libuv’s threads to the rest', () => {
    expect(argon2Concurrency(2, '4')).toBe(2); // what the executable sets up on 2 cores
    expect(argon2Concurrency(2, undefined)).toBe(2); // libuv's default pool of 4
    expect(argon2Concurrency(8, undefined)).toBe(2); // an embedder that did not size the pool
    expect(argon2Concurrency(8, '10')).toBe(8);
    expect(argon2Concurrency(8, ' 6 ')).toBe(4);
    expect(argon2Concurrency(1, '2')).toBe(1);
    expect(argon2Concurrency(4, '1')).toBe(1); // never none
    expect(argon2Concurrency(4, 'lots')).toBe(2); // libuv ignores what it cannot read
    expect(argon2Concurrency(4096, '5000')).toBe(1022); // libuv's own cap is 1024
  });

  it('computes at most `size` at once, the rest waiting their turn, and each job still answers right', async () => {
    const p = pool(2);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: p });
    const work = (async () => {
      const hashes = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((pw) => hasher.hash(pw)));
      return Promise.all(hashes.flatMap((hash, i) => [hasher.verify(hash, 'abcdef'[i]!), hasher.verify(hash, 'wrong')]));
    })();
    const { result, peakActive, peakWaiting } = await watch(p, work);
    expect(result).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].flatMap(() => [true, false]));
    expect(peakActive).toBe(2);
    expect(peakWaiting).toBeGreaterThan(0);
    expect([p.active, p.waiting]).toEqual([0, 0]);
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

  it('computes a verification against a decoy in full (it reads it), and answers false', async () => {
    const p = pool(1);
    const decoy = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: p }).decoyHash();
    await expect(p.run({ op: 'verify', hash: decoy, password: 'pw' })).resolves.toBe(false); // not an Argon2JobError
  });

  it('fails a job whose input it cannot read, and goes on serving', async () => {
    const p = pool(1);
    await expect(p.run({ op: 'verify', hash: '$argon2id$v=19$m=19456,t=2,p=1$broken', password: 'pw' })).rejects.toThrow(Argon2JobError);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: p });
    expect(await hasher.verify('not a hash', 'pw')).toBe(false);
    expect(await hasher.verify(await hasher.hash('pw'), 'pw')).toBe(true);
    expect(p.active).toBe(0);
  });

  it('finishes the jobs computing when closed, and fails those waiting and any new one', async () => {
    const p = pool(1);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { pool: p });
    const computing = hasher.hash('pw');
    const waiting = hasher.hash('pw2');
    expect([p.active, p.waiting]).toEqual([1, 1]);
    await p.close();
    expect(await computing).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/); // it finished
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(hasher.hash('pw')).rejects.toThrow(/closed/);
    // a verification the pool could not do is an error, not a wrong password
    await expect(hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA', 'pw')).rejects.toThrow(/closed/);
    expect([p.active, p.waiting]).toEqual([0, 0]);
  });
});
