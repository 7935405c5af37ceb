import { describe } from 'vitest';

/**
 * The outside services some suites need. Tests use `TEST_DATABASE_URL` / `TEST_REDIS_URL`, else the
 * server's own `DATABASE_URL` / `REDIS_URL`; an empty value counts as unset. They only ever create
 * (and drop) databases and Redis keys of their own there.
 */
const SERVICES = {
  postgres: { variable: 'TEST_DATABASE_URL', fallback: 'DATABASE_URL', key: 'databaseUrl' },
  redis: { variable: 'TEST_REDIS_URL', fallback: 'REDIS_URL', key: 'redisUrl' },
} as const;

export type Service = keyof typeof SERVICES;

/** The URLs of the services `S`: `databaseUrl` for postgres, `redisUrl` for redis. */
export type ServiceUrls<S extends Service> = { readonly [K in S as (typeof SERVICES)[K]['key']]: string };

/** The URL of `service` the tests may use, or undefined when none is configured. */
export function serviceUrl(service: Service): string | undefined {
  const { variable, fallback } = SERVICES[service];
  return process.env[variable] || process.env[fallback] || undefined;
}

/** The PostgreSQL server tests may use, or undefined. */
export const postgresUrl = (): string | undefined => serviceUrl('postgres');

/** The Redis server tests may use, or undefined. */
export const redisUrl = (): string | undefined => serviceUrl('redis');

/**
 * `describe(name, …)` with the URLs of the services in `needs` when all are configured; otherwise a
 * warning on the console naming the variables to set, and the same suite reported as skipped.
 */
export function describeWith<S extends Service>(needs: readonly S[], name: string, body: (urls: ServiceUrls<S>) => void): void {
  const missing = needs.filter((service) => !serviceUrl(service));
  const urls = Object.fromEntries(needs.map((service) => [SERVICES[service].key, serviceUrl(service) ?? ''])) as ServiceUrls<S>;
  if (missing.length === 0) {
    describe(name, () => body(urls));
    return;
  }
  const variables = missing.map((service) => SERVICES[service].variable).join(' and ');
  console.warn(`skipped "${name}": set ${variables} to run it`);
  describe.skip(`${name} (set ${variables})`, () => body(urls));
}
