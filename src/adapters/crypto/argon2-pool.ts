import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Semaphore } from './semaphore.js';

/** One Argon2 computation: `hash` answers a PHC string, `verify` a boolean. */
export type Argon2Job =
  | { op: 'hash'; password: string; options: { memoryCost: number; timeCost: number; parallelism: number } }
  | { op: 'verify'; hash: string; password: string };

type Reply = { ok: true; value: string | boolean } | { ok: false; error: string };

/** A job the computation refused (input it cannot read, say): not a failure of the pool. */
export class Argon2JobError extends Error {
  override name = 'Argon2JobError';
}

// Runs in each worker thread: @node-rs/argon2's synchronous calls, one job at a time, argon2id with a
// 32-byte tag (its salt is 16 random bytes). No job content ever leaves the thread but its answer.
const WORKER_SOURCE = (modulePath: string) => `
const { parentPort } = require('node:worker_threads');
const argon2 = require(${JSON.stringify(modulePath)});
parentPort.on('message', (job) => {
  try {
    const value = job.op === 'hash'
      ? argon2.hashSync(job.password, { ...job.options, algorithm: 2, outputLen: 32 })
      : argon2.verifySync(job.hash, job.password);
    parentPort.postMessage({ ok: true, value });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: err && err.message ? String(err.message) : 'argon2 failed' });
  }
});`;

interface Lane {
  readonly worker: Worker;
  /** The job it is computing, if any: settled by its reply, or rejected if the thread dies. */
  current?: { resolve: (reply: Reply) => void; reject: (err: Error) => void };
  dead?: boolean;
}

/**
 * A fixed set of `size` threads that do every Argon2 computation, one job each at a time; the rest
 * wait in order. Hashing is CPU-bound, so more at once than cores cannot finish sooner. Memory is
 * bounded by design: only these threads ever hold Argon2's `memoryCost` block, so at most `size` of
 * them exist (glibc keeps a freed block in the arena of the thread that freed it: had libuv's pool
 * hashed, each of its threads would keep one). And libuv's pool stays free for SQLite and signing.
 *
 * Threads start on first use and hold the process open only while they compute; one that dies
 * fails its job and is replaced on the next.
 */
export class Argon2Pool {
  private readonly gate: Semaphore;
  private readonly lanes = new Set<Lane>();
  private readonly idle: Lane[] = [];
  private closed = false;

  constructor(readonly size: number) {
    this.gate = new Semaphore(size);
  }

  /** Jobs computing now (never more than `size`). */
  get active(): number {
    return this.gate.active;
  }

  /** Threads running (never more than `size`). */
  get threads(): number {
    return this.lanes.size;
  }

  run(job: Argon2Job): Promise<string | boolean> {
    if (this.closed) return Promise.reject(new Error('the Argon2 pool is closed'));
    // a job fails with Argon2JobError; a thread that dies (or a pool closed meanwhile) fails it with an Error
    return this.gate.run(async () => {
      const lane = this.idle.pop() ?? this.startLane();
      let reply: Reply;
      try {
        reply = await new Promise<Reply>((resolve, reject) => {
          lane.current = { resolve, reject };
          lane.worker.ref();
          lane.worker.postMessage(job);
        });
      } finally {
        lane.current = undefined;
        lane.worker.unref();
      }
      if (!lane.dead && !this.closed) this.idle.push(lane);
      if (!reply.ok) throw new Argon2JobError(reply.error);
      return reply.value;
    });
  }

  /** Stops every thread; jobs not yet finished fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    await Promise.all([...this.lanes].map((lane) => lane.worker.terminate()));
  }

  private startLane(): Lane {
    const modulePath = createRequire(import.meta.url).resolve('@node-rs/argon2');
    // its source is a CommonJS script whatever the parent's flags (`--input-type=module` would make it ESM)
    const worker = new Worker(WORKER_SOURCE(modulePath), { eval: true, execArgv: [] });
    const lane: Lane = { worker };
    this.lanes.add(lane);
    worker.unref();
    worker.on('message', (reply: Reply) => lane.current?.resolve(reply));
    const lost = (err: Error) => {
      lane.dead = true;
      this.lanes.delete(lane);
      const at = this.idle.indexOf(lane);
      if (at >= 0) this.idle.splice(at, 1);
      lane.current?.reject(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`an Argon2 thread stopped (exit code ${code})`)));
    return lane;
  }
}
