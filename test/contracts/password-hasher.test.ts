import { Argon2PasswordHasher, OWASP_ARGON2ID } from '../../src/adapters/crypto/argon2-password-hasher.js';
import { FastPasswordHasher } from '../support/fast-password-hasher.js';
import { passwordHasherContract } from './password-hasher.contract.js';

passwordHasherContract('Argon2id, OWASP parameters', async () => new Argon2PasswordHasher(OWASP_ARGON2ID));
// The double most tests use in its place: it must keep the same promises.
passwordHasherContract('FastPasswordHasher (test double)', async () => new FastPasswordHasher());
