#!/usr/bin/env node
/**
 * The executable (`npm start`, the package's `jwks-auth-server` bin): hands argv to the command line.
 * With no command it serves.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runCli } from './cli/program.js';
import { processContext } from './cli/context.js';

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  // exit even if a library left a handle open; writes to pipes and files are synchronous on POSIX
  process.exit(await runCli(process.argv, processContext()));
}
