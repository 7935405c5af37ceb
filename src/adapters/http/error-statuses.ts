import type { DomainError, ErrorCode } from '../../domain/errors.js';

/** The one table from domain error codes to HTTP statuses: every status the core causes is decided here. */
export const STATUS: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  BAD_CREDENTIALS: 401,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  NO_SIGNING_KEY: 503,
  KEY_DECRYPTION_FAILED: 500,
  UNAVAILABLE: 503,
};

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="jwks-auth-server", charset="UTF-8"' };
/** Seconds a client should wait before retrying a 503 that says nothing more precise. */
const DEFAULT_RETRY_AFTER = 1;

/** The headers that go with an error's status: a challenge on 401, `Retry-After` on 429 and 503. */
export function errorHeaders(err: DomainError): Record<string, string> {
  if (err.code === 'BAD_CREDENTIALS') return CHALLENGE;
  const status = STATUS[err.code];
  if (status === 429 || status === 503) return { 'Retry-After': String(err.retryAfterSeconds ?? DEFAULT_RETRY_AFTER) };
  return {};
}
