#!/usr/bin/env node
/**
 * The executable (`npm start`, the package's `jwks-auth-server` bin). CommonJS so that its first
 * lines run before libuv's threadpool starts (an ES-module entry has started it by then: Node reads
 * the module with it), and size the pool: cores + 2 threads, at least libuv's 4, unless
 * UV_THREADPOOL_SIZE says otherwise. Argon2 takes at most one per core and leaves 2 to SQLite and
 * signing (`argon2Concurrency` in adapters/crypto/argon2-pool.ts). Then it launches the command line:
 * through cli/launch.cjs when the build wrote it (CommonJS: no ES-module loader, with its file reads
 * on the threadpool and its promise hops, before the bundle runs), else through main.js.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

if (!process.env.UV_THREADPOOL_SIZE?.trim()) process.env.UV_THREADPOOL_SIZE = String(Math.max(4, availableParallelism() + 2));
const launcher = join(__dirname, 'cli', 'launch.cjs');
if (existsSync(launcher)) void (require(launcher) as { launch(): Promise<never> }).launch();
else void import('./main.js').then(({ main }) => main());
