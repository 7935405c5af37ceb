import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/server/config.js';
import { loadMasterKey, shortPassphraseWarning } from '../../src/server/master-key-source.js';

/** A pino logger writing its lines into `lines`. */
function capture(lines: string[]) {
  return pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
}

describe('the master key at start', () => {
  it('warns about a short passphrase naming the variable and its length, never the value', () => {
    const lines: string[] = [];
    loadMasterKey(loadConfig({ NOT_MY_KEY: 'hunter2' }), capture(lines));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { variable: string; length: number; msg: string };
    expect(line).toMatchObject({ variable: 'NOT_MY_KEY', length: 7 });
    expect(line.msg).toMatch(/^NOT_MY_KEY is a passphrase of only 7 characters/);
    expect(lines[0]).not.toContain('hunter2');
  });

  it('says nothing about a raw key or a long passphrase', () => {
    expect(shortPassphraseWarning({ key: new Uint8Array(32), source: 'env:raw' }, 'NOT_MY_KEY')).toBeUndefined();
    expect(shortPassphraseWarning({ key: new Uint8Array(32), source: 'env:kdf', passphraseLength: 20 }, 'NOT_MY_KEY')).toBeUndefined();
    expect(shortPassphraseWarning({ key: new Uint8Array(32), source: 'env:kdf', passphraseLength: 19 }, 'NEW_NOT_MY_KEY')).toMatch(
      /^NEW_NOT_MY_KEY is a passphrase of only 19 characters/,
    );
  });
});
