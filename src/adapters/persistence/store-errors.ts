import { DomainError } from '../../domain/errors.js';
import { READ_TIMEOUT } from './postgres-read-timeout.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN', 'SQLITE_BUSY']);
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
// pg raises these without a code when the server goes away mid-query.
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'Timeout acquiring a connection',
  READ_TIMEOUT,
];

/** True when `err` says the database cannot be reached (as opposed to a query it refused). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'KnexTimeoutError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return true;
  }
  if (err instanceof AggregateError && err.errors.some(isConnectionError)) return true; // happy-eyeballs connects
  return CONNECTION_MESSAGES.some((text) => err.message.includes(text));
}

/** Rethrows a connection failure as `DomainError('UNAVAILABLE')`, anything else unchanged. */
export function translateError(err: unknown): never {
  if (isConnectionError(err)) throw new DomainError('UNAVAILABLE', 'the database is unavailable', { cause: err });
  throw err;
}

/** Runs `fn`, translating connection failures with {@link translateError}. */
export async function withStoreErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    return translateError(err);
  }
}
