import { Command } from 'commander';
import { startServer, type RunningServer } from '../../server/lifecycle.js';
import { startupFailure } from '../../server/startup-failure.js';
import { CommandFailed, configFrom, type CliContext } from '../context.js';

/**
 * `serve` (the default command, what `npm start` runs): the HTTP server until SIGTERM or SIGINT.
 * Exits 0 after a graceful stop, 1 when start-up fails (one line naming the cause), 2 on a bad setting.
 */
export function serveCommand(ctx: CliContext, serving: { stopped?: Promise<number> }): Command {
  return new Command('serve')
    .description('run the HTTP server (the default command); settings come from the environment, see the README')
    .action(async () => {
      const config = configFrom(ctx);
      let running: RunningServer;
      try {
        running = await startServer(config);
      } catch (err) {
        throw new CommandFailed(startupFailure(err, config));
      }
      let done: (code: number) => void = () => {};
      serving.stopped = new Promise((resolve) => (done = resolve));
      const stop = (code: number) =>
        void running.close().then(
          () => done(code),
          () => done(1),
        );
      running.started.catch((err: unknown) => {
        ctx.err(`jwks-auth-server: ${startupFailure(err, config)}\n`);
        stop(1);
      });
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop(0));
    });
}
