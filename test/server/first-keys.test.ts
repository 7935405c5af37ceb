import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoseTokenSigner } from '../../src/adapters/crypto/jose-token-signer.js';
import { loadConfig } from '../../src/server/config.js';
import { compose, createLogger, startServer, TOKENS, type RunningServer } from '../../src/server/index.js';
import { FastPasswordHasher } from '../support/fast-password-hasher.js';
import { HeldKeySigner } from '../support/held-key-signer.js';
import { login, postJson } from '../support/http.js';
import { tempDir, testEnv } from '../support/server.js';

// A first start whose signing key takes as long as the test wants: what is answered before it exists.
let server: RunningServer;
let signer: HeldKeySigner;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  const config = loadConfig(testEnv(dir.dir, { BOOTSTRAP_USERS: 'userABC:password123' }));
  const logger = createLogger(config);
  const container = compose(config, logger).createChildContainer();
  signer = new HeldKeySigner(new JoseTokenSigner(), 0);
  container.register(TOKENS.signer, { useValue: signer });
  container.register(TOKENS.hasher, { useValue: new FastPasswordHasher() });
  server = await startServer(config, { logger, container });
});
afterAll(async () => {
  signer?.release();
  await server?.close();
  dir?.remove();
});

const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise((done) => setTimeout(() => done(false), ms))]);

describe('a first start, before its signing key exists', () => {
  it('registers, refuses a wrong password, and holds a login and the JWKS until the key is stored', async () => {
    const registered = await postJson(`${server.url}/register`, { username: 'early', email: 'early@test.com' });
    expect(registered.status).toBe(201);
    expect((await login(server.url, 'userABC', 'wrong')).status).toBe(401);

    const token = login(server.url, 'userABC', 'password123');
    const jwks = fetch(`${server.url}/.well-known/jwks.json`);
    expect(await settledWithin(Promise.all([token, jwks]), 200)).toBe(false);
    expect(signer.calls).toBe(1); // the expired key is not started before the signing key is stored

    signer.release();
    const res = await token;
    expect(res.status).toBe(200);
    const set = (await (await jwks).json()) as JSONWebKeySet;
    const { token: jwt } = (await res.json()) as { token: string };
    await expect(jwtVerify(jwt, createLocalJWKSet(set), { issuer: server.publicUrl })).resolves.toBeTruthy();
    await server.started;
  });
});
