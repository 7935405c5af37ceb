/**
 * The library: domain, ports, use-cases and the non-HTTP adapters. Importing this loads neither Koa
 * nor tsyringe; the HTTP adapter is `jwks-auth-server/http`, the assembled server `jwks-auth-server/server`.
 * Every export is named here on purpose (test/public-api.test.ts pins the list).
 */
// Domain: entities, rules, errors
export { DomainError, isDomainError, type DomainErrorOptions, type ErrorCode } from './domain/errors.js';
export { parseUsername, parseEmail, USERNAME_MAX_LENGTH, EMAIL_MAX_LENGTH, type User, type NewUser } from './domain/user.js';
export { PASSWORD_MAX_LENGTH, isAcceptablePassword } from './domain/password.js';
export type { SigningKey, NewSigningKey, PublicJwk, LoadedKey, KeyRevocation } from './domain/signing-key.js';
export { KeyPolicy, KeyPolicyError, VERIFIER_REFETCH_COOLDOWN, type KeyTimings, type KeyState } from './domain/key-policy.js';
export { pickSigningKey, type KeyRecord } from './domain/signing-order.js';
export { KeyRing } from './domain/key-ring.js';
export { LoginDefencePolicy } from './domain/login-defence.js';
export { toUnixSeconds, truncateToSecond } from './domain/time.js';
// Ports
export type {
  AuditQuery,
  AuthEvent,
  AuthFailure,
  AuthFailureEntry,
  AuthFailureLog,
  AuthLog,
  AuthLogEntry,
  Clock,
  FailurePacer,
  FailureReason,
  KeyCipher,
  KeyVault,
  LoginAttempt,
  LoginThrottle,
  PacedAttempt,
  PasswordHasher,
  RateLimitDecision,
  RateLimiter,
  ThrottleScope,
  ThrottleVerdict,
  TokenClaims,
  TokenSigner,
  UserRepo,
  UserStatus,
} from './domain/ports/index.js';
// Use-cases
export { KeyRingHolder } from './application/key-ring-holder.js';
export { RotateKeys, type RotateKeysDeps, type RotateKeysInput, type RotationResult } from './application/rotate-keys.js';
export { ListKeys, type KeyListing } from './application/list-keys.js';
export { RevokeKey, REVOCATION_REASON_MAX_LENGTH, type RevokeKeyInput, type Revocation } from './application/revoke-key.js';
export { Rekey, type RekeyInput } from './application/rekey.js';
export { IssueToken, type IssueTokenDeps, type IssueTokenInput, type IssuedToken } from './application/issue-token.js';
export { RegisterUser, type RegisterUserDeps, type RegisterUserInput, type Registration } from './application/register-user.js';
export { PublishJwks, type PublishJwksDeps, type JwksDocument } from './application/publish-jwks.js';
export { BootstrapUsers, type BootstrapCredential } from './application/bootstrap-users.js';
export { AuthenticateUser, type AuthenticateUserDeps, type LoginCredentials } from './application/authenticate-user.js';
export { ListUsers, type UserSummary } from './application/list-users.js';
export { DisableUser, EnableUser, type StatusChange, type UserStatusDeps } from './application/set-user-enabled.js';
export { ResetPassword, type ResetPasswordDeps } from './application/reset-password.js';
export { QueryAudit, type AuditFilter, type AuditRecord } from './application/query-audit.js';
export { PruneAudit, type PruneAuditDeps, type PruneResult } from './application/prune-audit.js';
// Adapters: memory and clocks
export { MemoryStore } from './adapters/memory/memory-store.js';
export { MemoryUserRepo } from './adapters/memory/memory-user-repo.js';
export { MemoryAuthLog } from './adapters/memory/memory-auth-log.js';
export { MemoryKeyVault } from './adapters/memory/memory-key-vault.js';
export { MemoryAuthFailureLog } from './adapters/memory/memory-auth-failure-log.js';
export { MemoryUserStatus } from './adapters/memory/memory-user-status.js';
export { FixedClock } from './adapters/memory/fixed-clock.js';
export { SystemClock } from './adapters/clock/system-clock.js';
// Adapters: crypto
export { AesGcmKeyCipher, masterKeyId } from './adapters/crypto/aes-gcm-key-cipher.js';
export {
  Argon2PasswordHasher,
  Argon2ParamsError,
  checkArgon2Params,
  OWASP_ARGON2ID,
  type Argon2Params,
  type Argon2Setting,
} from './adapters/crypto/argon2-password-hasher.js';
export { Argon2Pool } from './adapters/crypto/argon2-pool.js';
export { JoseTokenSigner } from './adapters/crypto/jose-token-signer.js';
export { TimingFloorPacer } from './adapters/crypto/timing-floor-pacer.js';
export { VerifyCosts } from './adapters/crypto/verify-costs.js';
export {
  masterKeyFromValue,
  masterKeyFromFile,
  masterKeyCipher,
  PASSPHRASE_MIN_SAFE_LENGTH,
  type MasterKey,
  type MasterKeySource,
} from './adapters/crypto/master-key.js';
// Adapters: persistence (Knex over SQLite or PostgreSQL)
export { openDatabase, type DatabaseOptions } from './adapters/persistence/open-database.js';
export { migrate } from './adapters/persistence/migrations.js';
export { KnexUserRepo } from './adapters/persistence/knex-user-repo.js';
export { KnexAuthLog } from './adapters/persistence/knex-auth-log.js';
export { KnexKeyVault } from './adapters/persistence/knex-key-vault.js';
export { KnexAuthFailureLog } from './adapters/persistence/knex-auth-failure-log.js';
export { KnexUserStatus } from './adapters/persistence/knex-user-status.js';
// Adapters: rate limiting (memory, or Redis shared by every instance)
export {
  memoryRateLimiter,
  redisRateLimiter,
  type RateLimitOptions,
  type StoreFailureMode,
  type RateLimitLogger,
} from './adapters/ratelimit/flexible-rate-limiter.js';
export { unlimited } from './adapters/ratelimit/unlimited-rate-limiter.js';
export { createRedisClient, redisReady } from './adapters/ratelimit/redis-client.js';
export { memoryLoginThrottle, redisLoginThrottle } from './adapters/ratelimit/login-throttles.js';
