import { isDomainError } from '../domain/errors.js';
import { CommandFailed, openOperator, UsageError, type CliContext, type Operator } from './context.js';

/**
 * Runs an operator command on the server's own composition and releases it afterwards. A domain
 * refusal becomes the one-line failure: a malformed argument is a usage error (exit 2), anything
 * else the core refused (no such user, a taken name, a database that is down) a failure (exit 1).
 */
export async function operate(ctx: CliContext, work: (operator: Operator) => Promise<void>): Promise<void> {
  const operator = await openOperator(ctx);
  try {
    await work(operator);
  } catch (err) {
    if (isDomainError(err, 'INVALID_INPUT')) throw new UsageError(err.message);
    if (isDomainError(err)) throw new CommandFailed(err.message);
    throw err;
  } finally {
    await operator.close();
  }
}
