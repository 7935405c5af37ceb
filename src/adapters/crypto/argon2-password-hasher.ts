import argon2 from 'argon2';
import type { PasswordHasher } from '../../domain/ports/password-hasher.js';

export interface Argon2Params {
  /** KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's minimum for Argon2id (Password Storage Cheat Sheet): 19 MiB, 2 iterations, 1 lane. */
export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Argon2id hashing to a PHC string (16-byte random salt, 32-byte tag). */
export class Argon2PasswordHasher implements PasswordHasher {
  constructor(private readonly params: Argon2Params = OWASP_ARGON2ID) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, hashLength: 32, ...this.params });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // not a hash we can read: a failed check, not a crash
    }
  }
}
