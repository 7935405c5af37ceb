import { DomainError } from './errors.js';

/** A registered user, as stored. Timestamps have one-second precision. */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly email: string | null;
  readonly passwordHash: string;
  readonly registeredAt: Date;
  readonly lastLogin: Date | null;
}

/** What a repository needs to create a user. */
export interface NewUser {
  readonly username: string;
  readonly email: string | null;
  readonly passwordHash: string;
  readonly registeredAt: Date;
}

export const USERNAME_MAX_LENGTH = 64;
export const EMAIL_MAX_LENGTH = 254;

// Letters (with their combining marks) and digits of any script plus . _ @ + -; no spaces or control characters.
const USERNAME_PATTERN = /^[\p{L}\p{M}\p{N}._@+-]+$/u;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

/**
 * Normalises and validates a username: surrounding white space is trimmed, the rest is
 * NFC-normalised, must be 1 to 64 characters of letters, digits and `._@+-`. Case is kept
 * and significant. Throws `INVALID_INPUT`.
 */
export function parseUsername(raw: unknown): string {
  if (typeof raw !== 'string') throw new DomainError('INVALID_INPUT', 'username must be a string');
  const username = raw.trim().normalize('NFC');
  if (username.length === 0) throw new DomainError('INVALID_INPUT', 'username must not be empty');
  if ([...username].length > USERNAME_MAX_LENGTH) {
    throw new DomainError('INVALID_INPUT', `username must be at most ${USERNAME_MAX_LENGTH} characters`);
  }
  if (!USERNAME_PATTERN.test(username)) {
    throw new DomainError('INVALID_INPUT', 'username may contain only letters, digits and . _ @ + -');
  }
  return username;
}

/**
 * Normalises and validates an optional e-mail address: absent, `null` or blank means none;
 * otherwise trimmed, lower-cased (so uniqueness ignores case) and checked for a plausible
 * `local@domain.tld` shape of at most 254 characters. Throws `INVALID_INPUT`.
 */
export function parseEmail(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw new DomainError('INVALID_INPUT', 'email must be a string');
  const email = raw.trim().toLowerCase();
  if (email.length === 0) return null;
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw new DomainError('INVALID_INPUT', 'email is not a valid address');
  }
  return email;
}
