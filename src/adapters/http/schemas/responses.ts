import * as z from 'zod'; // its functions, not its `z` object: the bundle then holds only the parts used

/** An RFC 9457 problem: every error answer's body. */
export const Problem = z
  .object({
    type: z.literal('about:blank'),
    title: z.string().meta({ description: "The status code's reason phrase.", example: 'Conflict' }),
    status: z.number().int().meta({ example: 409 }),
    detail: z.string().optional().meta({ description: 'What went wrong; safe to show.', example: 'username is already registered' }),
    code: z.string().optional().meta({ description: 'A stable machine-readable code, e.g. `USERNAME_TAKEN`.', example: 'USERNAME_TAKEN' }),
  })
  .meta({ id: 'Problem', description: 'Problem details (RFC 9457), media type `application/problem+json`.' });

export const TokenResponse = z
  .object({
    token: z
      .string()
      .meta({ description: 'An RS256 JWT (header `alg`, `kid`, `typ`; claims `iss`, `sub`, `aud`?, `iat`, `exp`, `jti`, `username`).' }),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().min(0).meta({ description: 'Seconds until `exp`.', example: 3600 }),
  })
  .meta({ id: 'TokenResponse' });

export const RegisterResponse = z
  .object({
    password: z.uuid().meta({ description: 'The generated password (UUIDv4), shown once; only its Argon2id hash is stored.' }),
  })
  .meta({ id: 'RegisterResponse' });

const Jwk = z
  .object({
    kty: z.literal('RSA'),
    kid: z.string(),
    use: z.literal('sig'),
    alg: z.literal('RS256'),
    n: z.string().meta({ description: 'Modulus, base64url.' }),
    e: z.string().meta({ description: 'Exponent, base64url.', example: 'AQAB' }),
  })
  .meta({ id: 'Jwk' });

export const Jwks = z
  .object({ keys: z.array(Jwk) })
  .meta({ id: 'Jwks', description: 'Every unexpired public signing key (RFC 7517); every member is a string.' });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const Readiness = z
  .object({
    status: z.enum(['ready', 'not ready']),
    checks: z.record(z.string(), z.enum(['up', 'down'])).meta({ description: '`startup`, `database` and, with Redis, `redis`.' }),
  })
  .meta({ id: 'Readiness' });

export const ServerMetadata = z
  .object({
    issuer: z.string().meta({ description: "Equal to the tokens' `iss`." }),
    jwks_uri: z.url(),
    token_endpoint: z.url(),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
    subject_types_supported: z.array(z.string()),
    id_token_signing_alg_values_supported: z.array(z.string()),
  })
  .meta({ id: 'ServerMetadata', description: 'Authorization server metadata (RFC 8414; OpenID Connect Discovery 1.0).' });
