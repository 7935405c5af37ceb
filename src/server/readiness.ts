import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { ReadinessCheck } from '../adapters/http/routes/health.js';

/** True when `check` resolves. */
export async function ping(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}

/**
 * What /readyz reports: start-up done (all of it, the expired key of a first start included, though
 * requests are served from when the signing key is in), the database answers, and Redis answers when
 * configured.
 */
export function readiness(deps: { started: Promise<void>; settled: Promise<void>; db: Knex; redis: Redis | undefined }): ReadinessCheck {
  const { started, settled, db, redis } = deps;
  return async () => ({
    startup: await started.then(
      () => settled.then(() => true),
      () => false,
    ),
    database: await ping(() => db.raw('select 1')),
    ...(redis ? { redis: await ping(() => redis.ping()) } : {}),
  });
}
