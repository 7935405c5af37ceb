import { FixedClock } from '../../src/adapters/memory/fixed-clock.js';
import { MemoryAuthLog } from '../../src/adapters/memory/memory-auth-log.js';
import { MemoryKeyVault } from '../../src/adapters/memory/memory-key-vault.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { MemoryUserRepo } from '../../src/adapters/memory/memory-user-repo.js';
import { BootstrapUsers } from '../../src/application/bootstrap-users.js';
import { IssueToken } from '../../src/application/issue-token.js';
import { ListKeys } from '../../src/application/list-keys.js';
import { PublishJwks } from '../../src/application/publish-jwks.js';
import { RegisterUser } from '../../src/application/register-user.js';
import { RevokeKey } from '../../src/application/revoke-key.js';
import { RotateKeys } from '../../src/application/rotate-keys.js';
import { KeyRingHolder } from '../../src/application/key-ring-holder.js';
import { KeyPolicy } from '../../src/domain/key-policy.js';
import type { PasswordHasher } from '../../src/domain/ports/password-hasher.js';
import type { TokenSigner } from '../../src/domain/ports/token-signer.js';
import { toUnixSeconds } from '../../src/domain/time.js';
import { FastPasswordHasher } from './fast-password-hasher.js';

export const JWKS_MAX_AGE = 600;
/** Token 1 h, key 24 h, sync 60 s, JWKS max-age 600 s: pre-publication 690 s, rotation lead 4,410 s. */
export const POLICY = new KeyPolicy({ tokenTtl: 3600, keyTtl: 86_400, syncInterval: 60, jwksMaxAge: JWKS_MAX_AGE });
export const ISSUER = 'https://auth.test';

export interface CoreOptions<S extends TokenSigner> {
  signer: S;
  hasher?: PasswordHasher;
  audience?: string;
}

/** The core wired to in-memory adapters and a {@link FixedClock}, as one instance of the server. */
export function makeCore<S extends TokenSigner>({ signer, hasher = new FastPasswordHasher(), audience }: CoreOptions<S>) {
  const clock = new FixedClock();
  const vault = new MemoryKeyVault();
  const keys = new KeyRingHolder();
  const store = new MemoryStore();
  const users = new MemoryUserRepo(store);
  const authLog = new MemoryAuthLog(store);
  const rotate = new RotateKeys({ vault, signer, clock, policy: POLICY, keys });
  return {
    clock,
    vault,
    keys,
    store,
    users,
    authLog,
    hasher,
    signer,
    /** Unix seconds of the fixed clock. */
    now: () => toUnixSeconds(clock.now()),
    rotate,
    revoke: new RevokeKey({ vault, policy: POLICY, clock, rotate }),
    list: new ListKeys({ vault, policy: POLICY, clock }),
    issue: new IssueToken({ users, hasher, signer, authLog, clock, keys, issuer: ISSUER, ...(audience ? { audience } : {}) }),
    publish: new PublishJwks({ keys, clock, maxAge: JWKS_MAX_AGE }),
    register: new RegisterUser({ users, hasher, clock }),
    bootstrap: new BootstrapUsers({ users, hasher, clock }),
  };
}

export type Core<S extends TokenSigner = TokenSigner> = ReturnType<typeof makeCore<S>>;
