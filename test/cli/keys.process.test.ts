/**
 * Issue #8: the key commands as an operator runs them, as processes, against SQLite and PostgreSQL
 * while a server runs on the same database.
 */
import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli-process.js';
import { login } from '../support/http.js';
import { createTempDatabase, type TempDatabase } from '../support/postgres.js';
import { spawnServer, tempDir, waitReady, type SpawnedServer } from '../support/server.js';
import { postgresUrl } from '../support/services.js';

const SYNC_MS = 1000;
const BACKENDS = [['SQLite', false], ...(postgresUrl() ? [['PostgreSQL', true] as const] : [])] as const;

interface Listed {
  kid: string;
  state: string;
  signing: boolean;
  revoked: string | null;
  reason: string | null;
}

const jwksKids = async (url: string) =>
  ((await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);

describe.each(BACKENDS)('keys commands on %s, while a server runs', (_name, postgres) => {
  let dir: ReturnType<typeof tempDir>;
  let database: TempDatabase | undefined;
  let env: Record<string, string>;
  let server: SpawnedServer;

  beforeEach(async () => {
    dir = tempDir('keys-cli-');
    database = postgres ? await createTempDatabase() : undefined;
    env = {
      NOT_MY_KEY: randomBytes(32).toString('hex'),
      KEY_SYNC_INTERVAL: String(SYNC_MS / 1000),
      JWKS_MAX_AGE: '1',
      BOOTSTRAP_USERS: 'operator_test:a-long-enough-password',
      ...(database && { DATABASE_URL: database.url }),
    };
    server = await spawnServer(dir.dir, env);
    await waitReady(server);
  });
  afterEach(async () => {
    await server?.stop();
    await database?.drop();
    dir.remove();
  });

  const list = async (): Promise<Listed[]> => {
    const run = await runCliProcess(dir.dir, ['keys', 'list', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Listed[];
  };

  it(
    'lists, rotates, and revokes the signing key: it leaves the JWKS within one KEY_SYNC_INTERVAL and for good',
    { timeout: 60_000 },
    async () => {
      expect((await list()).map((k) => [k.kid, k.state, k.signing])).toEqual([
        ['1', 'active', true],
        ['2', 'retired', false],
      ]);
      const table = await runCliProcess(dir.dir, ['keys', 'list'], env);
      expect(table.stdout).toMatch(/^KID\s+STATE\s+CREATED\s+SIGNS FROM\s+EXPIRES/);

      const rotated = await runCliProcess(dir.dir, ['keys', 'rotate'], env);
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.stdout).toMatch(/^new key 3: published now, signs from \S+Z \(KEY_PREPUBLISH 32 s\)/);
      expect((await list()).find((k) => k.kid === '3')?.state).toBe('pending');
      await expect.poll(() => jwksKids(server.url), { timeout: SYNC_MS + 1000, interval: 50 }).toContain('3');

      const revoked = await runCliProcess(dir.dir, ['keys', 'revoke', '1', '--reason', 'leaked in a build log'], env);
      const revokedAt = performance.now();
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stderr).toMatch(/^warning: key 1 was the signing key; key 3 signs at once/);
      expect(revoked.stderr.trim().split('\n')).toHaveLength(1);
      await expect.poll(() => jwksKids(server.url), { timeout: SYNC_MS + 500, interval: 25 }).toEqual(['3']);
      const gone = performance.now() - revokedAt;
      const res = await login(server.url, 'operator_test', 'a-long-enough-password');
      expect(decodeProtectedHeader(((await res.json()) as { token: string }).token).kid).toBe('3');
      expect((await list()).find((k) => k.kid === '1')).toMatchObject({ state: 'revoked', reason: 'leaked in a build log' });
      expect(server.stdout.some((line) => line.includes('the signing key was revoked'))).toBe(true);
      console.info(`${_name}: revoked kid left the running server's JWKS ${Math.round(gone)} ms after the command exited`);

      await server.stop();
      server = await spawnServer(dir.dir, env); // stays revoked across restarts
      await waitReady(server);
      expect(await jwksKids(server.url)).toEqual(['3']);
    },
  );

  it('exits 1 with one line for an unknown kid, 2 for a missing or bad argument, and prints no secret', { timeout: 60_000 }, async () => {
    const unknown = await runCliProcess(dir.dir, ['keys', 'revoke', '99'], env);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'jwks-auth-server: no stored key has kid "99"\n']);
    const missing = await runCliProcess(dir.dir, ['keys', 'revoke'], env);
    expect(missing.code).toBe(2);
    const badReason = await runCliProcess(dir.dir, ['keys', 'revoke', '1', '--reason', 'x'.repeat(501)], env);
    expect(badReason.code).toBe(2);
    for (const run of [unknown, missing, badReason]) expect(run.stdout + run.stderr).not.toContain(env.NOT_MY_KEY);
    expect(await jwksKids(server.url)).toEqual(['1']);
    for (const command of [
      ['keys', '--help'],
      ['keys', 'list', '--help'],
      ['keys', 'rotate', '--help'],
      ['keys', 'revoke', '--help'],
    ]) {
      const help = await runCliProcess(dir.dir, command, env);
      expect([help.code, help.stdout]).toEqual([0, expect.stringContaining(`Usage: jwks-auth-server ${command.slice(0, -1).join(' ')}`)]);
    }
  });
});
