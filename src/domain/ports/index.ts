export type { AuthEvent, AuthLog, AuthLogEntry } from './auth-log.js';
export type { Clock } from './clock.js';
export type { KeyCipher } from './key-cipher.js';
export type { KeyVault } from './key-vault.js';
export type { PasswordHasher } from './password-hasher.js';
export type { RateLimitDecision, RateLimiter } from './rate-limiter.js';
export type { TokenClaims, TokenSigner } from './token-signer.js';
export type { UserRepo } from './user-repo.js';
