/**
 * `npm run build`'s last step (scripts/bundle.mjs runs it in a process of its own): makes the bundle's
 * V8 code cache after a training run. It loads dist/bundle/cli.vm.js as the executable does, serves
 * from it for a moment (a first start on a fresh database, then the requests a client makes: JWKS,
 * logins by JSON, form and Basic, `?expired=true`, refusals, a registration, health) and writes the
 * cache only then: the cache holds every function that start-up and those requests compiled, which
 * each later start then need not compile (~60 ms sooner to the first token, measured). The server
 * runs on loopback, on a temporary database with a throwaway master key, all removed after. If the
 * training fails, the cache is written all the same (it then holds what ran) and the reason printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TRAINING_TIMEOUT_MS = 60_000;

const { compileBundle } = await import(pathToFileURL('dist/src/cli/bundle.js').href);
const bundle = compileBundle({ useCache: false });
if (!bundle) {
  console.error('no bundle to make a code cache for');
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function train(cli, dir) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const password = randomBytes(12).toString('base64url');
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    METRICS_PORT: String(await freePort()),
    DB_PATH: join(dir, 'training.db'),
    NOT_MY_KEY: randomBytes(32).toString('hex'),
    BOOTSTRAP_USERS: `trainer:${password}`,
    LOG_LEVEL: 'info',
  };
  // the server's log lines go to this process's stdout, which the build does not show
  const exited = cli.runCli(['node', 'jwks-auth-server', 'serve'], { env, out: () => {}, err: (text) => process.stderr.write(text) });
  let stopped = false;
  void exited.finally(() => (stopped = true));
  for (;;) {
    if (stopped) throw new Error(`the server exited with ${await exited} before it was ready`);
    const ready = await fetch(`${base}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((done) => setTimeout(done, 20));
  }
  const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const form = (body) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const basic = { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`trainer:${password}`).toString('base64')}` } };
  const requests = [
    ['/.well-known/jwks.json', {}],
    ['/auth', json({ username: 'trainer', password })],
    ['/auth', form(`username=trainer&password=${encodeURIComponent(password)}`)],
    ['/auth?expired=true', basic],
    ['/auth', json({ username: 'trainer', password: 'wrong' })],
    ['/auth', json({ username: 'nobody', password: 'wrong' })],
    ['/auth', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }],
    ['/register', json({ username: 'trainee', email: 'trainee@example.com' })],
    ['/healthz', {}],
    ['/no-such-path', {}],
  ];
  for (let round = 0; round < 2; round++)
    for (const [path, init] of requests) await fetch(base + path, init).then((res) => res.arrayBuffer());
  process.kill(process.pid, 'SIGTERM'); // the serve command's own graceful stop
  const code = await exited;
  if (code !== 0) throw new Error(`the server exited with ${code}`);
}

const dir = mkdtempSync(join(tmpdir(), 'jwks-code-cache-'));
let timer;
try {
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no end within ${TRAINING_TIMEOUT_MS / 1000} s`)), TRAINING_TIMEOUT_MS);
  });
  await Promise.race([train(bundle.exports, dir), timeout]);
} catch (err) {
  console.error(`code cache made without a full training run: ${err instanceof Error ? err.message : err}`);
} finally {
  clearTimeout(timer);
  bundle.writeCache();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0); // a server left running by a failed run must not keep the build waiting
