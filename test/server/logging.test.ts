import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { knexLog } from '../../src/server/logging.js';

describe('knexLog', () => {
  it('logs each distinct knex message once per interval, first line only', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const log = knexLog(logger, 60_000);
    for (let i = 0; i < 50; i++) log.warn!(new Error('Acquire connection error\n    at stack frame'));
    log.error!('Connection Error: Connection ended unexpectedly');
    const messages = lines.map((l) => JSON.parse(l) as { msg: string; source: string });
    expect(messages.map((m) => m.msg)).toEqual(['Acquire connection error', 'Connection Error: Connection ended unexpectedly']);
    expect(messages.every((m) => m.source === 'knex')).toBe(true);
  });

  it('logs a repeated message again once the interval has passed', () => {
    const lines: string[] = [];
    const log = knexLog(pino({}, { write: (line: string) => lines.push(line) }), 0);
    log.warn!('again');
    log.warn!('again');
    expect(lines).toHaveLength(2);
  });
});
