import * as z from 'zod'; // its functions, not its `z` object: the bundle then holds only the parts used
import type { ErrorCode } from '../../../domain/errors.js';
import { JWKS_PATH, TOKEN_PATH } from '../discovery.js';
import { AuthQuery, AuthRequest, RegisterRequest } from '../schemas/requests.js';
import { Health, Jwks, Readiness, RegisterResponse, ServerMetadata, TokenResponse } from '../schemas/responses.js';

/** One route of the API as documented: its answers, the domain codes it can refuse with, its HTTP-only faults. */
export interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly request?: { params?: z.ZodObject; query?: z.ZodObject; body?: { schema: z.ZodType; types: string[]; required: boolean } };
  /** Success answers: status → description and, for a body, its schema and media type. */
  readonly ok: Record<number, { description: string; schema?: z.ZodType; type?: string; headers?: Record<string, string> }>;
  /** Refusals by domain code: their statuses come from the error table, so the document cannot drift from it. */
  readonly codes?: readonly ErrorCode[];
  /** Refusals only HTTP knows (a bad body, a wrong media type): status → when. */
  readonly faults?: Record<number, string>;
}

const CACHED = { ETag: 'Strong entity tag; `304` on `If-None-Match`.', 'Cache-Control': '`public, max-age=N`.' };
const LIMITED = {
  'RateLimit-Limit': 'Requests allowed per window.',
  'RateLimit-Remaining': 'Left in this window.',
  'RateLimit-Reset': 'Seconds until the window resets.',
};
const BODY_FAULTS = { 400: 'Malformed JSON, or not a JSON object.', 413: 'Body over 4 KiB.', 415: 'Unsupported media type.' };
const RATE_LIMITED = { 429: 'Over the rate limit (`Retry-After` says when to retry).' };
const metadata = (summary: string): Operation['ok'] => ({
  200: { description: summary, schema: ServerMetadata, headers: CACHED },
  304: { description: 'Not modified.' },
});

/** Every route the router serves (GET routes answer HEAD too). A test holds this list equal to the router's. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: 'post',
    path: TOKEN_PATH,
    tag: 'tokens',
    summary: 'Log in and get a signed JWT',
    description:
      'Credentials from a JSON or form body, or else HTTP Basic. A `Bearer` Authorization header is ignored. Rate-limited per client before anything else.',
    request: {
      query: AuthQuery,
      body: { schema: AuthRequest, types: ['application/json', 'application/x-www-form-urlencoded'], required: false },
    },
    ok: { 200: { description: 'A token.', schema: TokenResponse, headers: LIMITED } },
    codes: ['INVALID_INPUT', 'BAD_CREDENTIALS', 'RATE_LIMITED', 'NO_SIGNING_KEY', 'UNAVAILABLE'],
    faults: { ...BODY_FAULTS, ...RATE_LIMITED },
  },
  {
    method: 'post',
    path: '/register',
    tag: 'users',
    summary: 'Register a user under a generated password',
    request: { body: { schema: RegisterRequest, types: ['application/json'], required: true } },
    ok: { 201: { description: 'Registered; the password is shown once.', schema: RegisterResponse, headers: LIMITED } },
    codes: ['INVALID_INPUT', 'USERNAME_TAKEN', 'EMAIL_TAKEN', 'RATE_LIMITED', 'UNAVAILABLE'],
    faults: { ...BODY_FAULTS, ...RATE_LIMITED },
  },
  {
    method: 'get',
    path: JWKS_PATH,
    tag: 'keys',
    summary: 'The JSON Web Key Set',
    description: 'Every unexpired public key; `max-age` never reaches past the next change of the set.',
    ok: { 200: { description: 'The key set.', schema: Jwks, headers: CACHED }, 304: { description: 'Not modified.' } },
    codes: ['NO_SIGNING_KEY', 'UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/.well-known/openid-configuration',
    tag: 'discovery',
    summary: 'OpenID Connect discovery metadata',
    ok: metadata('The metadata.'),
  },
  {
    method: 'get',
    path: '/.well-known/oauth-authorization-server',
    tag: 'discovery',
    summary: 'Authorization server metadata (RFC 8414)',
    ok: metadata('The metadata.'),
  },
  {
    method: 'get',
    path: '/healthz',
    tag: 'health',
    summary: 'Liveness',
    ok: { 200: { description: 'The process answers.', schema: Health } },
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'health',
    summary: 'Readiness',
    ok: {
      200: { description: 'Start-up done and dependencies up.', schema: Readiness },
      503: { description: 'Not ready.', schema: Readiness },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'docs',
    summary: 'This OpenAPI 3.1 document',
    ok: {
      200: { description: 'The document.', schema: z.looseObject({ openapi: z.string() }), headers: CACHED },
      304: { description: 'Not modified.' },
    },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'docs',
    summary: 'The API documentation page (Swagger UI)',
    ok: {
      200: { description: 'An HTML page.', schema: z.string(), type: 'text/html', headers: CACHED },
      304: { description: 'Not modified.' },
    },
  },
  {
    method: 'get',
    path: '/docs/{asset}',
    tag: 'docs',
    summary: "The docs page's scripts, styles and icons",
    request: { params: z.object({ asset: z.string().meta({ example: 'swagger-ui.css' }) }) },
    ok: {
      200: { description: 'The file.', schema: z.string(), type: 'application/octet-stream', headers: CACHED },
      304: { description: 'Not modified.' },
    },
    faults: { 404: 'No such asset.' },
  },
];
