import { DomainError } from '../domain/errors.js';
import type { AuthFailureLog } from '../domain/ports/auth-failure-log.js';
import type { AuthLog } from '../domain/ports/auth-log.js';
import type { Clock } from '../domain/ports/clock.js';

export interface PruneAuditDeps {
  authLog: AuthLog;
  failures: AuthFailureLog;
  clock: Clock;
}

/** How many entries a prune deleted, from each trail. */
export interface PruneResult {
  readonly successes: number;
  readonly failures: number;
}

/**
 * Retention for the audit: deletes the successes and failures recorded before `before`. Both trails
 * otherwise grow for as long as the server runs (every refused guess is a row). `before` must be a
 * time that has passed (`INVALID_INPUT` otherwise), so a slip cannot delete what is yet to come;
 * users' `lastLogin` is kept.
 */
export class PruneAudit {
  constructor(private readonly deps: PruneAuditDeps) {}

  async execute(input: { before: Date }): Promise<PruneResult> {
    const { before } = input;
    if (!(before instanceof Date) || Number.isNaN(before.getTime())) throw new DomainError('INVALID_INPUT', 'before must be a time');
    if (before.getTime() > this.deps.clock.now().getTime()) throw new DomainError('INVALID_INPUT', 'before must not be in the future');
    const [successes, failures] = await Promise.all([this.deps.authLog.deleteBefore(before), this.deps.failures.deleteBefore(before)]);
    return { successes, failures };
  }
}
