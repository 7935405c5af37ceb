import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { masterKeyId } from '../../adapters/crypto/aes-gcm-key-cipher.js';
import { createKeyFile, readKeyFile, replaceKeyFile } from '../../adapters/crypto/key-file.js';
import { masterKeyCipher, masterKeyFromValue, type MasterKey } from '../../adapters/crypto/master-key.js';
import { ListKeys } from '../../application/list-keys.js';
import { Rekey } from '../../application/rekey.js';
import { resolve } from '../../server/composition/index.js';
import { shortPassphraseWarning } from '../../server/master-key-source.js';
import type { Config } from '../../server/config.js';
import { CommandFailed, configFrom, openOperator, UsageError, type CliContext } from '../context.js';

/** How the new master key is kept: NEW_NOT_MY_KEY, or a key file this command writes. */
interface Target {
  readonly master: MasterKey;
  /** Runs before re-encrypting (a key file lists the new key first, the old one for reading). */
  prepare(): void;
  /** What to tell the operator once every key is sealed under the new master key. */
  done(): string;
}

/**
 * `rekey`: re-encrypts every stored signing key under a new master key, in one transaction. The new
 * key is NEW_NOT_MY_KEY, or (unset) a new random key written to NOT_MY_KEY_FILE. Servers already
 * running keep serving the keys they hold; restart them with the new key.
 */
export function rekeyCommand(ctx: CliContext): Command {
  return new Command('rekey')
    .description(
      're-encrypt every signing key under a new master key, all or nothing: NEW_NOT_MY_KEY, or (unset) a new random key in NOT_MY_KEY_FILE',
    )
    .action(async () => {
      const config = configFrom(ctx);
      const target = targetOf(ctx, config);
      const operator = await openOperator(ctx);
      try {
        // every key must open with the current master key (and NOT_MY_KEY_PREVIOUS) before anything is written
        await resolve(operator.container, ListKeys).execute();
        target.prepare();
        let shown = 0;
        const { keys } = await resolve(operator.container, Rekey).execute({
          target: masterKeyCipher(target.master),
          onProgress: (done, total) => {
            if (total < 100 || (done < total && done < shown + total / 10)) return;
            shown = done;
            ctx.err(`re-encrypted ${done}/${total} keys\n`);
          },
        });
        ctx.out(`re-encrypted ${keys} signing keys under master key ${masterKeyId(target.master.key)}; ${target.done()}\n`);
      } finally {
        await operator.close();
      }
    });
}

function targetOf(ctx: CliContext, config: Config): Target {
  const value = ctx.env.NEW_NOT_MY_KEY;
  if (value !== undefined && value.trim() !== '') {
    const master = masterKeyFromValue(value, 'NEW_NOT_MY_KEY');
    const warning = shortPassphraseWarning(master, 'NEW_NOT_MY_KEY');
    if (warning) ctx.err(`warning: ${warning}\n`);
    return {
      master,
      prepare: () => undefined,
      done: () =>
        'restart every server with NOT_MY_KEY set to it (NOT_MY_KEY_PREVIOUS set to the old one lets a rolling restart read both)',
    };
  }
  const file = config.masterKeyFile;
  const key = randomBytes(32);
  if (config.masterKey === undefined) {
    if (!existsSync(file))
      throw new CommandFailed(`no master key to re-encrypt from: NOT_MY_KEY is unset and ${file} (NOT_MY_KEY_FILE) does not exist`);
    const old = readKeyFile(file);
    return {
      master: { key, source: 'file:generated' },
      // servers (re)started from now on seal with the new key and read with both
      prepare: () => replaceKeyFile(file, [key, ...old]),
      done: () => {
        replaceKeyFile(file, [key]);
        return `${file} now holds only the new key; restart every server that reads it`;
      },
    };
  }
  if (existsSync(file))
    throw new UsageError(
      `set NEW_NOT_MY_KEY: NOT_MY_KEY is set and ${file} (NOT_MY_KEY_FILE) already exists, so there is nowhere to put a generated key`,
    );
  return {
    master: { key, source: 'file:generated' },
    prepare: () => void createKeyFile(file, [key]),
    done: () =>
      `the new key is in ${file} (mode 0600): unset NOT_MY_KEY so servers read it (or set NOT_MY_KEY to its content), and restart them`,
  };
}
