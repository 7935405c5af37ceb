import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, Script } from 'node:vm';

/** dist/bundle/cli.vm.js, written by `npm run build` beside tsc's dist/src. */
export const BUNDLE_FILE = fileURLToPath(new URL('../../bundle/cli.vm.js', import.meta.url));

/**
 * Loads the command line from the bundle (every JavaScript dependency as one CommonJS module; native
 * modules stay in node_modules), compiled with the V8 code cache made at build time: Node neither
 * resolves ~600 modules nor compiles what the cache holds. `undefined` when no bundle was built (the
 * caller then imports tsc's modules). A cache from another Node version is rejected by V8 and the
 * bundle is compiled from source, as if there were none.
 */
export function loadBundle<T>(options: { file?: string } = {}): T | undefined {
  return compileBundle<T>(options)?.exports;
}

/** The bundle, run, with what the build needs to make its code cache. */
export interface CompiledBundle<T> {
  readonly exports: T;
  /** Whether V8 took a code cache (false when there was none, or when it was rejected). */
  readonly cacheAccepted: boolean;
  /**
   * Writes the code cache (`<file>.cache`) of every function compiled so far: made after the module
   * ran, and after whatever the caller then ran with it (the build serves a few requests first), it
   * also holds what that compiled, which the next start then need not compile.
   */
  writeCache(): void;
}

/**
 * {@link loadBundle}'s work, for the build: with `useCache: false` it ignores an existing cache (to
 * make a new one). The file is a script whose value is the module's CommonJS wrapper function,
 * `(function (exports, require, module, __filename, __dirname) {…})`, as the build writes it:
 * compiled as read, with no wrapped copy of its ~1 MB held beside the one V8 keeps for lazy compilation.
 */
export function compileBundle<T>(options: { file?: string; useCache?: boolean } = {}): CompiledBundle<T> | undefined {
  const file = options.file ?? BUNDLE_FILE;
  const cacheFile = `${file}.cache`;
  if (!existsSync(file)) return undefined;
  const { script, cacheAccepted } = compile(file, options.useCache !== false && existsSync(cacheFile) ? cacheFile : undefined);
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cacheAccepted,
    writeCache: () => writeFileSync(cacheFile, script.createCachedData()),
  };
}

/**
 * The bundle's script, compiled with the cache when there is one. A function of its own so that the
 * cache's buffer (~2 MB) is dead before the module runs: live while it ran, it would outlast the
 * start-up's scavenges into the old generation and stay resident until a full GC, which an idle
 * server may not run for a long time.
 */
function compile(file: string, cacheFile: string | undefined): { script: Script; cacheAccepted: boolean } {
  const cachedData = cacheFile === undefined ? undefined : readFileSync(cacheFile);
  // Read as Latin-1, which for this file (ASCII only: the build checks) is the same text as UTF-8: Node
  // copies it into an external string without decoding it, in half the time (~8 ms less per start).
  const script = new Script(readFileSync(file, 'latin1'), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // import() of an external ES module from inside the bundle: Node's own loader (Node >= 20.12)
    ...(constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  return { script, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected };
}
