/** The message pg gives a query that outlived `query_timeout`. */
export const READ_TIMEOUT = 'Query read timeout';

/** The parts of a pg `Client` the guard touches: its `query` (callback or promise form) and its socket. */
export interface GuardedClient {
  query(...args: never[]): unknown;
}

type AnyQuery = (...args: unknown[]) => unknown;

/**
 * pg answers a read timeout but keeps the connection, its stuck query still ahead of any later one.
 * This wraps `conn.query` so that a read timeout closes the socket: knex (which watches `end`) then
 * disposes of the connection instead of reusing it. Results and other errors pass through unchanged.
 */
export function discardOnReadTimeout(conn: GuardedClient): void {
  const client = conn as unknown as { query: AnyQuery; connection?: { stream?: { destroy(): void } } };
  const query = client.query.bind(conn);
  const check = (err: unknown) => {
    if (err instanceof Error && err.message === READ_TIMEOUT) client.connection?.stream?.destroy();
  };
  client.query = (...args: unknown[]) => {
    const callbackAt = args.findIndex((a) => typeof a === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (err: unknown, ...rest: unknown[]) => void;
      args[callbackAt] = (err: unknown, ...rest: unknown[]) => {
        check(err);
        callback(err, ...rest);
      };
    }
    const result = query(...args);
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        check(err);
        throw err;
      });
    }
    return result;
  };
}
