import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/adapters/memory/fixed-clock.js';
import { MemoryAuthFailureLog } from '../../src/adapters/memory/memory-auth-failure-log.js';
import { MemoryAuthLog } from '../../src/adapters/memory/memory-auth-log.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { PruneAudit } from '../../src/application/prune-audit.js';
import { isDomainError } from '../../src/domain/errors.js';

function setUp() {
  const store = new MemoryStore();
  const clock = new FixedClock(new Date('2026-06-01T00:00:00Z'));
  const authLog = new MemoryAuthLog(store);
  const failures = new MemoryAuthFailureLog(store);
  return { store, clock, authLog, failures, prune: new PruneAudit({ authLog, failures, clock }) };
}

describe('PruneAudit', () => {
  it('deletes both trails before the time and answers how many of each', async () => {
    const { authLog, failures, prune } = setUp();
    for (const day of ['01', '10', '20']) {
      await authLog.record({ userId: 1, ip: '::1', at: new Date(`2026-05-${day}T12:00:00Z`) });
      await failures.record({ ip: '::1', at: new Date(`2026-05-${day}T12:00:00Z`), userId: null, reason: 'bad_credentials' });
    }
    await failures.record({ ip: '::1', at: new Date('2026-05-02T00:00:00Z'), userId: null, reason: 'throttled' });
    expect(await prune.execute({ before: new Date('2026-05-15T00:00:00Z') })).toEqual({ successes: 2, failures: 3 });
    expect((await authLog.page({ limit: 10 })).map((e) => e.at.toISOString())).toEqual(['2026-05-20T12:00:00.000Z']);
    expect(await failures.page({ limit: 10 })).toHaveLength(1);
  });

  it('refuses a time yet to come, or no time at all, deleting nothing', async () => {
    const { authLog, prune } = setUp();
    await authLog.record({ userId: 1, ip: '::1', at: new Date('2026-05-20T12:00:00Z') });
    for (const before of [new Date('2026-06-01T00:00:01Z'), new Date(Number.NaN)]) {
      await expect(prune.execute({ before })).rejects.toSatisfy((err) => isDomainError(err, 'INVALID_INPUT'));
    }
    expect(await authLog.page({ limit: 10 })).toHaveLength(1);
    expect(await prune.execute({ before: new Date('2026-06-01T00:00:00Z') })).toEqual({ successes: 1, failures: 0 }); // now itself is fine
  });
});
