import { describe, expect, it, vi } from 'vitest';
import { discardOnReadTimeout, READ_TIMEOUT } from '../../../src/adapters/persistence/postgres-read-timeout.js';

type Callback = (err: unknown, result?: unknown) => void;

/** A stand-in for a pg `Client`: `query` answers with `outcome`, in pg's callback or promise form. */
function fakeClient(outcome: { error?: Error; result?: unknown }) {
  const destroy = vi.fn();
  const calls: unknown[][] = [];
  const client = {
    connection: { stream: { destroy } },
    query(...args: unknown[]): unknown {
      calls.push(args);
      const callback = args.find((a): a is Callback => typeof a === 'function');
      if (callback) {
        queueMicrotask(() => (outcome.error ? callback(outcome.error) : callback(null, outcome.result)));
        return undefined;
      }
      return outcome.error ? Promise.reject(outcome.error) : Promise.resolve(outcome.result);
    },
  };
  discardOnReadTimeout(client);
  return { client, destroy, calls };
}

function viaCallback(client: { query(...args: unknown[]): unknown }, ...args: unknown[]) {
  return new Promise<{ err: unknown; result: unknown }>((resolve) => {
    client.query(...args, (err: unknown, result: unknown) => resolve({ err, result }));
  });
}

describe('discardOnReadTimeout', () => {
  it('passes a promise result through and keeps the socket', async () => {
    const { client, destroy, calls } = fakeClient({ result: { rows: [{ one: 1 }] } });
    await expect(client.query('SELECT $1::int AS one', [1])).resolves.toEqual({ rows: [{ one: 1 }] });
    expect(calls).toEqual([['SELECT $1::int AS one', [1]]]);
    expect(destroy).not.toHaveBeenCalled();
  });

  it('passes a callback result through and keeps the socket', async () => {
    const { client, destroy } = fakeClient({ result: { rows: [] } });
    expect(await viaCallback(client, 'SELECT 1', [])).toEqual({ err: null, result: { rows: [] } });
    expect(destroy).not.toHaveBeenCalled();
  });

  it('destroys the socket when a promise query times out, and still rejects with that error', async () => {
    const timeout = new Error(READ_TIMEOUT);
    const { client, destroy } = fakeClient({ error: timeout });
    await expect(client.query('SELECT pg_sleep(10)')).rejects.toBe(timeout);
    expect(destroy).toHaveBeenCalledTimes(1);
  });

  it('destroys the socket when a callback query times out, and still hands the error on', async () => {
    const timeout = new Error(READ_TIMEOUT);
    const { client, destroy } = fakeClient({ error: timeout });
    const { err } = await viaCallback(client, 'SELECT pg_sleep(10)');
    expect(err).toBe(timeout);
    expect(destroy).toHaveBeenCalledTimes(1);
  });

  it('keeps the socket on any other error, in either form', async () => {
    const refused = Object.assign(new Error('relation "nope" does not exist'), { code: '42P01' });
    const { client, destroy } = fakeClient({ error: refused });
    await expect(client.query('SELECT * FROM nope')).rejects.toBe(refused);
    expect((await viaCallback(client, 'SELECT * FROM nope')).err).toBe(refused);
    expect(destroy).not.toHaveBeenCalled();
  });

  it('copes with a client whose socket is already gone', async () => {
    const { client } = fakeClient({ error: new Error(READ_TIMEOUT) });
    (client as { connection?: unknown }).connection = undefined;
    await expect(client.query('SELECT 1')).rejects.toThrow(READ_TIMEOUT);
  });
});
