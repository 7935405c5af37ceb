import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, compileBundle, loadBundle } from '../../src/cli/bundle.js';
import { login } from '../support/http.js';
import { ROOT, tempDir, testEnv } from '../support/server.js';

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

/** The built loader (dist/src/cli/bundle.js), as a URL for a child's import(). */
const BUILT_LOADER = JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/cli/bundle.js')).href);

/** Runs an ES-module `script` in a new Node process and parses what it printed as JSON. */
async function jsonFromChild<T>(script: string): Promise<T> {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((done) => proc.once('exit', done));
  return JSON.parse(out) as T;
}

interface CoveredFunction {
  ranges: { startOffset: number; count: number }[];
}

/** The original sources (through the bundle's source map) of the bundle's functions: all, and those that ran. */
function coveredSources(functions: CoveredFunction[]): { all: Set<string>; ran: Set<string> } {
  const bundle = readFileSync(join(ROOT, 'dist/bundle/cli.vm.js'), 'utf8');
  const map = new SourceMap(JSON.parse(readFileSync(join(ROOT, 'dist/bundle/cli.vm.js.map'), 'utf8')) as SourceMapPayload);
  const lineStarts = [0];
  for (let i = bundle.indexOf('\n'); i !== -1; i = bundle.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const all = new Set<string>();
  const ran = new Set<string>();
  for (const { ranges } of functions) {
    const [whole] = ranges;
    if (!whole) continue;
    const line = lineStarts.findLastIndex((start) => start <= whole.startOffset);
    const entry = map.findEntry(line, whole.startOffset - lineStarts[line]!);
    if (!('originalSource' in entry)) continue;
    all.add(entry.originalSource);
    if (whole.count > 0) ran.add(entry.originalSource);
  }
  return { all, ran };
}

/** Compiles `file` with the built loader in a new process: its exports (JSON) and whether V8 took the cache. */
function compiledInChild(file: string): Promise<{ exports: unknown; cacheAccepted: boolean }> {
  return jsonFromChild(`const { compileBundle } = await import(${BUILT_LOADER});
    const { exports, cacheAccepted } = compileBundle({ file: ${JSON.stringify(file)} });
    console.log(JSON.stringify({ exports: typeof exports.runCli === 'function' ? 'the command line' : exports, cacheAccepted }));`);
}

describe('the bundle (dist/bundle/cli.vm.js, made by npm run build) and its loader', () => {
  it('is built beside tsc output, where the built loader looks, and loads as the command line', async () => {
    const built = (await import(pathToFileURL(join(ROOT, 'dist/src/cli/bundle.js')).href)) as { BUNDLE_FILE: string };
    expect(built.BUNDLE_FILE).toBe(join(ROOT, 'dist/bundle/cli.vm.js'));
    // from source (tsx, vitest) the loader finds no bundle, so a developer runs the code as written
    expect(BUNDLE_FILE).toBe(join(ROOT, 'bundle/cli.vm.js'));
    const cli = loadBundle<Record<string, unknown>>({ file: built.BUNDLE_FILE });
    expect(typeof cli?.runCli).toBe('function');
    expect(typeof cli?.processContext).toBe('function');
  });

  it('loads none of the Node built-ins only an unused part of a dependency needs (TLS, child processes)', async () => {
    const loaded = await jsonFromChild<string[]>(`const before = new Set(process.moduleLoadList);
      const { loadBundle } = await import(${BUILT_LOADER});
      loadBundle();
      console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`);
    expect(loaded).toContain('NativeModule http'); // what the server does need
    for (const unused of ['tls', 'https', 'child_process', 'dgram']) expect(loaded).not.toContain(`NativeModule ${unused}`);
  });

  it('is ASCII only, as the loader reads it as Latin-1 (the same text then, without decoding)', () => {
    const bytes = readFileSync(join(ROOT, 'dist/bundle/cli.vm.js'));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
    expect(bytes.toString('latin1')).toBe(bytes.toString('utf8'));
  });

  it('holds only the parts of zod the server uses: zod is imported as a namespace, not as its `z` object, which keeps all of it', () => {
    const { sources } = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/cli.vm.js.map'), 'utf8')) as SourceMapPayload;
    const zod = sources.filter((source) => source.includes('node_modules/zod/'));
    expect(zod.some((source) => source.endsWith('zod/v4/classic/schemas.js'))).toBe(true);
    // parts no schema of the server reaches: a JSON Schema reader, schema visitors, deep partials
    for (const unused of ['from-json-schema.js', 'deep-partial.js', 'visit.js'])
      expect(zod.filter((source) => source.endsWith(unused))).toEqual([]);
  });

  it('keeps the names of error classes, though minified without keepNames: ours name themselves, and libraries that name errors after their class keep theirs', () => {
    const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const classes: string[] = [];
    for (const file of sources) {
      const text = readFileSync(join(ROOT, 'src', file), 'utf8');
      for (const [, name] of text.matchAll(/class (\w+) extends \w*Error\b/g)) {
        classes.push(name!);
        expect(text, `${file}: ${name} must set its name in full`).toMatch(new RegExp(`(name = |this\\.name = )'${name}'`));
      }
    }
    expect(classes).toEqual(expect.arrayContaining(['DomainError', 'KeyPolicyError', 'HttpProblem', 'ConfigError']));
    const bundle = readFileSync(join(ROOT, 'dist/bundle/cli.vm.js'), 'utf8');
    for (const name of ['JOSEError', 'JWSInvalid', 'CommanderError', 'InvalidArgumentError']) expect(bundle).toContain(`"${name}"`);
  });

  it('answers undefined where no bundle was built (the executable then imports tsc output)', () => {
    expect(loadBundle({ file: join(ROOT, 'dist/no-such-bundle.cjs') })).toBeUndefined();
  });

  it('writes a code cache, uses it, and still loads when the cache is unusable', async () => {
    dir = tempDir();
    const file = join(dir.dir, 'mini.vm.js');
    const body = "exports.answer = 6 * 7; exports.path = require('node:path').basename(__filename);";
    writeFileSync(file, `(function (exports, require, module, __filename, __dirname) {${body}})`);
    compileBundle({ file, useCache: false })!.writeCache();
    // each in a new process: V8 would answer a second compilation of the same source from memory
    expect(await compiledInChild(file)).toEqual({ exports: { answer: 42, path: 'mini.vm.js' }, cacheAccepted: true });
    writeFileSync(`${file}.cache`, 'not a V8 code cache');
    expect(await compiledInChild(file)).toEqual({ exports: { answer: 42, path: 'mini.vm.js' }, cacheAccepted: false });
  });

  it('writes into the cache what ran after the module loaded, not only the module itself', () => {
    dir = tempDir();
    // a function compiled only when called, after the module ran; two files, so that V8 cannot answer
    // the second compilation from its memory of the first
    const later = Array.from({ length: 50 }, (_, i) => `x${i + 1} = x${i} * 31 + ${i};`).join(' ');
    const cacheSize = (name: string, call: boolean) => {
      const file = join(dir!.dir, name);
      writeFileSync(file, `(function (exports) { exports.later = function () { let x0 = 1, ${later} return x50; }; })`);
      const bundle = compileBundle<{ later(): number }>({ file, useCache: false })!;
      if (call) bundle.exports.later();
      bundle.writeCache();
      return statSync(`${file}.cache`).size;
    };
    expect(cacheSize('called.vm.js', true)).toBeGreaterThan(cacheSize('uncalled.vm.js', false));
  });

  it('is built with a code cache that V8 takes, trained on serving: more than the module’s own load holds', async () => {
    const built = join(ROOT, 'dist/bundle/cli.vm.js');
    expect(await compiledInChild(built)).toMatchObject({ cacheAccepted: true });
    // and through the executable's CommonJS launcher (dist/src/cli/launch.cjs), its own copy of the loader
    const launcher = JSON.stringify(join(ROOT, 'dist/src/cli/launch.cjs'));
    const { stdout } = await promisify(execFile)(process.execPath, [
      '-e',
      `console.log(require(${launcher}).compileBundle().cacheAccepted)`,
    ]);
    expect(stdout.trim()).toBe('true');
    // an untrained cache of the same bundle, made beside it (where its require finds node_modules)
    const copyDir = join(ROOT, 'dist', `bundle-untrained-${process.pid}`);
    mkdirSync(copyDir, { recursive: true });
    try {
      const copy = join(copyDir, 'cli.vm.js');
      copyFileSync(built, copy);
      compileBundle({ file: copy, useCache: false })!.writeCache();
      expect(statSync(`${built}.cache`).size).toBeGreaterThan(statSync(`${copy}.cache`).size * 1.2);
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  });

  it('lets go of the code cache’s buffer once compiled: the start-up’s own scavenges free it', async () => {
    const cacheBytes = statSync(join(ROOT, 'dist/bundle/cli.vm.js.cache')).size;
    // no GC is forced: an idle server may not run a full one for a long time, so the buffer must die young
    const held = await jsonFromChild<number>(`const { loadBundle } = await import(${BUILT_LOADER});
      loadBundle();
      await new Promise((done) => setTimeout(done, 300));
      console.log(JSON.stringify(process.memoryUsage().arrayBuffers));`);
    expect(held).toBeLessThan(cacheBytes / 2);
  });

  it('serves from the bundle alone: listens, issues a token to a bootstrap user, stops on SIGTERM with 0', async () => {
    dir = tempDir();
    // at exit, the Node built-ins the process loaded (on stderr): JSON answers must not load the web globals
    // and which of the bundle's functions ran (V8's precise coverage, written to a file)
    const coverageFile = join(dir.dir, 'coverage.json');
    const script = `import { writeFileSync, writeSync } from 'node:fs';
      import { Session } from 'node:inspector';
      const session = new Session();
      session.connect();
      session.post('Profiler.enable');
      session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
      process.on('exit', () => {
        writeSync(2, 'loaded: ' + JSON.stringify(process.moduleLoadList) + '\\n');
        session.post('Profiler.takePreciseCoverage', (err, { result }) =>
          writeFileSync(${JSON.stringify(coverageFile)}, JSON.stringify(result.find((s) => s.url.endsWith('cli.vm.js')).functions)));
      });
      const { loadBundle } = await import(${BUILT_LOADER});
      const cli = loadBundle(); process.exit(await cli.runCli(['node', 'bundle'], cli.processContext()));`;
    const env = { PATH: process.env.PATH ?? '', ...testEnv(dir.dir, { LOG_LEVEL: 'info', BOOTSTRAP_USERS: 'bundled:pw-123' }) };
    const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        createInterface({ input: proc.stdout }).on('line', (line) => {
          if (line.includes('"msg":"listening')) resolve((JSON.parse(line) as { port: number }).port);
        });
        void exited.then((code) => reject(new Error(`exited with ${code} before listening`)));
      });
      const res = await login(`http://127.0.0.1:${port}`, 'bundled', 'pw-123');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { token: string }).token.split('.')).toHaveLength(3);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      const refused = await login(`http://127.0.0.1:${port}`, 'bundled', 'wrong');
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(await refused.json()).toMatchObject({ status: 401, code: 'BAD_CREDENTIALS' });
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Koa tests object bodies against ReadableStream, Blob and Response; the first test loads undici
      const loaded = JSON.parse(/^loaded: (.*)$/m.exec(stderr)![1]!) as string[];
      expect(loaded).toContain('NativeModule http');
      // nor zlib, which destroy (for Koa) wants only to tell compressed streams apart, on first use, nor
      // fs/promises (with readline's internals), which only /docs's files would want
      for (const unused of ['internal/deps/undici/undici', 'internal/webstreams/readablestream', 'http2', 'tls', 'zlib', 'fs/promises'])
        expect(loaded).not.toContain(`NativeModule ${unused}`);
      // mime-types (its maps of ~2,500 types built when it loads) is loaded on first use, and no answer
      // here uses it: Content-Types are set in full
      const { all, ran } = coveredSources(JSON.parse(readFileSync(coverageFile, 'utf8')) as CoveredFunction[]);
      expect([...ran].some((source) => source.endsWith('node_modules/koa/lib/response.js'))).toBe(true);
      expect([...ran].filter((source) => /node_modules\/mime-(types|db)\//.test(source))).toEqual([]);
      // nor OpenTelemetry's API (prom-client's CPU metric wants it only for exemplars, off), destroy
      // (Koa's, for stream bodies) or thread-stream (pino's, for transports)
      const firstUse = /node_modules\/(@opentelemetry\/api|destroy|thread-stream)\//;
      expect([...all].filter((source) => firstUse.test(source)).length).toBeGreaterThanOrEqual(3);
      expect([...ran].filter((source) => firstUse.test(source))).toEqual([]);
      // nor debug, either copy (knex's, @koa/router's): with DEBUG unset their debuggers are stand-ins, off
      const debugSource = (source: string) => /^\.\.\/\.\.\/node_modules\/(knex\/node_modules\/)?debug\/src\//.test(source);
      expect([...all].filter(debugSource).length).toBeGreaterThan(0);
      expect([...ran].filter(debugSource)).toEqual([]);
      // nor is the OpenAPI document's module (response schemas, operations, generator) until it is asked
      // for: its top level is a function of its own only when loaded on demand (a static import inlines it)
      const responses = (source: string) => source.endsWith('src/adapters/http/schemas/responses.ts');
      expect([...all].some(responses)).toBe(true);
      expect([...ran].filter((source) => responses(source) || /zod-to-openapi|src\/adapters\/http\/openapi\//.test(source))).toEqual([]);
    } finally {
      // a failed or timed-out test must not leave a server behind
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
  });
});
