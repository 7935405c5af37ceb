import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../src/domain/ports/password-hasher.js';

const PREFIX = '$test-sha256$';

/**
 * TEST ONLY: a salted SHA-256 {@link PasswordHasher}, so tests need not pay Argon2's cost per hash.
 * A single fast hash is useless against offline guessing: never use this outside tests.
 * Format: `$test-sha256$<salt hex>$<digest hex>`.
 */
export class FastPasswordHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16).toString('hex');
    return `${PREFIX}${salt}$${digest(salt, password)}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    if (!hash.startsWith(PREFIX)) return false;
    const [salt, expected, ...rest] = hash.slice(PREFIX.length).split('$');
    if (salt === undefined || expected === undefined || rest.length > 0 || !/^[0-9a-f]{64}$/.test(expected)) return false;
    return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(digest(salt, password), 'hex'));
  }

  needsRehash(hash: string): boolean {
    return !hash.startsWith(PREFIX);
  }

  decoyHash(): string {
    return `${PREFIX}${randomBytes(16).toString('hex')}$${randomBytes(32).toString('hex')}`;
  }
}

function digest(salt: string, password: string): string {
  return createHash('sha256').update(salt).update('\0').update(password, 'utf8').digest('hex');
}
