// The layer rule: the core (src/domain, src/application) is runtime-neutral. It may import only
// itself; frameworks, I/O libraries, Node built-ins, adapters and the composition root stay outside.
// And the container rule: tsyringe is imported by the composition root (src/server/composition/) alone.
// Checked by test/architecture.test.ts; also `npx depcruise src --config .dependency-cruiser.cjs`.
// Every path below starts with `^src/`: the test swaps that prefix to cruise a known-bad fixture.

const CORE = '^src/(domain|application)/';
// Matched against the resolved path (node_modules/<name>/...); `koa-*`, `pino-*` and `@koa/*` by prefix.
const FRAMEWORKS = [
  'koa/',
  'koa-',
  '@koa/',
  'knex/',
  'sqlite3/',
  'pg/',
  'ioredis/',
  'argon2/',
  'jose/',
  'rate-limiter-flexible/',
  'tsyringe/',
  'reflect-metadata/',
  'pino/',
  'pino-',
  'zod/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-not-to-frameworks',
      comment: 'The core must not import a framework or I/O library: wrap it in an adapter behind a port.',
      severity: 'error',
      from: { path: CORE },
      to: { path: FRAMEWORKS.map((name) => `(^|/)node_modules/${name}`) },
    },
    {
      name: 'core-not-to-npm',
      comment: 'The core imports no package at all (it stays runtime-neutral and dependency-free).',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'core-not-to-node-builtins',
      comment: 'The core is runtime-neutral: no node: or bare Node built-ins (fs, net, http, crypto, ...).',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-not-to-adapters',
      comment: 'Adapters depend on the core, never the other way round; nor does the core see the composition root.',
      severity: 'error',
      from: { path: CORE },
      to: { path: ['^src/(adapters|server|cli)/', '^src/[^/]+$'] },
    },
    {
      name: 'core-not-to-unresolvable',
      comment: 'An import the cruiser cannot resolve cannot be checked by the rules above.',
      severity: 'error',
      from: { path: CORE },
      to: { couldNotResolve: true },
    },
    {
      name: 'container-only-in-composition-root',
      comment:
        "tsyringe (and the reflect-metadata it needs) is the composition root's business: adapters, the server and the CLI take what it built.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/server/composition/' },
      to: { path: ['(^|/)node_modules/(tsyringe|reflect-metadata)/'] },
    },
    {
      name: 'domain-not-to-application',
      comment: 'The domain (entities, rules, ports) knows nothing of the use-cases built on it.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/application/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: a core that names Koa's types is still coupled to Koa.
    tsPreCompilationDeps: true,
    detectProcessBuiltinModuleCalls: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
