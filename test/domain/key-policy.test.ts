import { describe, expect, it } from 'vitest';
import { KeyPolicy, KeyPolicyError, type KeyTimings, VERIFIER_REFETCH_COOLDOWN } from '../../src/domain/key-policy.js';
import { expectDomainError } from '../support/fixtures.js';

const base = { tokenTtl: 3600, keyTtl: 86_400, syncInterval: 10, jwksMaxAge: 300 } satisfies KeyTimings;
const ENV = {
  tokenTtl: 'TOKEN_TTL',
  keyTtl: 'KEY_TTL',
  syncInterval: 'KEY_SYNC_INTERVAL',
  jwksMaxAge: 'JWKS_MAX_AGE',
  prepublish: 'KEY_PREPUBLISH',
} as const;

function refusal(timings: KeyTimings): KeyPolicyError {
  try {
    new KeyPolicy(timings);
  } catch (err) {
    if (err instanceof KeyPolicyError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(timings)}`);
}

describe('KeyPolicy', () => {
  it('pre-publishes for sync + max-age + the verifiers’ refetch cooldown by default, and leads by tokenTtl + prepublish + 2 × sync', () => {
    const policy = new KeyPolicy(base);
    expect(VERIFIER_REFETCH_COOLDOWN).toBe(30); // jose createRemoteJWKSet's default cooldownDuration
    expect(policy.prepublish).toBe(10 + 300 + 30);
    expect(policy.rotationLead).toBe(3600 + 340 + 20);
    expect(policy.signsFrom(1_000_000 + 86_400)).toBe(1_000_000 + 340 + 1);
  });

  it('takes an explicit prepublish down to sync + max-age, and no lower', () => {
    expect(new KeyPolicy({ ...base, prepublish: 310 }).rotationLead).toBe(3600 + 310 + 20);
    const err = refusal({ ...base, prepublish: 309 });
    expect([err.setting, err.bound]).toEqual(['prepublish', 310]);
    expect(err.describe(ENV)).toBe('KEY_PREPUBLISH: must be a whole number of seconds, at least KEY_SYNC_INTERVAL + JWKS_MAX_AGE (310 s)');
  });

  it('refuses the reported TOKEN_TTL=2 KEY_TTL=45 under the default sync and max-age, naming KEY_TTL and its bound', () => {
    const err = refusal({ ...base, tokenTtl: 2, keyTtl: 45 });
    expect(err.setting).toBe('keyTtl');
    expect(err.describe(ENV)).toBe('KEY_TTL: must exceed TOKEN_TTL + KEY_PREPUBLISH + 2 × KEY_SYNC_INTERVAL (362 s)');
    expect(err.message).toBe('keyTtl must exceed tokenTtl + prepublish + 2 × syncInterval (362 s)');
    expect(err.code).toBe('INVALID_INPUT');
  });

  it('accepts a key lifetime one second over the rotation lead, and not the lead itself', () => {
    expect(new KeyPolicy({ ...base, keyTtl: 3961 }).rotationLead).toBe(3960);
    expect(refusal({ ...base, keyTtl: 3960 }).setting).toBe('keyTtl');
  });

  it('accepts the shortest lifetimes: 1 s tokens, 1 s sync, no caching, and a 5 s key', () => {
    const shortest = new KeyPolicy({ tokenTtl: 1, keyTtl: 5, syncInterval: 1, jwksMaxAge: 0, prepublish: 1 });
    expect(shortest.rotationLead).toBe(4);
    expect(refusal({ tokenTtl: 1, keyTtl: 4, syncInterval: 1, jwksMaxAge: 0, prepublish: 1 }).setting).toBe('keyTtl');
  });

  it.each([
    ['zero token lifetime', { tokenTtl: 0 }, 'tokenTtl'],
    ['negative sync interval', { syncInterval: -1 }, 'syncInterval'],
    ['fractional key lifetime', { keyTtl: 86_400.5 }, 'keyTtl'],
    ['NaN token lifetime', { tokenTtl: Number.NaN }, 'tokenTtl'],
    ['negative max-age', { jwksMaxAge: -1 }, 'jwksMaxAge'],
    ['fractional prepublish', { prepublish: 400.5 }, 'prepublish'],
    ['key lifetime shorter than a token', { keyTtl: 1800 }, 'keyTtl'],
  ] as const)('rejects %s with INVALID_INPUT naming the setting', async (_name, change, setting) => {
    await expectDomainError(() => new KeyPolicy({ ...base, ...change }), 'INVALID_INPUT');
    expect(refusal({ ...base, ...change }).setting).toBe(setting);
  });

  it('is due for rotation once the newest usable key has less than rotationLead left, not at exactly rotationLead', () => {
    const policy = new KeyPolicy(base);
    const T = 1_767_225_600;
    const exp = T + policy.keyTtl;
    const key = (kid: string, e: number, revoked = false) => ({ kid, exp: e, ...(revoked && { revoked: { at: T, reason: null } }) });
    expect(policy.rotationDue([], T)).toBe(true);
    expect(policy.rotationDue([key('1', exp)], exp - policy.rotationLead)).toBe(false);
    expect(policy.rotationDue([key('1', exp)], exp - policy.rotationLead + 1)).toBe(true);
    expect(policy.rotationDue([key('1', T - 10), key('2', exp)], exp - policy.rotationLead)).toBe(false); // the newest counts
    // a revoked newest key does not put the rotation off
    expect(policy.rotationDue([key('1', exp - 1000), key('2', exp, true)], exp - policy.rotationLead)).toBe(true);
    // when it falls due by age (what the metrics count down to)
    expect(policy.rotationDueAt([key('1', T - 10), key('2', exp)])).toBe(exp - policy.rotationLead);
    expect(policy.rotationDueAt([key('1', exp - 1000), key('2', exp, true)])).toBe(exp - 1000 - policy.rotationLead);
    expect(policy.rotationDueAt([key('2', exp, true)])).toBeUndefined();
  });
});
