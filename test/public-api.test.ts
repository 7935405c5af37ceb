import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/server.js';

/** Every name (values and types) an entry point of the package exports, from its source, sorted. */
function exportedNames(entry: string): string[] {
  const file = join(ROOT, entry);
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker
    .getExportsOfModule(symbol)
    .map((s) => s.getName())
    .sort();
}

/** The package's entry points (package.json "exports") and their sources. */
const ENTRIES = { '.': 'src/index.ts', './http': 'src/adapters/http/index.ts', './server': 'src/server/index.ts' } as const;

// A change to the public API must show up here as a visible diff: update these lists on purpose.
const PINNED: Record<keyof typeof ENTRIES, string[]> = {
  '.': [
    'AesGcmKeyCipher',
    'AuditFilter',
    'AuditQuery',
    'AuditRecord',
    'AuthFailure',
    'AuthFailureEntry',
    'AuthFailureLog',
    'AuthenticateUser',
    'AuthenticateUserDeps',
    'DisableUser',
    'EnableUser',
    'FailurePacer',
    'FailureReason',
    'KnexAuthFailureLog',
    'KnexUserStatus',
    'ListUsers',
    'LoginAttempt',
    'LoginCredentials',
    'LoginDefencePolicy',
    'LoginThrottle',
    'MemoryAuthFailureLog',
    'MemoryUserStatus',
    'PacedAttempt',
    'QueryAudit',
    'PruneAudit',
    'PruneAuditDeps',
    'PruneResult',
    'ResetPassword',
    'ResetPasswordDeps',
    'StatusChange',
    'ThrottleScope',
    'ThrottleVerdict',
    'TimingFloorPacer',
    'UserStatus',
    'UserStatusDeps',
    'UserSummary',
    'VerifyCosts',
    'memoryLoginThrottle',
    'redisLoginThrottle',
    'Argon2Params',
    'Argon2ParamsError',
    'Argon2PasswordHasher',
    'Argon2Pool',
    'Argon2Setting',
    'AuthEvent',
    'AuthLog',
    'AuthLogEntry',
    'BootstrapCredential',
    'BootstrapUsers',
    'Clock',
    'DatabaseOptions',
    'DomainError',
    'DomainErrorOptions',
    'EMAIL_MAX_LENGTH',
    'ErrorCode',
    'FixedClock',
    'IssueToken',
    'IssueTokenDeps',
    'IssueTokenInput',
    'IssuedToken',
    'JoseTokenSigner',
    'JwksDocument',
    'KeyCipher',
    'KeyListing',
    'KeyPolicy',
    'KeyPolicyError',
    'KeyRecord',
    'KeyRevocation',
    'KeyRing',
    'KeyRingHolder',
    'KeyState',
    'KeyTimings',
    'KeyVault',
    'KnexAuthLog',
    'KnexKeyVault',
    'KnexUserRepo',
    'ListKeys',
    'LoadedKey',
    'MasterKey',
    'MasterKeySource',
    'MemoryAuthLog',
    'MemoryKeyVault',
    'MemoryStore',
    'MemoryUserRepo',
    'NewSigningKey',
    'NewUser',
    'OWASP_ARGON2ID',
    'PASSPHRASE_MIN_SAFE_LENGTH',
    'PASSWORD_MAX_LENGTH',
    'PasswordHasher',
    'PublicJwk',
    'PublishJwks',
    'PublishJwksDeps',
    'REVOCATION_REASON_MAX_LENGTH',
    'RateLimitDecision',
    'RateLimitLogger',
    'RateLimitOptions',
    'RateLimiter',
    'RegisterUser',
    'RegisterUserDeps',
    'RegisterUserInput',
    'Registration',
    'Rekey',
    'RekeyInput',
    'Revocation',
    'RevokeKey',
    'RevokeKeyInput',
    'RotateKeys',
    'RotateKeysDeps',
    'RotateKeysInput',
    'RotationResult',
    'SigningKey',
    'StoreFailureMode',
    'SystemClock',
    'TokenClaims',
    'TokenSigner',
    'USERNAME_MAX_LENGTH',
    'User',
    'UserRepo',
    'VERIFIER_REFETCH_COOLDOWN',
    'checkArgon2Params',
    'createRedisClient',
    'isAcceptablePassword',
    'isDomainError',
    'masterKeyCipher',
    'masterKeyFromFile',
    'masterKeyFromValue',
    'masterKeyId',
    'memoryRateLimiter',
    'migrate',
    'openDatabase',
    'parseEmail',
    'parseUsername',
    'pickSigningKey',
    'redisRateLimiter',
    'redisReady',
    'toUnixSeconds',
    'truncateToSecond',
    'unlimited',
  ],
  './http': [
    'HttpDeps',
    'HttpProblem',
    'ReadinessCheck',
    'RejectionSummary',
    'createApp',
    'createHandler',
    'errorMiddleware',
    'rateLimit',
    'sendProblem',
  ],
  './server': [
    'Config',
    'ConfigError',
    'Container',
    'RateLimitSetting',
    'RunningServer',
    'TOKENS',
    'Token',
    'compose',
    'createLogger',
    'loadConfig',
    'resolve',
    'startServer',
    'startupFailure',
  ],
};

describe('the public API', () => {
  it('maps the package.json exports to these entry points', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
    for (const [name, source] of Object.entries(ENTRIES)) {
      expect(pkg.exports[name]?.default).toBe(`./dist/${source.replace(/\.ts$/, '.js')}`);
    }
  });

  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('of %s is exactly the pinned list of names', (entry) => {
    expect(exportedNames(ENTRIES[entry])).toEqual([...PINNED[entry]].sort());
  });

  it.each(Object.values(ENTRIES))('%s names every export (no export *)', (source) => {
    expect(readFileSync(join(ROOT, source), 'utf8')).not.toMatch(/export\s+(type\s+)?\*/);
  });

  it('publishes no driver helper and no rate-limiter-flexible type in the library declarations', () => {
    const names = exportedNames(ENTRIES['.']);
    for (const helper of [
      'dialectOf',
      'translateError',
      'withStoreErrors',
      'isConnectionError',
      'formatTimestamp',
      'parseTimestamp',
      'FlexibleRateLimiter',
    ]) {
      expect(names).not.toContain(helper);
    }
    // every declaration file the library's types reach: none is rate-limiter-flexible's
    const program = ts.createProgram([join(ROOT, 'dist/src/index.d.ts')], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    const reached = program.getSourceFiles().map((f) => f.fileName);
    expect(reached).toContain(join(ROOT, 'dist/src/adapters/ratelimit/flexible-rate-limiter.d.ts'));
    expect(reached.filter((f) => f.includes('/node_modules/rate-limiter-flexible/'))).toEqual([]);
  });
});
