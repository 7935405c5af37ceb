#!/usr/bin/env node
/**
 * The command line's runner: hands argv to it; with no command it serves. It runs the bundle `npm run
 * build` makes (dist/bundle/cli.vm.js, one file and its code cache), or tsc's modules when there is
 * none. The executable is main.cjs, which sizes libuv's threadpool first; run directly, this file
 * still works, with the pool Node starts with.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadBundle } from './cli/bundle.js';
import { warmStart } from './cli/warm-start.js';

type CommandLine = typeof import('./cli/entry.js');

/** Runs the command line on `process.argv` and exits with its status. */
export async function main(): Promise<never> {
  // every file the process creates (database, WAL/SHM, key file) is its owner's alone
  process.umask(0o077);
  warmStart(process.argv, process.env);
  const cli = loadBundle<CommandLine>() ?? (await import('./cli/entry.js'));
  // exit even if a library left a handle open; writes to pipes and files are synchronous on POSIX
  process.exit(await cli.runCli(process.argv, cli.processContext()));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) await main();
