import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { PasswordHasher } from '../../domain/ports/password-hasher.js';
import { argon2Concurrency, Argon2JobError, Argon2Pool } from './argon2-pool.js';
import { VerifyCosts } from './verify-costs.js';

export interface Argon2Params {
  /** KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's minimum for Argon2id (Password Storage Cheat Sheet): 19 MiB, 2 iterations, 1 lane. */
export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The least memory OWASP's Argon2id table goes down to (with more passes), KiB. */
const OWASP_MIN_MEMORY_KIB = 7168;
/** OWASP's table trades memory for passes: memory × passes must reach its 19 MiB × 2 baseline. */
const OWASP_MIN_WORK = OWASP_ARGON2ID.memoryCost * OWASP_ARGON2ID.timeCost;

/** Which setting of {@link Argon2Params} a {@link Argon2ParamsError} is about. */
export type Argon2Setting = keyof Argon2Params;

/** Parameters below the OWASP floor; `setting` names the one to raise. */
export class Argon2ParamsError extends RangeError {
  override name = 'Argon2ParamsError';
  constructor(
    readonly setting: Argon2Setting,
    message: string,
  ) {
    super(message);
  }
}

/** Returns `params` if they reach OWASP's Argon2id floor, else throws {@link Argon2ParamsError}. */
export function checkArgon2Params(params: Argon2Params): Argon2Params {
  const { memoryCost, timeCost, parallelism } = params;
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new Argon2ParamsError('parallelism', 'must be a whole number ≥ 1');
  if (!Number.isInteger(timeCost) || timeCost < 1) throw new Argon2ParamsError('timeCost', 'must be a whole number ≥ 1');
  if (!Number.isInteger(memoryCost) || memoryCost < OWASP_MIN_MEMORY_KIB) {
    throw new Argon2ParamsError('memoryCost', `below the OWASP minimum of ${OWASP_MIN_MEMORY_KIB} KiB`);
  }
  if (memoryCost * timeCost < OWASP_MIN_WORK) {
    throw new Argon2ParamsError('memoryCost', `below the OWASP minimum (memory KiB × time cost ≥ ${OWASP_MIN_WORK})`);
  }
  return params;
}

// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>: everything before the salt names the settings
const SETTINGS = /^(\$argon2(?:id|i|d)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+))\$/;

/**
 * The process-wide pool of every Argon2 computation: at most one at a time per core, on libuv's
 * threadpool with threads to spare (see {@link argon2Concurrency}), so Argon2 memory stays within
 * that many × `memoryCost`. Sized when this module loads, after the executable has sized libuv's pool.
 */
export const ARGON2_POOL = new Argon2Pool(argon2Concurrency(availableParallelism(), process.env.UV_THREADPOOL_SIZE));

/**
 * Argon2id hashing to a PHC string (16-byte random salt, 32-byte tag), never below OWASP's floor,
 * computed by @node-rs/argon2 through `pool` (default {@link ARGON2_POOL}, shared by every hasher of the
 * process). Times every verification (its wait for its turn included) in `costs`, per
 * hash settings: what the failure pacer reads.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly params: Argon2Params;
  private readonly pool: Argon2Pool;

  /** How long verifications take, per hash settings. */
  readonly costs: VerifyCosts;

  constructor(params: Argon2Params = OWASP_ARGON2ID, options: { pool?: Argon2Pool; costs?: VerifyCosts } = {}) {
    this.params = checkArgon2Params(params);
    this.pool = options.pool ?? ARGON2_POOL;
    this.costs = options.costs ?? new VerifyCosts();
  }

  async hash(password: string): Promise<string> {
    const { memoryCost, timeCost, parallelism } = this.params;
    return String(await this.pool.run({ op: 'hash', password, options: { memoryCost, timeCost, parallelism } }));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    const start = performance.now();
    try {
      return (await this.pool.run({ op: 'verify', hash, password })) === true;
    } catch (err) {
      if (err instanceof Argon2JobError) return false; // not a hash we can read: a failed check, not a crash
      throw err; // the pool could not compute it (closed): not a wrong password
    } finally {
      const settings = SETTINGS.exec(hash)?.[1];
      if (settings) this.costs.record(settings, performance.now() - start);
    }
  }

  /**
   * `$argon2id$v=19$m=…,t=…,p=…$<16 random bytes>$<32 random bytes>`: a verification computes
   * Argon2id with these settings and salt, then compares with a digest no password produces.
   */
  decoyHash(): string {
    const { memoryCost, timeCost, parallelism } = this.params;
    const b64 = (bytes: number) => randomBytes(bytes).toString('base64').replace(/=+$/, ''); // PHC: unpadded
    return `$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$${b64(16)}$${b64(32)}`;
  }

  /** True unless `hash` is Argon2id, version 0x13, with exactly the configured memory, passes and lanes. */
  needsRehash(hash: string): boolean {
    const settings = SETTINGS.exec(hash);
    if (!hash.startsWith('$argon2id$') || !settings) return true;
    const [, , version, m, t, p] = settings.map(Number);
    const { memoryCost, timeCost, parallelism } = this.params;
    return version !== 0x13 || m !== memoryCost || t !== timeCost || p !== parallelism;
  }
}
