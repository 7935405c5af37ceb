import { createRequire } from 'node:module';
import type { DestinationStream } from 'pino';

/**
 * Where log events go: on a terminal, readable one-line events (pino-pretty, in this process, written
 * synchronously so nothing is lost at exit); anywhere else (a pipe, a file, CI), undefined: pino's own
 * JSON lines on stdout.
 */
export function logDestination(
  options: { pretty?: boolean; colorize?: boolean; to?: NodeJS.WritableStream } = {},
): DestinationStream | undefined {
  if (!(options.pretty ?? process.stdout.isTTY === true)) return undefined;
  // loaded only for a terminal: a server with piped output never pays for it
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({
    colorize: options.colorize ?? options.to === undefined,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // `service` is the same on every line; `urls` repeats what the start-up line says in words
    ignore: 'pid,hostname,service,urls',
    sync: true,
    ...(options.to ? { destination: options.to } : {}),
  });
}
