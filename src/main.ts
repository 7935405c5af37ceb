#!/usr/bin/env node
/**
 * The command line's runner as an ES module ({@link launch}). The executable is main.cjs, which sizes
 * libuv's threadpool first and runs the CommonJS build of the same module when there is one; run
 * directly, this file still works, with the pool Node starts with.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launch } from './cli/launch.js';

/** Runs the command line on `process.argv` and exits with its status. */
export const main = launch;

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) await main();
