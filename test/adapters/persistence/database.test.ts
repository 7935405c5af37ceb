import { describe, expect, it } from 'vitest';
import { dialectOf } from '../../../src/adapters/persistence/dialect.js';
import { openDatabase } from '../../../src/adapters/persistence/open-database.js';
import { translateError } from '../../../src/adapters/persistence/store-errors.js';
import { formatTimestamp, parseTimestamp } from '../../../src/adapters/persistence/timestamps.js';
import { DomainError } from '../../../src/domain/errors.js';

function translated(err: unknown): unknown {
  try {
    translateError(err);
  } catch (thrown) {
    return thrown;
  }
  return undefined;
}

function withCode(code: string, message = 'boom'): Error {
  return Object.assign(new Error(message), { code });
}

describe('timestamps', () => {
  it('formats a Date as UTC text to the second', () => {
    expect(formatTimestamp(new Date('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02 03:04:05');
  });

  it.each([
    ['2026-01-02 03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02 03:04:05.25', '2026-01-02T03:04:05.250Z'],
    ['2026-01-02 03:04:05.123456', '2026-01-02T03:04:05.123Z'],
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02 05:04:05+02:00', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02 03:04', '2026-01-02T03:04:00.000Z'],
  ])('reads %s as UTC', (text, iso) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(iso);
  });

  it('passes null and Dates through, and rejects garbage', () => {
    const date = new Date();
    expect(parseTimestamp(null)).toBeNull();
    expect(parseTimestamp(date)).toBe(date);
    expect(() => parseTimestamp('1767323045')).toThrow(/unreadable timestamp/);
  });
});

describe('translateError', () => {
  it.each([
    withCode('ECONNREFUSED'),
    withCode('ECONNRESET'),
    withCode('ETIMEDOUT'),
    withCode('ENOTFOUND'),
    withCode('08006'),
    withCode('57P01'),
    withCode('57P03'),
    withCode('53300'),
    withCode('SQLITE_BUSY'),
    Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
    new Error('Connection terminated unexpectedly'),
    new AggregateError([withCode('ECONNREFUSED')]),
  ])('turns a connection failure into UNAVAILABLE (%s)', (err) => {
    const out = translated(err);
    expect(out).toBeInstanceOf(DomainError);
    expect(out).toMatchObject({ code: 'UNAVAILABLE', cause: err });
  });

  it.each([withCode('23505'), withCode('SQLITE_CONSTRAINT'), new DomainError('USERNAME_TAKEN', 'taken'), 'a string'])(
    'rethrows anything else unchanged (%s)',
    (err) => {
      expect(translated(err)).toBe(err);
    },
  );
});

describe('dialectOf', () => {
  it('tells PostgreSQL from SQLite without connecting', async () => {
    const sqlite = openDatabase({ sqlitePath: ':memory:' });
    const pg = openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
    expect([dialectOf(sqlite), dialectOf(pg)]).toEqual(['sqlite', 'pg']);
    await Promise.all([sqlite.destroy(), pg.destroy()]);
  });
});
