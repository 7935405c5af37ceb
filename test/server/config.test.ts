import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dbPath: 'totally_not_my_privateKeys.db',
      databaseUrl: undefined,
      redisUrl: undefined,
      rateLimitStoreFailure: 'memory',
      redisKeyPrefix: 'jwks',
      masterKey: undefined,
      masterKeyFile: 'not_my_key',
      bootstrapUsers: [],
      trustProxy: 0,
      logLevel: 'info',
      rateLimitAuth: 10,
      rateLimitRegister: 100,
      tokenTtl: 3600,
      keyTtl: 86_400,
      keySyncInterval: 10,
      jwtIssuer: undefined, // then the public URL is the issuer
      publicUrl: undefined, // then http://localhost:<port>
      metrics: { port: 9464, host: '127.0.0.1', explicit: false },
      jwtAudience: undefined,
      jwksMaxAge: 300,
      argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
      rsaModulusLength: 2048,
    });
  });

  it('parses BOOTSTRAP_USERS pairs; a password may contain ":"', () => {
    expect(loadConfig({ BOOTSTRAP_USERS: 'userABC:password123, bob:a:b:c' }).bootstrapUsers).toEqual([
      { username: 'userABC', password: 'password123' },
      { username: 'bob', password: 'a:b:c' },
    ]);
  });

  it.each([
    ['false', 0],
    ['true', 1],
    ['TRUE', 1],
    ['2', 2],
  ])('reads TRUST_PROXY=%s as %i hops', (value, hops) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(hops);
  });

  it('treats an empty NOT_MY_KEY as unset', () => {
    expect(loadConfig({ NOT_MY_KEY: '  ' }).masterKey).toBeUndefined();
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80a' }, 'PORT'],
    [{ RATE_LIMIT_REGISTER: '1.5' }, 'RATE_LIMIT_REGISTER'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ RATE_LIMIT_STORE_FAILURE: 'maybe' }, 'RATE_LIMIT_STORE_FAILURE'],
    [{ BOOTSTRAP_USERS: 'alice:' }, 'BOOTSTRAP_USERS'],
    [{ BOOTSTRAP_USERS: `alice:${'x'.repeat(1025)}` }, 'BOOTSTRAP_USERS'],
    [{ RSA_MODULUS_LENGTH: '1024' }, 'RSA_MODULUS_LENGTH'],
    [{ ARGON2_MEMORY_KIB: '8192', ARGON2_TIME_COST: '2' }, 'ARGON2_MEMORY_KIB'],
    [{ KEY_TTL: '3600', TOKEN_TTL: '3600' }, 'KEY_TTL'],
    [{ REDIS_KEY_PREFIX: 'has space' }, 'REDIS_KEY_PREFIX'],
    [{ PUBLIC_URL: 'auth.example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://auth.example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://auth.example.com/?x=1' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://user:pw@auth.example.com' }, 'PUBLIC_URL'],
    [{ METRICS_PORT: 'on' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '65536' }, 'METRICS_PORT'],
  ])('refuses %o, naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('reads METRICS_PORT as off, or a port the operator chose', () => {
    expect(loadConfig({ METRICS_PORT: 'off' }).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: 'OFF' }).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9100, host: '0.0.0.0', explicit: true });
    expect(loadConfig({ PUBLIC_URL: ' https://auth.example.com/ ', JWT_ISSUER: 'urn:x' })).toMatchObject({
      publicUrl: 'https://auth.example.com/',
      jwtIssuer: 'urn:x',
    });
  });

  it('accepts an Argon2 trade of memory for passes at the OWASP level (47104 KiB, t=1)', () => {
    expect(loadConfig({ ARGON2_MEMORY_KIB: '47104', ARGON2_TIME_COST: '1' }).argon2).toEqual({
      memoryCost: 47_104,
      timeCost: 1,
      parallelism: 1,
    });
  });

  it('never puts the master key in an error message', () => {
    const secret = 'super-secret-master-key-value';
    try {
      loadConfig({ NOT_MY_KEY: secret, PORT: 'bad' });
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
    }
    expect.assertions(1);
  });

  describe('key timings (KeyPolicy decides, config names the variable)', () => {
    it('pre-publishes for KEY_SYNC_INTERVAL + JWKS_MAX_AGE + 30 s by default', () => {
      expect(loadConfig({}).keyPolicy.prepublish).toBe(10 + 300 + 30);
      expect(loadConfig({ KEY_SYNC_INTERVAL: '5', JWKS_MAX_AGE: '60' }).keyPolicy.prepublish).toBe(95);
      expect(loadConfig({ KEY_PREPUBLISH: '600' }).keyPolicy.prepublish).toBe(600);
    });

    it.each([
      [{ TOKEN_TTL: '2', KEY_TTL: '45' }, 'invalid KEY_TTL: must exceed TOKEN_TTL + KEY_PREPUBLISH + 2 × KEY_SYNC_INTERVAL (362 s)'],
      [
        { KEY_PREPUBLISH: '309' },
        'invalid KEY_PREPUBLISH: must be a whole number of seconds, at least KEY_SYNC_INTERVAL + JWKS_MAX_AGE (310 s)',
      ],
      [{ KEY_PREPUBLISH: '0' }, 'invalid KEY_PREPUBLISH: Too small: expected number to be >=1'],
      [{ JWKS_MAX_AGE: '86400' }, 'invalid KEY_TTL: must exceed TOKEN_TTL + KEY_PREPUBLISH + 2 × KEY_SYNC_INTERVAL (90060 s)'],
    ])('refuses %o in one line', (env, line) => {
      expect(() => loadConfig(env)).toThrow(new ConfigError(line));
    });

    it('accepts the shortest lifetimes: TOKEN_TTL=1 KEY_SYNC_INTERVAL=1 JWKS_MAX_AGE=0 KEY_PREPUBLISH=1 KEY_TTL=5', () => {
      const env = { TOKEN_TTL: '1', KEY_SYNC_INTERVAL: '1', JWKS_MAX_AGE: '0', KEY_PREPUBLISH: '1' };
      expect(loadConfig({ ...env, KEY_TTL: '5' }).keyPolicy.rotationLead).toBe(4);
      expect(() => loadConfig({ ...env, KEY_TTL: '4' })).toThrow('invalid KEY_TTL');
    });
  });

  it('reads NOT_MY_KEY_PREVIOUS as a key accepted for reading only', () => {
    expect(loadConfig({}).masterKeyPrevious).toEqual([]);
    expect(loadConfig({ NOT_MY_KEY_PREVIOUS: ' ' }).masterKeyPrevious).toEqual([]);
    expect(loadConfig({ NOT_MY_KEY_PREVIOUS: 'ab'.repeat(32) }).masterKeyPrevious).toEqual(['ab'.repeat(32)]);
  });
});
