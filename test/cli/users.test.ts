/** `jwks-auth-server users …` and `audit` as real processes, on the database a real server uses. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as inProcess } from '../support/cli.js';
import { login, UUID_V4 } from '../support/http.js';
import { MAIN, spawnServer, tempDir, testEnv, type SpawnedServer } from '../support/server.js';

let dir: ReturnType<typeof tempDir>;
let server: SpawnedServer;

/** Runs the command line with `args` against the test's database; its exit code and output. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [MAIN, ...args], { cwd: dir.dir, env: { PATH: process.env.PATH ?? '', ...testEnv(dir.dir) } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => proc.once('close', (code) => done({ code, stdout, stderr })));
}

beforeAll(async () => {
  dir = tempDir();
  server = await spawnServer(dir.dir); // the server and the commands share the database (and key file)
});
afterAll(async () => {
  await server?.stop();
  dir?.remove();
});

describe('users add', () => {
  it('adds a user and prints the generated password once, alone on stdout', async () => {
    const { code, stdout, stderr } = await cli('users', 'add', 'ada', '--email', 'ada@example.com');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${UUID_V4.source.slice(1, -1)}\\n$`));
    expect(stderr).toMatch(/user ada added/);
    expect((await login(server.url, 'ada', stdout.trim())).status).toBe(200);
  });

  it('fails with exit 1 and one line for a taken name, exit 2 for a malformed one or a missing argument', async () => {
    const taken = await cli('users', 'add', 'ada');
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim().split('\n')).toEqual(['jwks-auth-server: username is already registered']);
    const malformed = await cli('users', 'add', 'no spaces allowed');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli('users', 'add')).code).toBe(2);
  });
});

describe('users list, disable, enable, reset-password', () => {
  it('lists users as JSON without any hash, and as a table', async () => {
    const json = await cli('users', 'list', '--json');
    expect(json.code).toBe(0);
    const users = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(users.find((u) => u.username === 'ada')).toEqual({
      id: expect.any(Number),
      username: 'ada',
      email: 'ada@example.com',
      registered: expect.any(String),
      last_login: expect.any(String),
      disabled_at: null,
    });
    expect(json.stdout).not.toContain('argon2');
    const table = await cli('users', 'list');
    expect(table.stdout.split('\n')[0]).toBe('ID\tUSERNAME\tEMAIL\tREGISTERED\tLAST LOGIN\tSTATE');
  });

  it('disables a user: the right password then fails exactly like a wrong one; enable undoes it', async () => {
    const { stdout: password } = await cli('users', 'add', 'grace');
    expect((await cli('users', 'disable', 'grace')).code).toBe(0);
    const disabled = await login(server.url, 'grace', password.trim());
    const wrong = await login(server.url, 'grace', 'not-it');
    expect([disabled.status, wrong.status]).toEqual([401, 401]);
    expect(await disabled.text()).toBe(await wrong.text());
    expect((await cli('users', 'list', '--json')).stdout).toMatch(/"username":"grace"[^}]*"disabled_at":"\d{4}-/);
    expect((await cli('users', 'enable', 'grace')).stdout).toBe('user grace enabled\n');
    expect((await login(server.url, 'grace', password.trim())).status).toBe(200);
    expect((await cli('users', 'disable', 'nobody')).code).toBe(1);
  });

  it('resets a password: a new UUIDv4 printed once, the old one refused', async () => {
    const { stdout: old } = await cli('users', 'add', 'linus');
    const reset = await cli('users', 'reset-password', 'linus');
    expect(reset.code).toBe(0);
    expect(reset.stdout.trim()).toMatch(UUID_V4);
    expect(reset.stderr).toMatch(/stay valid until they expire/);
    expect((await login(server.url, 'linus', old.trim())).status).toBe(401);
    expect((await login(server.url, 'linus', reset.stdout.trim())).status).toBe(200);
  });
});

describe('audit', () => {
  it('streams successes and failures as NDJSON and CSV, filtered by user and time, with no password', async () => {
    const { stdout: password } = await cli('users', 'add', 'audited');
    await login(server.url, 'audited', 'wrong-guess-123');
    await login(server.url, 'audited', password.trim());
    const ndjson = await cli('audit', '--user', 'audited');
    expect(ndjson.code).toBe(0);
    const records = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toEqual([
      {
        time: expect.stringMatching(/Z$/),
        outcome: 'failure',
        reason: 'bad_credentials',
        ip: '127.0.0.1',
        user_id: expect.any(Number),
        username: 'audited',
      },
      {
        time: expect.stringMatching(/Z$/),
        outcome: 'success',
        reason: null,
        ip: '127.0.0.1',
        user_id: expect.any(Number),
        username: 'audited',
      },
    ]);
    const csv = await cli('audit', '--format', 'csv', '--since', '2000-01-01');
    expect(csv.stdout.split('\n')[0]).toBe('time,outcome,reason,ip,user_id,username');
    expect(csv.stdout).toMatch(/,failure,bad_credentials,127\.0\.0\.1,\d+,audited\n/);
    expect(csv.stdout + ndjson.stdout).not.toMatch(/wrong-guess|argon2/);
    expect((await cli('audit', '--since', '2999-01-01')).stdout).toBe('');
  });

  it('refuses a bad --since or --format with exit 2, and an unknown --user with exit 1', async () => {
    expect((await cli('audit', '--since', 'yesterday')).code).toBe(2);
    expect((await cli('audit', '--format', 'xml')).code).toBe(2);
    const unknown = await cli('audit', '--user', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('jwks-auth-server: no such user\n');
  });
});

describe('audit prune', () => {
  it('deletes both trails before a past time, refuses a future or missing one with exit 2', async () => {
    const future = await cli('audit', 'prune', '--before', '2999-01-01');
    expect(future.code).toBe(2);
    expect(future.stderr).toBe('jwks-auth-server: before must not be in the future\n');
    expect((await cli('audit', 'prune')).code).toBe(2);
    expect((await cli('audit', 'prune', '--before', 'last week')).code).toBe(2);

    const entries = (await cli('audit')).stdout.trim().split('\n').length;
    expect(entries).toBeGreaterThan(0);
    expect(await cli('audit', 'prune', '--before', '2000-01-01')).toMatchObject({
      code: 0,
      stdout: 'deleted 0 successes (auth_logs) and 0 failures (auth_failures) recorded before 2000-01-01T00:00:00Z\n',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // every entry so far is now a second old
    const before = new Date(Date.now() - 50).toISOString();
    const pruned = await cli('audit', 'prune', '--before', before);
    expect(pruned.code).toBe(0);
    const [, successes, failures] = /^deleted (\d+) successes \(auth_logs\) and (\d+) failures/.exec(pruned.stdout)!;
    expect(Number(successes) + Number(failures)).toBe(entries);
    expect((await cli('audit')).stdout).toBe('');
    expect((await login(server.url, 'ada', 'wrong')).status).toBe(401); // the trails go on
    expect((await cli('audit')).stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('--help', () => {
  it('documents every command and exits 0', async () => {
    const commands = [
      ['users'],
      ['users', 'add'],
      ['users', 'list'],
      ['users', 'disable'],
      ['users', 'enable'],
      ['users', 'reset-password'],
      ['audit'],
      ['audit', 'prune'],
    ];
    for (const args of commands) {
      const { code, stdout } = await inProcess([...args, '--help']); // the same program, without a process per page
      expect({ args, code }).toEqual({ args, code: 0 });
      expect(stdout).toMatch(/^Usage: jwks-auth-server /);
    }
  });
});
