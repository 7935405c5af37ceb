import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { login, register } from '../support/http.js';
import { startInProcess, tempDir } from '../support/server.js';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startInProcess(dir.dir, { RATE_LIMIT_AUTH: '0' }, { doubles: true });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

describe('discovery', () => {
  it('lets a standard client configure itself from the issuer URL alone, then verify a token', async () => {
    // PUBLIC_URL is unset: the issuer is http://localhost:<the bound port>
    const issuer = new URL(`http://localhost:${server.port}`);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true }));
    expect(as.jwks_uri).toBe(`${issuer.origin}/.well-known/jwks.json`);
    expect(as.token_endpoint).toBe(`${issuer.origin}/auth`);

    const password = await register(server.url, 'discovered');
    const res = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'discovered', password }),
    });
    const { token } = (await res.json()) as { token: string };
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(as.jwks_uri!)), {
      issuer: as.issuer,
      algorithms: as.id_token_signing_alg_values_supported as string[],
    });
    expect(payload.iss).toBe(as.issuer); // exactly, not merely equal as URLs
    expect(protectedHeader.alg).toBe('RS256');
  });

  it('serves the same metadata at both well-known paths, cached with an ETag', async () => {
    const oidc = await fetch(`${server.url}/.well-known/openid-configuration`);
    const rfc8414 = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    expect(oidc.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await oidc.json();
    expect(await rfc8414.json()).toEqual(body);
    expect(oidc.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = oidc.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${server.url}/.well-known/openid-configuration`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('takes PUBLIC_URL and JWT_ISSUER as set', async () => {
    const other = tempDir();
    const s = await startInProcess(other.dir, { PUBLIC_URL: 'https://auth.example.com/', RATE_LIMIT_AUTH: '0' }, { doubles: true });
    try {
      const metadata = (await (await fetch(`${s.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
      expect(metadata.issuer).toBe('https://auth.example.com');
      expect(metadata.jwks_uri).toBe('https://auth.example.com/.well-known/jwks.json');
      const password = await register(s.url, 'pub');
      const { token } = (await (await login(s.url, 'pub', password)).json()) as { token: string };
      expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iss).toBe('https://auth.example.com');
    } finally {
      await s.close();
      other.remove();
    }
  });
});
