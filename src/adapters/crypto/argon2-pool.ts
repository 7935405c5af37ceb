import { createRequire } from 'node:module';
import { Semaphore } from './semaphore.js';

/** One Argon2 computation: `hash` answers a PHC string, `verify` a boolean. */
export type Argon2Job =
  | { op: 'hash'; password: string; options: { memoryCost: number; timeCost: number; parallelism: number } }
  | { op: 'verify'; hash: string; password: string };

/** A job the computation refused (input it cannot read, say): not a failure of the pool. */
export class Argon2JobError extends Error {
  override name = 'Argon2JobError';
}

type NodeRsArgon2 = typeof import('@node-rs/argon2');
/** `Algorithm.Argon2id`: the library declares it as a const enum, which has no value at run time. */
const ARGON2ID = 2 as import('@node-rs/argon2').Algorithm.Argon2id;

/** libuv's threadpool size when UV_THREADPOOL_SIZE does not set it. */
const LIBUV_DEFAULT_THREADS = 4;
/** Threads of libuv's pool that hashing leaves to everything else (SQLite, signing, key generation). */
const THREADS_LEFT_FREE = 2;

/**
 * How many Argon2 computations may run at once: one per core (more cannot finish sooner), and never
 * so many that libuv's pool (`UV_THREADPOOL_SIZE`, 4 unless set) has fewer than
 * {@link THREADS_LEFT_FREE} threads left for the database and signing. The executable sizes the pool
 * to cores + {@link THREADS_LEFT_FREE} before it starts; an embedder's process keeps its own (set
 * UV_THREADPOOL_SIZE in its environment for more than 2 at once).
 */
export function argon2Concurrency(cores: number, uvThreadpoolSize: string | undefined): number {
  const size = Number(uvThreadpoolSize?.trim() || LIBUV_DEFAULT_THREADS);
  const threads = Number.isInteger(size) && size >= 1 ? Math.min(size, 1024) : LIBUV_DEFAULT_THREADS;
  return Math.max(1, Math.min(cores, threads - THREADS_LEFT_FREE));
}

/**
 * Every Argon2 computation of the process: @node-rs/argon2 (argon2id, a 16-byte random salt, a
 * 32-byte tag) on libuv's threadpool, at most `size` at a time; the rest wait here in order, not in
 * libuv's queue, so the database's and the signer's jobs never wait behind a backlog of hashes.
 *
 * Memory is bounded by design: a computation takes its `memoryCost` block from the system and gives
 * it back when done, so at most `size` blocks exist, and none while idle. No thread of its own is
 * started (a worker thread costs its own V8 heap, ~8 MiB, and ~50 ms to boot).
 */
export class Argon2Pool {
  private readonly gate: Semaphore;
  private readonly running = new Set<Promise<unknown>>();
  private argon2: NodeRsArgon2 | undefined;
  private closed = false;

  constructor(readonly size: number) {
    this.gate = new Semaphore(size);
  }

  /** Jobs computing now (never more than `size`). */
  get active(): number {
    return this.gate.active;
  }

  /** Jobs waiting for their turn. */
  get waiting(): number {
    return this.gate.waiting;
  }

  /** Fails with {@link Argon2JobError} when the computation refuses the job, with an Error when the pool is closed. */
  run(job: Argon2Job): Promise<string | boolean> {
    return this.gate.run(async () => {
      if (this.closed) throw new Error('the Argon2 pool is closed');
      const work = this.compute(job);
      this.running.add(work);
      try {
        return await work;
      } finally {
        this.running.delete(work);
      }
    });
  }

  /** Refuses new jobs and those still waiting; resolves when the ones computing have finished. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.running]);
  }

  private async compute(job: Argon2Job): Promise<string | boolean> {
    // loaded on first use: a process that never hashes never maps the library
    const argon2 = (this.argon2 ??= createRequire(import.meta.url)('@node-rs/argon2') as NodeRsArgon2);
    try {
      return job.op === 'hash'
        ? await argon2.hash(job.password, { ...job.options, algorithm: ARGON2ID, outputLen: 32 })
        : await argon2.verify(job.hash, job.password);
    } catch (err) {
      throw new Argon2JobError(err instanceof Error ? err.message : 'argon2 failed');
    }
  }
}
