import type { Logger } from 'pino';
import { safeError } from '../adapters/safe-error.js';
import type { RotateKeys } from '../application/rotate-keys.js';

/** The periodic key sync: picks up keys made elsewhere, rotates when due; logs a failure once per streak. */
export function keySync(rotate: RotateKeys, logger: Logger): () => void {
  let failing = false;
  let running = false;
  return () => {
    if (running) return;
    running = true;
    rotate
      .execute()
      .then(({ created }) => {
        if (created > 0) logger.info({ created }, 'signing keys rotated');
        if (failing) logger.info('key sync recovered');
        failing = false;
      })
      .catch((err: unknown) => {
        if (!failing) logger.warn({ error: safeError(err) }, 'key sync failed; serving the keys already loaded');
        failing = true;
      })
      .finally(() => {
        running = false;
      });
  };
}

/** True when `check` resolves. */
export async function ping(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}

