import type { Knex } from 'knex';

/** The SQL dialects the persistence adapters speak. */
export type Dialect = 'sqlite' | 'pg';

/** Which SQL dialect a Knex instance speaks. */
export function dialectOf(db: Knex): Dialect {
  const client = String(db.client.config.client);
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'pg' : 'sqlite';
}
