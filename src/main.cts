#!/usr/bin/env node
/**
 * The executable (`npm start`, the package's `jwks-auth-server` bin). CommonJS so that its first
 * lines run before libuv's threadpool starts (an ES-module entry has started it by then: Node reads
 * the module with it), and size the pool: cores + 2 threads, at least libuv's 4, unless
 * UV_THREADPOOL_SIZE says otherwise. Argon2 takes at most one per core and leaves 2 to SQLite and
 * signing (`argon2Concurrency` in adapters/crypto/argon2-pool.ts). Then it runs main.js.
 */
import { availableParallelism } from 'node:os';

if (!process.env.UV_THREADPOOL_SIZE?.trim()) process.env.UV_THREADPOOL_SIZE = String(Math.max(4, availableParallelism() + 2));
void import('./main.js').then(({ main }) => main());
