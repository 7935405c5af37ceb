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
      // Caught from the start, not once the server is up: a signal sent the moment "listening" is
      // logged (a supervisor that stops what it just started) still gets a graceful stop, exit 0.
      let stopAsked: number | undefined;
      let stop = (code: number) => void (stopAsked ??= code);
      const onSignal = () => stop(0);
      const signals = ['SIGTERM', 'SIGINT'] as const;
      for (const signal of signals) process.once(signal, onSignal);
      let running: RunningServer;
      try {
        running = await startServer(config);
      } catch (err) {
        for (const signal of signals) process.off(signal, onSignal);
        throw new CommandFailed(startupFailure(err, config));
      }
      let done: (code: number) => void = () => {};
      serving.stopped = new Promise((resolve) => (done = resolve));
      stop = (code: number) =>
        void running.close().then(
          () => done(code),
          () => done(1),
        );
      running.started.catch((err: unknown) => {
        ctx.err(`jwks-auth-server: ${startupFailure(err, config)}\n`);
        stop(1);
      });
      if (stopAsked !== undefined) stop(stopAsked);
    });
}
