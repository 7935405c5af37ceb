import type { z } from 'zod';
import type { ServerMetadata } from './schemas/responses.js';

/** The paths the metadata points at, relative to the public base URL. */
export const JWKS_PATH = '/.well-known/jwks.json';
export const TOKEN_PATH = '/auth';

/**
 * Authorization server metadata (RFC 8414, and OpenID Connect Discovery's field names) of a plain JWT
 * issuer: only what this server does. There is no authorization endpoint (so no response types), no
 * client authentication at the token endpoint (the user's credentials are the request), public
 * subject identifiers (a user's `sub` is the same for everyone), and RS256 signatures.
 *
 * @param publicUrl the base URL clients reach the server at, e.g. `https://auth.example.com`
 * @param issuer the `iss` of every token, verbatim
 */
export function serverMetadata(publicUrl: string, issuer: string): z.output<typeof ServerMetadata> {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    issuer,
    jwks_uri: `${base}${JWKS_PATH}`,
    token_endpoint: `${base}${TOKEN_PATH}`,
    token_endpoint_auth_methods_supported: ['none'],
    response_types_supported: [],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}
