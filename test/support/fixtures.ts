import { expect } from 'vitest';
import { DomainError, type ErrorCode } from '../../src/domain/errors.js';
import type { NewUser } from '../../src/domain/user.js';

/** Asserts that `promise` rejects with a {@link DomainError} of this code. */
export async function expectDomainError(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
}

let counter = 0;

/** A user to add, with unique name and email unless overridden; registeredAt has milliseconds. */
export function newUser(overrides: Partial<NewUser> = {}): NewUser {
  counter += 1;
  return {
    username: `user_${counter}`,
    email: `user_${counter}@example.com`,
    passwordHash: `$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$hash${counter}`,
    registeredAt: new Date('2026-03-04T05:06:07.890Z'),
    ...overrides,
  };
}
