import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/adapters/memory/fixed-clock.js';
import { MemoryAuthFailureLog } from '../../src/adapters/memory/memory-auth-failure-log.js';
import { MemoryAuthLog } from '../../src/adapters/memory/memory-auth-log.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { MemoryUserRepo } from '../../src/adapters/memory/memory-user-repo.js';
import { MemoryUserStatus } from '../../src/adapters/memory/memory-user-status.js';
import { AuthenticateUser } from '../../src/application/authenticate-user.js';
import { ListUsers } from '../../src/application/list-users.js';
import { QueryAudit, type AuditRecord } from '../../src/application/query-audit.js';
import { RegisterUser } from '../../src/application/register-user.js';
import { ResetPassword } from '../../src/application/reset-password.js';
import { DisableUser, EnableUser } from '../../src/application/set-user-enabled.js';
import { FastPasswordHasher } from '../support/fast-password-hasher.js';
import { expectDomainError } from '../support/fixtures.js';
import { UUID_V4 } from '../support/http.js';

function setup() {
  const store = new MemoryStore();
  const users = new MemoryUserRepo(store);
  const status = new MemoryUserStatus(store);
  const authLog = new MemoryAuthLog(store);
  const failures = new MemoryAuthFailureLog(store);
  const hasher = new FastPasswordHasher();
  const clock = new FixedClock(new Date('2026-06-01T12:00:00Z'));
  return {
    store,
    users,
    authLog,
    failures,
    clock,
    register: new RegisterUser({ users, hasher, clock }),
    list: new ListUsers({ users, status }),
    disable: new DisableUser({ users, status, clock }),
    enable: new EnableUser({ users, status }),
    reset: new ResetPassword({ users, hasher }),
    audit: new QueryAudit({ authLog, failures, users }),
    auth: new AuthenticateUser({ users, hasher, clock, status, failures }),
  };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('account administration', () => {
  it('lists users in id order with their state, never a hash, across pages', async () => {
    const s = setup();
    for (let i = 0; i < 501; i++) await s.users.add({ username: `u${i}`, email: null, passwordHash: 'h', registeredAt: s.clock.now() });
    await s.disable.execute({ username: 'u1' });
    const listed = await all(s.list.execute());
    expect(listed).toHaveLength(501);
    expect(listed[1]).toEqual({
      id: 2,
      username: 'u1',
      email: null,
      registeredAt: s.clock.now(),
      lastLogin: null,
      disabledAt: s.clock.now(),
    });
    expect(listed[500]?.username).toBe('u500');
    expect(JSON.stringify(listed)).not.toContain('passwordHash');
  });

  it('disables and enables, saying whether anything changed; NOT_FOUND and INVALID_INPUT for bad names', async () => {
    const s = setup();
    const { userId } = await s.register.execute({ username: 'alice' });
    expect(await s.disable.execute({ username: 'alice' })).toEqual({ userId, changed: true });
    expect(await s.disable.execute({ username: 'alice' })).toEqual({ userId, changed: false });
    expect(await s.enable.execute({ username: 'alice' })).toEqual({ userId, changed: true });
    await expectDomainError(s.disable.execute({ username: 'nobody' }), 'NOT_FOUND');
    await expectDomainError(s.enable.execute({ username: 'no body' }), 'INVALID_INPUT');
  });

  it('resets a password to a new UUIDv4: the old one stops working, the new one works', async () => {
    const s = setup();
    const { password: old } = await s.register.execute({ username: 'alice' });
    const { password } = await s.reset.execute({ username: 'alice' });
    expect(password).toMatch(UUID_V4);
    expect(password).not.toBe(old);
    await expectDomainError(s.auth.execute({ username: 'alice', password: old, ip: '::1' }), 'BAD_CREDENTIALS');
    expect((await s.auth.execute({ username: 'alice', password, ip: '::1' })).username).toBe('alice');
    await expectDomainError(s.reset.execute({ username: 'bob' }), 'NOT_FOUND');
  });

  it('streams successes and failures merged in time order, filtered by time and user, naming known users only', async () => {
    const s = setup();
    const alice = await s.register.execute({ username: 'alice' });
    const bob = await s.register.execute({ username: 'bob' });
    const at = (t: string) => new Date(`2026-06-01T${t}Z`);
    await s.authLog.record({ userId: alice.userId, ip: '10.0.0.1', at: at('10:00:02') });
    await s.failures.record({ ip: '10.0.0.2', at: at('10:00:01'), userId: alice.userId, reason: 'bad_credentials' });
    await s.failures.record({ ip: '10.0.0.3', at: at('10:00:03'), userId: null, reason: 'blocked' });
    await s.authLog.record({ userId: bob.userId, ip: '10.0.0.4', at: at('10:00:03') });

    const line = (r: AuditRecord) => `${r.at.toISOString().slice(11, 19)} ${r.outcome} ${r.reason ?? '-'} ${r.username ?? '-'} ${r.ip}`;
    expect((await all(s.audit.execute())).map(line)).toEqual([
      '10:00:01 failure bad_credentials alice 10.0.0.2',
      '10:00:02 success - alice 10.0.0.1',
      '10:00:03 failure blocked - 10.0.0.3',
      '10:00:03 success - bob 10.0.0.4',
    ]);
    expect((await all(s.audit.execute({ since: at('10:00:02') }))).map(line)).toHaveLength(3);
    expect((await all(s.audit.execute({ username: 'alice' }))).map((r) => r.ip)).toEqual(['10.0.0.2', '10.0.0.1']);
    await expectDomainError(all(s.audit.execute({ username: 'carol' })), 'NOT_FOUND');
  });

  it('streams an audit longer than a page', async () => {
    const s = setup();
    const { userId } = await s.register.execute({ username: 'alice' });
    for (let i = 0; i < 1_203; i++) {
      const at = new Date(Date.UTC(2026, 5, 1, 0, 0, i));
      if (i % 2) await s.authLog.record({ userId, ip: '::1', at });
      else await s.failures.record({ ip: '::1', at, userId, reason: 'bad_credentials' });
    }
    const records = await all(s.audit.execute());
    expect(records).toHaveLength(1_203);
    expect(records.every((r, i) => i === 0 || r.at >= records[i - 1]!.at)).toBe(true);
  });
});
