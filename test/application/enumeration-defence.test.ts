import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Argon2PasswordHasher, OWASP_ARGON2ID } from '../../src/adapters/crypto/argon2-password-hasher.js';
import { type Core, makeCore } from '../support/core.js';
import { expectDomainError } from '../support/fixtures.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';

// The real Argon2id hasher: the point is that an unknown user costs the same work as a known one.
let core: Core;
let password: string;
beforeAll(async () => {
  const pool = await RsaKeyPool.generate(2);
  core = makeCore({ signer: pool.signer(), hasher: new Argon2PasswordHasher(OWASP_ARGON2ID) });
  await core.rotate.execute();
  ({ password } = await core.register.execute({ username: 'alice' }));
  await core.issue.warmUp(); // the dummy hash (the hasher's decoy) is made once, ahead of the first unknown user
});

const unknownUser = () => core.issue.execute({ username: 'mallory', password, ip: '198.51.100.1' });
const wrongPassword = () => core.issue.execute({ username: 'alice', password: 'not-the-password', ip: '198.51.100.1' });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(attempt: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await expectDomainError(attempt(), 'BAD_CREDENTIALS');
  return performance.now() - start;
}

describe('IssueToken against user enumeration (real Argon2id)', () => {
  it('verifies a password hash exactly once, and hashes nothing, for an unknown user and for a wrong password', async () => {
    const verify = vi.spyOn(core.hasher, 'verify');
    const hash = vi.spyOn(core.hasher, 'hash');

    await expectDomainError(unknownUser(), 'BAD_CREDENTIALS');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]?.[0]).toMatch(/^\$argon2id\$/); // a real hash, not a shortcut

    await expectDomainError(wrongPassword(), 'BAD_CREDENTIALS');
    expect(verify).toHaveBeenCalledTimes(2);
    expect(hash).not.toHaveBeenCalled();

    verify.mockRestore();
    hash.mockRestore();
  });

  it('takes about as long for an unknown user as for a wrong password (median of 7, within 3×)', async () => {
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 7; i++) {
      // Interleaved, so drift in machine load hits both alike.
      unknown.push(await timed(unknownUser));
      wrong.push(await timed(wrongPassword));
    }

    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});
