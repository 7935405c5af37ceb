/** Resolves after `ms` milliseconds (at once for 0 or less). */
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/**
 * Polls `check` every `intervalMs` until it returns true (errors count as false); resolves with the
 * milliseconds it took, rejects after `timeoutMs` naming `what` and the last error.
 */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<number> {
  const t0 = performance.now();
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return performance.now() - t0;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() - t0 > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** Runs `fn` and resolves with its result and how long it took (ms). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}
