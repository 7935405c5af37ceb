import { Command } from 'commander';
import { CommandFailed, configFrom, UsageError, type CliContext } from '../context.js';

const TIMEOUT_MS = 2000;

/** `healthcheck [--url URL]`: exit 0 when the server's /readyz answers 200 within 2 s, else 1 (a container health check without curl). */
export function healthcheckCommand(ctx: CliContext): Command {
  return new Command('healthcheck')
    .description('exit 0 when the server is ready (GET /readyz answers 200 within 2 s), else 1')
    .option('--url <url>', 'the readiness URL (default: http://127.0.0.1:$PORT/readyz)')
    .action(async (options: { url?: string }) => {
      const url = readinessUrl(options.url ?? `http://127.0.0.1:${configFrom(ctx).port}/readyz`);
      let status: number;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
        status = res.status;
        await res.body?.cancel();
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        throw new CommandFailed(`not ready: ${timedOut ? `no answer from ${url} within ${TIMEOUT_MS / 1000} s` : `${url} is unreachable`}`);
      }
      if (status !== 200) throw new CommandFailed(`not ready: ${url} answered ${status}`);
      ctx.out('ready\n');
    });
}

function readinessUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url must be an http(s) URL');
  return url;
}
