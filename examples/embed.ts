/**
 * Embedding the core without Koa, a database or tsyringe: in-memory adapters, the real Argon2id
 * hasher and RS256 signer. Run it with `npm run example` (after `npm run build`).
 */
import { pathToFileURL } from 'node:url';
import { createLocalJWKSet, jwtVerify } from 'jose';
// An app that installed the package writes: from 'jwks-auth-server'
import {
  Argon2PasswordHasher,
  IssueToken,
  JoseTokenSigner,
  KeyPolicy,
  MemoryAuthLog,
  MemoryKeyVault,
  MemoryStore,
  MemoryUserRepo,
  PublishJwks,
  RegisterUser,
  RotateKeys,
  KeyRingHolder,
  SystemClock,
} from '../src/index.js';

export async function runExample(): Promise<{ username: string; subject: string; logins: number }> {
  const store = new MemoryStore();
  const users = new MemoryUserRepo(store);
  const authLog = new MemoryAuthLog(store);
  const hasher = new Argon2PasswordHasher();
  const signer = new JoseTokenSigner();
  const clock = new SystemClock();
  const keys = new KeyRingHolder();
  const policy = new KeyPolicy({ tokenTtl: 900, keyTtl: 86_400, syncInterval: 10, jwksMaxAge: 300 }); // 15-minute tokens, daily keys

  await new RotateKeys({ vault: new MemoryKeyVault(), signer, clock, policy, keys }).execute();
  const register = new RegisterUser({ users, hasher, clock });
  const issue = new IssueToken({ users, hasher, signer, authLog, clock, keys, issuer: 'https://example.test' });
  const jwks = new PublishJwks({ keys, clock, maxAge: 300 });

  const { username, password } = await register.execute({ username: 'ada', email: 'ada@example.test' });
  const { token } = await issue.execute({ username, password, ip: '127.0.0.1' });

  const keySet = createLocalJWKSet(JSON.parse(jwks.execute().body));
  const { payload } = await jwtVerify(token, keySet, { issuer: 'https://example.test', algorithms: ['RS256'] });
  const user = await users.findByUsername(username);
  return { username, subject: String(payload.sub), logins: (await authLog.forUser(user!.id)).length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runExample();
  console.log(`registered ${result.username}, token verified for sub=${result.subject}, ${result.logins} login(s) logged`);
}
