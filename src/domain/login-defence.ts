import { DomainError } from './errors.js';

/**
 * The per-account brute-force defence of a password login, all times in seconds.
 *
 * - `pairFreeFailures`: consecutive failures one client may make on one username before that pair
 *   is blocked; each further failure doubles the block, from `pairBaseBlock` up to `pairMaxBlock`.
 *   A success resets the pair. The count is forgotten `pairMemory` seconds after the pair's first failure.
 * - `accountFailures` per `accountWindow`: failures one username may collect from all clients together
 *   (a distributed guess). Beyond that the username answers "slow down" to every client that has not
 *   logged in to it within `knownClientMemory` seconds, until the window ends.
 *
 * The rules hold for every name tried, registered or not, so the defence says nothing about which exist.
 */
export class LoginDefencePolicy {
  constructor(
    readonly pairFreeFailures: number,
    readonly pairBaseBlock: number,
    readonly pairMaxBlock: number,
    readonly pairMemory: number,
    readonly accountFailures: number,
    readonly accountWindow: number,
    readonly knownClientMemory: number,
  ) {
    const values = { pairFreeFailures, pairBaseBlock, pairMaxBlock, pairMemory, accountFailures, accountWindow, knownClientMemory };
    for (const [name, value] of Object.entries(values)) {
      if (!Number.isInteger(value) || value < 1) throw new DomainError('INVALID_INPUT', `${name} must be a positive whole number`);
    }
    if (pairMaxBlock < pairBaseBlock) throw new DomainError('INVALID_INPUT', 'pairMaxBlock must not be below pairBaseBlock');
    if (pairMemory < pairMaxBlock) throw new DomainError('INVALID_INPUT', 'pairMemory must not be below pairMaxBlock');
  }

  /** The defaults the README documents: 5 free, then 2 s doubling to 15 min; 5 per minute per account; clients known for 30 days. */
  static readonly DEFAULT = new LoginDefencePolicy(5, 2, 900, 86_400, 5, 60, 30 * 86_400);

  /** Seconds a pair is blocked after its `consecutiveFailures`-th failure in a row (0: not blocked). */
  pairBlock(consecutiveFailures: number): number {
    const beyond = consecutiveFailures - this.pairFreeFailures;
    if (beyond < 0) return 0;
    // 2^beyond overflows nothing here: capped long before 2^53
    return Math.min(this.pairMaxBlock, this.pairBaseBlock * 2 ** Math.min(beyond, 40));
  }
}
