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
 *
 * The file is a script whose value is the module's CommonJS wrapper function, `(function (exports,
 * require, module, __filename, __dirname) {…})`, as the build writes it: compiled as read, with no
 * wrapped copy of its 1.1 MB held beside the one V8 keeps for lazy compilation.
 */
export function loadBundle<T>(options: { file?: string; writeCache?: boolean } = {}): T | undefined {
  const file = options.file ?? BUNDLE_FILE;
  const cacheFile = `${file}.cache`;
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, 'utf8');
  const cachedData = !options.writeCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(source, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // import() of an external ES module from inside the bundle: Node's own loader (Node >= 20.12)
    ...(constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  // made after the module ran: the cache then also holds the functions start-up compiled
  if (options.writeCache) writeFileSync(cacheFile, script.createCachedData());
  return module.exports;
}
