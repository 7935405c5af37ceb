import { describe, expect, it } from 'vitest';
import { serverMetadata } from '../../../src/adapters/http/discovery.js';
import { ServerMetadata } from '../../../src/adapters/http/schemas/responses.js';

describe('serverMetadata', () => {
  it('points at absolute URLs under the public base URL and names the issuer verbatim', () => {
    const metadata = serverMetadata('https://auth.example.com/', 'https://auth.example.com');
    expect(metadata).toEqual({
      issuer: 'https://auth.example.com',
      jwks_uri: 'https://auth.example.com/.well-known/jwks.json',
      token_endpoint: 'https://auth.example.com/auth',
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: [],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(ServerMetadata.parse(metadata)).toEqual(metadata);
  });

  it('keeps a path prefix of the base URL', () => {
    expect(serverMetadata('https://example.com/id', 'urn:example').jwks_uri).toBe('https://example.com/id/.well-known/jwks.json');
  });
});
