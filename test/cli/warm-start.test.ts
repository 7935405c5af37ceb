import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { takePrefetchedRsaKey } from '../../src/adapters/crypto/rsa-keys.js';
import { warmStart } from '../../src/cli/warm-start.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

/** Takes every prefetched key of this size (so tests do not see each other's). */
async function drain(modulusLength = 2048): Promise<Uint8Array[]> {
  const keys: Uint8Array[] = [];
  for (let key = takePrefetchedRsaKey(modulusLength); key; key = takePrefetchedRsaKey(modulusLength)) keys.push(await key);
  return keys;
}

describe('warmStart (what the executable does before it loads the command line)', () => {
  it('starts the signing key of a first start (only that one) when serving a SQLite file that does not exist yet', async () => {
    dir = tempDir();
    warmStart(['node', 'main'], { DB_PATH: join(dir.dir, 'fresh.db') });
    const keys = await drain();
    expect(keys).toHaveLength(1);
    const parsed = createPrivateKey({ key: Buffer.from(keys[0]!), format: 'der', type: 'pkcs8' });
    expect(parsed.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
  });

  it('starts none for another command, PostgreSQL, an existing database or a bad key size', async () => {
    dir = tempDir();
    const existing = join(dir.dir, 'existing.db');
    writeFileSync(existing, '');
    warmStart(['node', 'main', 'migrate'], { DB_PATH: join(dir.dir, 'fresh.db') });
    warmStart(['node', 'main', 'serve'], { DATABASE_URL: 'postgres://db/x', DB_PATH: join(dir.dir, 'fresh.db') });
    warmStart(['node', 'main'], { DB_PATH: existing });
    warmStart(['node', 'main'], { DB_PATH: join(dir.dir, 'fresh.db'), RSA_MODULUS_LENGTH: '1024' });
    expect(await drain()).toEqual([]);
    expect(await drain(1024)).toEqual([]);
  });
});
