import { RateLimiterRes, type RateLimiterAbstract } from './flexible.js';
import { DomainError } from '../../domain/errors.js';
import type { LoginDefencePolicy } from '../../domain/login-defence.js';
import type { LoginAttempt, LoginThrottle, ThrottleVerdict } from '../../domain/ports/login-throttle.js';
import type { StoreFailureMode } from './store-outage.js';

/** Builds one counter of the defence in the chosen store (memory, or Redis with its outage behaviour). */
export type CounterFactory = (opts: { points: number; duration: number; keyPrefix: string }) => RateLimiterAbstract;

const MANY = 1_000_000_000; // "no limit": counters that only count
const WAIT_STEP_MS = 25;
const WAIT_MAX_MS = 2_000;

/**
 * The per-account defence over rate-limiter-flexible, after its "login endpoint protection" recipe:
 * consecutive failures per (username, client) block the pair for a doubling time; failures per username
 * from every client that has not logged in to it before are capped per window. An attempt reserves its
 * account point before the password is checked (so concurrent guesses cannot overrun the cap) and a
 * success gives it back; a reservation refused only because others are still in flight waits for them.
 */
export class FlexibleLoginThrottle implements LoginThrottle {
  private readonly pairFails: RateLimiterAbstract;
  private readonly pairBlock: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;
  private readonly known: RateLimiterAbstract;

  constructor(
    private readonly policy: LoginDefencePolicy,
    counter: CounterFactory,
    keyPrefix: string,
    private readonly onStoreFailure: StoreFailureMode = 'memory',
  ) {
    this.pairFails = counter({ points: MANY, duration: policy.pairMemory, keyPrefix: `${keyPrefix}:pair` });
    this.pairBlock = counter({ points: 1, duration: policy.pairMaxBlock, keyPrefix: `${keyPrefix}:block` });
    this.account = counter({ points: policy.accountFailures, duration: policy.accountWindow, keyPrefix: `${keyPrefix}:account` });
    this.failures = counter({ points: MANY, duration: policy.accountWindow, keyPrefix: `${keyPrefix}:failures` });
    this.known = counter({ points: MANY, duration: policy.knownClientMemory, keyPrefix: `${keyPrefix}:known` });
  }

  async begin(attempt: LoginAttempt): Promise<ThrottleVerdict> {
    try {
      return await this.decide(attempt);
    } catch (err) {
      return this.storeFailed(err, () => ({ allowed: true, settle: async () => undefined }));
    }
  }

  private async decide({ username, client }: LoginAttempt): Promise<ThrottleVerdict> {
    const pair = `${client}|${username}`;
    const [blocked, known] = await Promise.all([this.pairBlock.get(pair), this.known.get(pair)]);
    if (blocked && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0) {
      return { allowed: false, scope: 'client', retryAfterSeconds: seconds(blocked.msBeforeNext) };
    }
    // A client that logged in to this name before is not slowed by failures from elsewhere: so an attacker
    // cannot lock the owner out of their usual client, only out of new ones.
    const reserved = known === null;
    if (reserved) {
      const refusal = await this.reserve(username);
      if (refusal) return refusal;
    }
    let settled = false;
    return {
      allowed: true,
      settle: async (outcome) => {
        if (settled) return;
        settled = true;
        try {
          await this.settle(pair, username, reserved, outcome);
        } catch (err) {
          this.storeFailed(err, () => undefined);
        }
      },
    };
  }

  /**
   * Takes one account point; undefined when taken, else the refusal. The points are held by attempts
   * in flight and by failures; over the cap, the attempt is refused only when settled failures alone
   * fill it (their own counter, one read: a success settling meanwhile can never pass for a failure),
   * and otherwise waits for those in flight, whose outcomes decide.
   */
  private async reserve(username: string): Promise<ThrottleVerdict | undefined> {
    const deadline = performance.now() + WAIT_MAX_MS;
    const cap = this.policy.accountFailures;
    for (;;) {
      const taken = await this.account.consume(username).catch((res: unknown) => {
        if (res instanceof RateLimiterRes) return res;
        throw res;
      });
      // the first point of a new window: failures of the last one no longer count
      if (taken.consumedPoints === 1) await this.failures.delete(username);
      if (taken.consumedPoints <= cap) return undefined;
      await this.account.reward(username);
      const [held, failed] = await Promise.all([this.account.get(username), this.failures.get(username)]);
      if ((failed?.consumedPoints ?? 0) >= cap || performance.now() >= deadline) {
        return { allowed: false, scope: 'account', retryAfterSeconds: seconds(held?.msBeforeNext ?? taken.msBeforeNext) };
      }
      await new Promise((done) => setTimeout(done, WAIT_STEP_MS)); // others are still being checked: their outcome decides
    }
  }

  private async settle(pair: string, username: string, reserved: boolean, outcome: 'success' | 'failure' | 'aborted'): Promise<void> {
    if (reserved && outcome === 'failure') await this.failures.consume(username);
    // only while its window lasts: a point given back into a new window would raise that window's cap
    else if (reserved) await this.account.get(username).then((res) => res && this.account.reward(username));
    if (outcome === 'success') {
      await Promise.all([this.pairFails.delete(pair), this.pairBlock.delete(pair), this.known.set(pair, 1, this.policy.knownClientMemory)]);
    } else if (outcome === 'failure') {
      const fails = await this.pairFails.consume(pair);
      const block = this.policy.pairBlock(fails.consumedPoints);
      if (block > 0) await this.pairBlock.block(pair, block);
    }
  }

  /** A store error: `open` lets the attempt through unchecked, `closed` refuses it (503); `memory` never gets here. */
  private storeFailed<T>(err: unknown, open: () => T): T {
    if (this.onStoreFailure === 'closed') throw new DomainError('UNAVAILABLE', 'rate limiter store is unavailable', { cause: err });
    if (this.onStoreFailure === 'open') return open();
    throw err;
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
