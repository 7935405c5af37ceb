import { TimingFloorPacer } from '../../adapters/crypto/timing-floor-pacer.js';
import { VerifyCosts } from '../../adapters/crypto/verify-costs.js';
import { KnexAuthFailureLog } from '../../adapters/persistence/knex-auth-failure-log.js';
import { KnexUserStatus } from '../../adapters/persistence/knex-user-status.js';
import { memoryLoginThrottle, redisLoginThrottle } from '../../adapters/ratelimit/login-throttles.js';
import { ListUsers } from '../../application/list-users.js';
import { PruneAudit } from '../../application/prune-audit.js';
import { QueryAudit } from '../../application/query-audit.js';
import { ResetPassword } from '../../application/reset-password.js';
import { DisableUser, EnableUser } from '../../application/set-user-enabled.js';
import type { LoginThrottle } from '../../domain/ports/login-throttle.js';
import type { Config } from '../config.js';
import { resolve, singleton, type Container } from './container.js';
import { TOKENS } from './tokens.js';

/**
 * The accounts part of the composition: the failure trail, disabled users, the per-account defence
 * (in the store the rate limiters use), the failure pacer, and the operator's use-cases.
 */
export function registerAccounts(c: Container, config: Config): void {
  singleton(c, TOKENS.failures, (r) => new KnexAuthFailureLog(resolve(r, TOKENS.db)));
  singleton(c, TOKENS.userStatus, (r) => new KnexUserStatus(resolve(r, TOKENS.db)));
  singleton(c, TOKENS.verifyCosts, () => new VerifyCosts());
  // stretches failures to what the hasher's verifications cost; a hasher that times nothing (a test double) means no pacing
  singleton(c, TOKENS.pacer, (r) => new TimingFloorPacer(() => resolve(r, TOKENS.verifyCosts).floorMs()));
  singleton(c, TOKENS.loginThrottle, (r) => loginThrottle(r, config));

  const accounts = (r: Container) => ({ users: resolve(r, TOKENS.users), status: resolve(r, TOKENS.userStatus) });
  singleton(c, ListUsers, (r) => new ListUsers(accounts(r)));
  singleton(c, DisableUser, (r) => new DisableUser({ ...accounts(r), clock: resolve(r, TOKENS.clock) }));
  singleton(c, EnableUser, (r) => new EnableUser(accounts(r)));
  singleton(c, ResetPassword, (r) => new ResetPassword({ users: resolve(r, TOKENS.users), hasher: resolve(r, TOKENS.hasher) }));
  singleton(c, QueryAudit, (r) => {
    const [authLog, failures, users] = [resolve(r, TOKENS.authLog), resolve(r, TOKENS.failures), resolve(r, TOKENS.users)];
    return new QueryAudit({ authLog, failures, users });
  });
  singleton(c, PruneAudit, (r) => {
    const [authLog, failures, clock] = [resolve(r, TOKENS.authLog), resolve(r, TOKENS.failures), resolve(r, TOKENS.clock)];
    return new PruneAudit({ authLog, failures, clock });
  });
}

/** The defence's counters live where the rate limiters' do: Redis when configured, else process memory. */
function loginThrottle(r: Container, config: Config): LoginThrottle | undefined {
  if (!config.loginDefence) return undefined;
  const redis = resolve(r, TOKENS.redis);
  const store = { keyPrefix: `${config.redisKeyPrefix}:login`, maxKeys: config.rateLimitMemoryKeys };
  if (!redis) return memoryLoginThrottle(config.loginDefence, store);
  return redisLoginThrottle(config.loginDefence, { ...store, client: redis, onStoreFailure: config.rateLimitStoreFailure });
}
