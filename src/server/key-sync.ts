import type { Logger } from 'pino';
import { safeError } from '../adapters/safe-error.js';
import type { RotateKeys } from '../application/rotate-keys.js';

/** One key sync: picks up keys made elsewhere, rotates when due; logs a failure once per streak. */
export function keySync(rotate: RotateKeys, logger: Logger): () => void {
  let failing = false;
  let running = false;
  let signing: string | undefined;
  return () => {
    if (running) return;
    running = true;
    rotate
      .execute()
      .then(({ created, ring, signingKid }) => {
        if (created > 0) logger.info({ created }, 'signing keys rotated');
        if (signing !== undefined && signing !== signingKid && ring.keys.some((k) => k.key.kid === signing && k.key.revoked)) {
          logger.warn(
            { revoked: signing, signing: signingKid },
            'the signing key was revoked: its replacement signs at once, without pre-publication',
          );
        }
        signing = signingKid;
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

/** Runs {@link keySync} every `intervalSeconds`; the timer does not keep the process alive. Returns its stop. */
export function startKeySync(rotate: RotateKeys, logger: Logger, intervalSeconds: number): () => void {
  const timer = setInterval(keySync(rotate, logger), intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
