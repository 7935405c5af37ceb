/** HTTP load with autocannon: 2xx throughput and per-response latencies. */
import autocannon from 'autocannon';

export interface LoadResult {
  /** 2xx responses per second. */
  readonly rate: number;
  readonly ok: number;
  readonly failed: number;
  readonly seconds: number;
  /** Latency of every 2xx response, ms. */
  readonly latencies: number[];
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  /** A fresh body per request (e.g. a new username for /register). */
  nextBody?: () => string;
  seconds: number;
  connections?: number;
  /** Record each 2xx latency (off for fast endpoints: the listener costs the load generator). */
  latencies?: boolean;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const nextBody = options.nextBody;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        method: options.method ?? 'GET',
        connections: options.connections ?? 10,
        duration: options.seconds,
        headers: options.body || nextBody ? { 'content-type': 'application/json' } : {},
        ...(options.body ? { body: options.body } : {}),
        ...(nextBody ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: nextBody() }) }] } : {}),
      },
      (err, result) => (err ? reject(err as Error) : resolve(result)),
    );
  });
  if (options.latencies !== false) {
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  }
  const result = await done;
  const failed = result.non2xx + result.errors;
  if (failed > 0 && failed > result['2xx'] / 100) {
    throw new Error(`${options.url}: ${failed} failed responses of ${result['2xx'] + failed}`);
  }
  return { rate: result['2xx'] / result.duration, ok: result['2xx'], failed, seconds: result.duration, latencies };
}

/** Sums interleaved rounds of one target into one result (rates weighted by time). */
export function combine(rounds: readonly LoadResult[]): LoadResult {
  const ok = rounds.reduce((n, r) => n + r.ok, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return {
    rate: ok / seconds,
    ok,
    failed: rounds.reduce((n, r) => n + r.failed, 0),
    seconds,
    latencies: rounds.flatMap((r) => r.latencies),
  };
}
