import { expect } from 'vitest';
import { DomainError, type ErrorCode } from '../../src/domain/errors.js';
import type { NewUser } from '../../src/domain/user.js';

/** The DomainError `run` rejects (or throws) with; fails the test when it resolves or throws anything else. */
export async function expectDomainError(run: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<DomainError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(code);
    return err as DomainError;
  }
  return expect.fail(`expected DomainError ${code}, but nothing was thrown`);
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
