import { BootstrapUsers } from '../../application/bootstrap-users.js';
import { IssueToken } from '../../application/issue-token.js';
import { ListKeys } from '../../application/list-keys.js';
import { PublishJwks } from '../../application/publish-jwks.js';
import { RegisterUser } from '../../application/register-user.js';
import { Rekey } from '../../application/rekey.js';
import { RevokeKey } from '../../application/revoke-key.js';
import { RotateKeys } from '../../application/rotate-keys.js';
import type { Config } from '../config.js';
import { observedHasher } from '../metrics.js';
import { resolve, singleton, type Container } from './container.js';
import { TOKENS } from './tokens.js';

/** Registers every use-case over the ports registered by `registerAdapters`. */
export function registerUseCases(c: Container, config: Config): void {
  const keys = (r: Container) => ({ keys: resolve(r, TOKENS.keyRing), clock: resolve(r, TOKENS.clock) });
  // the hasher is timed into the metrics here, so that a hasher swapped in a child container is timed too
  const hasher = (r: Container) => observedHasher(resolve(r, TOKENS.hasher), resolve(r, TOKENS.metrics));
  const users = (r: Container) => ({ users: resolve(r, TOKENS.users), hasher: hasher(r), clock: resolve(r, TOKENS.clock) });
  const tokens = (r: Container) => ({
    issuer: resolve(r, TOKENS.publicUrl).issuer,
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  });

  singleton(c, RotateKeys, (r) => {
    const [vault, signer, policy] = [resolve(r, TOKENS.vault), resolve(r, TOKENS.signer), resolve(r, TOKENS.policy)];
    return new RotateKeys({ ...keys(r), vault, signer, policy });
  });
  const keyAdmin = (r: Container) => ({
    vault: resolve(r, TOKENS.vault),
    policy: resolve(r, TOKENS.policy),
    clock: resolve(r, TOKENS.clock),
  });
  singleton(c, ListKeys, (r) => new ListKeys(keyAdmin(r)));
  singleton(c, RevokeKey, (r) => new RevokeKey({ ...keyAdmin(r), rotate: resolve(r, RotateKeys) }));
  singleton(c, Rekey, (r) => new Rekey({ vault: resolve(r, TOKENS.vault) }));
  singleton(c, PublishJwks, (r) => new PublishJwks({ ...keys(r), maxAge: config.jwksMaxAge }));
  singleton(c, IssueToken, (r) => {
    const [signer, authLog] = [resolve(r, TOKENS.signer), resolve(r, TOKENS.authLog)];
    const throttle = resolve(r, TOKENS.loginThrottle);
    const defence = { failures: resolve(r, TOKENS.failures), status: resolve(r, TOKENS.userStatus), pacer: resolve(r, TOKENS.pacer) };
    return new IssueToken({ ...users(r), ...keys(r), signer, authLog, ...defence, ...(throttle ? { throttle } : {}), ...tokens(r) });
  });
  singleton(c, RegisterUser, (r) => new RegisterUser(users(r)));
  singleton(c, BootstrapUsers, (r) => new BootstrapUsers(users(r)));
}
