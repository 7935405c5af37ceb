/**
 * `npm run build`'s second step, after tsc: the command line and server as one CommonJS module,
 * dist/bundle/cli.vm.js, and its V8 code cache, which the executable (dist/src/main.cjs, `npm start`)
 * loads instead of tsc's modules: one file and a code cache start in a fraction of the time Node
 * takes to resolve, read and compile the ~600 files of node_modules it replaces. Native modules
 * (argon2, sqlite3) and the drivers loaded only when configured (pg, ioredis, pino-pretty) stay in
 * node_modules. Without esbuild (a production-only install) it does nothing: main.cjs then runs tsc's
 * output, as before.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

// the executable's CommonJS launcher (below): gone with the bundle, so that main.cjs never runs one without it
rmSync('dist/src/cli/launch.cjs', { force: true });

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.log('esbuild is not installed: no bundle (npm start runs dist/src as built by tsc)');
  process.exit(0);
}

const external = ['@node-rs/argon2', 'sqlite3', 'pg', 'pg-native', 'pg-query-stream', 'ioredis', 'pino-pretty'];

// knex names every dialect it knows; ours are sqlite3 and pg. The others stay out (with their drivers).
const unusedDialects = /^\.\/(better-sqlite3|cockroachdb|mssql|mysql|mariadb|mysql2|oracle|oracledb|pgnative|redshift)$/;
const onlyOurDialects = {
  name: 'knex-dialects',
  setup(build) {
    build.onResolve({ filter: unusedDialects }, (args) =>
      args.importer.includes('/knex/lib/dialects/') ? { path: args.path, namespace: 'unused-dialect' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-dialect' }, (args) => ({
      contents: `throw new Error('the ${args.path.slice(2)} dialect is not part of this build');`,
      loader: 'js',
    }));
  },
};

// zod re-exports its ~60 message locales as one namespace, which no bundler can trim; the server only
// ever uses English (zod's default, set from locales/en.js directly), so the namespace holds just that.
const englishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: join(args.resolveDir, '../locales/en.js') } : undefined,
    );
  },
};

// Modules that a dependency requires when it loads but the server does not use to serve: each costs its
// compilation or evaluation at every start. prom-client's Pushgateway (https, tls, zlib: the server is
// scraped, it never pushes) is left out. These are loaded on first use, through a stand-in whose
// properties are the module's: commander's child_process (for executable subcommands, which the
// command line has none of), destroy's zlib (to tell compressed streams apart; Koa destroys a stream
// body only, and the server sends none) and prom-client's @opentelemetry/api (for exemplars of the CPU
// metric, which are off). And, through a stand-in function that loads the module when called (or
// constructed): Koa's destroy itself (whose fs.ReadStream loads Node's file streams), and pino's
// thread-stream (for transports, which the server does not use).
const ON_FIRST_USE = [
  { module: 'node:child_process', importer: /[\\/]commander[\\/]lib$/ },
  { module: 'zlib', importer: /[\\/]destroy$/ },
  { module: '@opentelemetry/api', importer: /[\\/]prom-client[\\/]lib[\\/]metrics$/ },
  { module: 'destroy', importer: /[\\/]koa[\\/]lib$/, callable: true },
  { module: 'thread-stream', importer: /[\\/]pino[\\/]lib$/, callable: true },
];
const unusedAtStart = {
  name: 'unused-at-start',
  setup(build) {
    build.onResolve({ filter: /^\.\/lib\/pushgateway$/ }, (args) =>
      /[\\/]prom-client$/.test(args.resolveDir) ? { path: 'pushgateway', namespace: 'unused-at-start' } : undefined,
    );
    build.onLoad({ filter: /^pushgateway$/, namespace: 'unused-at-start' }, () => ({
      contents:
        "module.exports = class Pushgateway { constructor() { throw new Error('prom-client\\'s Pushgateway is not part of this build'); } };",
      loader: 'js',
    }));
    for (const { module, importer, callable = false } of ON_FIRST_USE) {
      build.onResolve({ filter: new RegExp(`^${module.replace(/[/.]/g, '\\$&')}$`) }, (args) =>
        args.namespace !== 'proxied' && importer.test(args.resolveDir)
          ? { path: module, namespace: 'proxied', pluginData: { resolveDir: args.resolveDir, callable } }
          : undefined,
      );
    }
    build.onLoad({ filter: /.*/, namespace: 'proxied' }, (args) => ({
      contents: [
        `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        args.pluginData.callable
          ? 'module.exports = function (...args) { return new.target ? Reflect.construct(load(), args) : load().apply(this, args); };'
          : 'module.exports = new Proxy({}, { get: (_, name) => load()[name] });',
      ].join('\n'),
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
  },
};

// mime-types builds its extension and type maps from mime-db (~2,500 entries) when it is required, and
// Koa, accepts and type-is require it when they load; the server sets the Content-Type of its JSON,
// problem, JWKS and metrics answers in full (sendJson, JSON_TYPE), so those never consult it. It is
// loaded on first use instead (/docs and /openapi.json still go through ctx.type): each export is a
// stand-in that loads the module (the same exports, the same behaviour) when called or read.
const MIME_TYPES_EXPORTS = {
  functions: ['charset', 'contentType', 'extension', 'lookup'],
  objects: ['charsets', 'extensions', 'types', '_extensionConflicts'],
};
const mimeTypesOnFirstUse = {
  name: 'mime-types-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^mime-types$/ }, (args) =>
      args.namespace === 'on-first-use' ? undefined : { path: 'mime-types', namespace: 'on-first-use' },
    );
    build.onLoad({ filter: /^mime-types$/, namespace: 'on-first-use' }, () => ({
      contents: [
        "let real; const load = () => (real ??= require('mime-types'));",
        ...MIME_TYPES_EXPORTS.functions.map((name) => `exports.${name} = (...args) => load().${name}(...args);`),
        ...MIME_TYPES_EXPORTS.objects.map(
          (name) => `Object.defineProperty(exports, '${name}', { enumerable: true, get: () => load().${name} });`,
        ),
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

// knex and @koa/router make their debuggers when they load; each of the two copies of `debug` bundled
// reads the environment as it loads and asks, for every debugger, whether stderr is a terminal (which
// makes process.stderr): ~1 ms of every start, for debuggers that are off unless DEBUG names them. Each
// copy gets scripts/stand-ins/debug.cjs in front of it, which loads it when DEBUG is set at start, or when
// debug's own API is used (enable()...); until then its debuggers are off, as debug's own would be.
const DEBUG_STAND_IN = readFileSync('scripts/stand-ins/debug.cjs', 'utf8');
const debugOnFirstUse = {
  name: 'debug-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await build.resolve('debug', { kind: args.kind, resolveDir: args.resolveDir, pluginData: { real: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: relative(process.cwd(), real.path), namespace: 'debug-stand-in' }; // one stand-in per copy of debug
    });
    build.onLoad({ filter: /.*/, namespace: 'debug-stand-in' }, (args) => ({
      contents: DEBUG_STAND_IN.replace("require('debug')", `require(${JSON.stringify(`./${args.path}`)})`),
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

// The bundle is minified without esbuild's keepNames: that option wraps every function and class of
// every module in a call that redefines its `name`, thousands of them, which cost ~1.5 MiB of heap and
// ~6 MiB of resident memory at start, and time to run. Names are read in few places: our own error
// classes name themselves (a test holds them to it), and these modules name their errors after
// their classes (`this.name = this.constructor.name`), so they alone keep their names.
const namesErrorsByClass = /[\\/]node_modules[\\/](jose[\\/]dist[\\/]webapi[\\/]util[\\/]errors|commander[\\/]lib[\\/]error)\.js$/;
const errorNamesKept = {
  name: 'error-names-kept',
  setup(build) {
    build.onLoad({ filter: namesErrorsByClass }, async (args) => ({
      contents: (await esbuild.transform(readFileSync(args.path, 'utf8'), { loader: 'js', keepNames: true, sourcefile: args.path })).code,
      loader: 'js',
    }));
  },
};

rmSync('dist/bundle', { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/bundle/cli.vm.js',
  bundle: true,
  format: 'cjs', // V8 code caches are for scripts; an ES module would be compiled at every start
  platform: 'node',
  target: 'node20',
  external,
  plugins: [onlyOurDialects, englishOnly, unusedAtStart, mimeTypesOnFirstUse, debugOnFirstUse, errorNamesKept],
  charset: 'ascii', // (esbuild's default) every other character escaped: the loader reads the file as Latin-1
  minify: true, // less to parse when the cache is rejected (another Node version)
  keepNames: false, // see errorNamesKept
  // our modules find their place (createRequire for pg, ioredis; package.json) through import.meta
  define: { 'import.meta.url': '__bundleUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
  // written as the CommonJS wrapper function itself, which src/cli/bundle.ts compiles as read (no copy)
  banner: {
    js: "(function (exports, require, module, __filename, __dirname) {var __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  footer: { js: '})' },
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
if (process.env.BUNDLE_META) writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
const nonAscii = readFileSync('dist/bundle/cli.vm.js').findIndex((byte) => byte > 0x7f);
if (nonAscii !== -1) throw new Error(`dist/bundle/cli.vm.js has a byte beyond ASCII at ${nonAscii}: the loader reads it as Latin-1`);

// The executable's launcher, dist/src/cli/launch.cjs beside tsc's launch.js: src/cli/launch.ts with the
// loader, warm start and key prefetch it uses, as CommonJS, which dist/src/main.cjs requires, so that
// nothing goes through Node's ES-module loader before the bundle. Its import.meta.url is its own file's,
// in the same directory as tsc's copy; tsc's modules (./entry.js) stay outside, for want of a bundle.
await esbuild.build({
  entryPoints: ['src/cli/launch.ts'],
  outfile: 'dist/src/cli/launch.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [
    {
      name: 'tsc-modules-outside',
      setup(build) {
        build.onResolve({ filter: /^\.\/entry\.js$/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
  define: { 'import.meta.url': '__launcherUrl' },
  banner: { js: "var __launcherUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The code cache, made by loading the bundle exactly as dist/src/main.cjs will (same file, same loader),
// after a training run (scripts/train-code-cache.mjs, in a process of its own: the server it runs logs
// to a stdout nobody reads). Should that process fail, a cache of the module's own load is made here.
const training = spawnSync(process.execPath, ['scripts/train-code-cache.mjs'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  timeout: 120_000,
});
let cached = 'with its V8 code cache (trained on a start and a few requests)';
if (training.status !== 0) {
  try {
    const { compileBundle } = await import(pathToFileURL('dist/src/cli/bundle.js').href);
    compileBundle({ useCache: false }).writeCache();
    cached = `with an untrained V8 code cache (the training run failed: ${training.error?.message ?? `exit ${training.status}`})`;
  } catch (err) {
    cached = `without a code cache (${err instanceof Error ? err.message : err})`;
  }
}
const bytes = result.metafile.outputs['dist/bundle/cli.vm.js'].bytes;
console.log(`dist/bundle/cli.vm.js: ${(bytes / 1024).toFixed(0)} KiB, ${cached}`);
