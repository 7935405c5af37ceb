import { beforeAll, describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../../src/domain/ports/password-hasher.js';

/**
 * The behaviour every {@link PasswordHasher} must have, so a test double is held to what the real
 * hasher promises: a one-way, salted string out, and `verify` that answers false (never throws) for
 * a wrong password or a hash it cannot read.
 */
export function passwordHasherContract(name: string, make: () => Promise<PasswordHasher>): void {
  describe(`PasswordHasher contract: ${name}`, () => {
    const password = 'correct horse battery staple';
    let hasher: PasswordHasher;
    let hash: string;
    beforeAll(async () => {
      hasher = await make();
      hash = await hasher.hash(password);
    });

    it('hashes to a string that neither is nor contains the password', () => {
      expect(typeof hash).toBe('string');
      expect(hash).not.toBe(password);
      expect(hash).not.toContain(password);
      expect(hash).not.toContain(Buffer.from(password).toString('hex'));
      expect(hash).not.toContain(Buffer.from(password).toString('base64').slice(0, 20));
    });

    it('verifies the password it hashed', async () => {
      expect(await hasher.verify(hash, password)).toBe(true);
    });

    it('rejects a wrong password, however close', async () => {
      for (const wrong of ['', 'correct horse battery stapl', `${password} `, password.toUpperCase(), `${password}\0`]) {
        expect(await hasher.verify(hash, wrong), JSON.stringify(wrong)).toBe(false);
      }
    });

    it('salts: the same password hashes differently each time, and each hash verifies', async () => {
      const again = await hasher.hash(password);
      expect(again).not.toBe(hash);
      expect(await hasher.verify(again, password)).toBe(true);
    });

    it('answers false, never a throw, for a hash it cannot read', async () => {
      // One character of the digest changed, within its alphabet (not the last: base64 pads it).
      const at = hash.length - 5;
      const tampered = hash.slice(0, at) + (hash[at] === 'a' ? 'b' : 'a') + hash.slice(at + 1);
      const unreadable = [
        '',
        'not a hash',
        password,
        '$argon2id$v=19$m=19456,t=2,p=1$',
        '$argon2id$v=19$m=19456,t=2,p=1$broken',
        '$test-sha256$zz$',
        hash.slice(0, 20),
        tampered,
      ];
      for (const garbage of unreadable) {
        await expect(hasher.verify(garbage, password), JSON.stringify(garbage)).resolves.toBe(false);
      }
    });

    it('hashes any Unicode exactly: other code points do not verify', async () => {
      const unicode = 'pässwörd 🔑 パスワード';
      const unicodeHash = await hasher.hash(unicode);
      expect(await hasher.verify(unicodeHash, unicode)).toBe(true);
      expect(await hasher.verify(unicodeHash, 'passwörd 🔑 パスワード')).toBe(false);
      expect(await hasher.verify(unicodeHash, 'pässwörd 🔒 パスワード')).toBe(false);
    });

    it('uses every character of a long password', async () => {
      const long = 'x'.repeat(1023) + 'y';
      const longHash = await hasher.hash(long);
      expect(await hasher.verify(longHash, long)).toBe(true);
      expect(await hasher.verify(longHash, 'x'.repeat(1024))).toBe(false);
      expect(await hasher.verify(longHash, 'x'.repeat(1023))).toBe(false);
    });

    it('makes decoys, if it does, that look like its hashes, are current, differ each time and match no password', async () => {
      if (!hasher.decoyHash) return; // optional: the use-case then hashes a random password instead
      const decoys = [hasher.decoyHash(), hasher.decoyHash()];
      expect(decoys[0]).not.toBe(decoys[1]);
      const settings = (h: string) => h.split('$').slice(0, -2); // all but salt and digest
      for (const decoy of decoys) {
        expect(settings(decoy)).toEqual(settings(hash));
        expect(decoy.length).toBe(hash.length);
        expect(hasher.needsRehash(decoy)).toBe(false);
        for (const guess of ['', password, 'decoy', decoy]) expect(await hasher.verify(decoy, guess)).toBe(false);
      }
    });
  });
}
