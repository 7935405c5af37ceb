import { Command, CommanderError } from 'commander';
import { safeError } from '../adapters/safe-error.js';
import { packageVersion } from '../server/package-version.js';
import { auditCommand } from './commands/audit.js';
import { healthcheckCommand } from './commands/healthcheck.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { rekeyCommand } from './commands/rekey.js';
import { serveCommand } from './commands/serve.js';
import { usersCommand } from './commands/users.js';
import { CommandFailed, UsageError, type CliContext } from './context.js';

/** Exit codes: 0 done, 1 failed, 2 usage (a bad argument, option or setting). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * The command line (`jwks-auth-server <command>`): one commander command per file in ./commands,
 * each a thin adapter over the same use-cases as the HTTP routes. With no command it serves. Resolves
 * with the exit code once the command is done; `serve` resolves when the server has stopped.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const serving: { stopped?: Promise<number> } = {};
  const program = new Command('jwks-auth-server')
    .description('JWKS authentication server: serve, and operate its keys and database')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({ writeOut: (t) => ctx.out(t), writeErr: (t) => ctx.err(t) })
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(serveCommand(ctx, serving));
  program.addCommand(migrateCommand(ctx));
  program.addCommand(keysCommand(ctx));
  program.addCommand(rekeyCommand(ctx));
  program.addCommand(healthcheckCommand(ctx));
  program.addCommand(usersCommand(ctx));
  program.addCommand(auditCommand(ctx));
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: (t) => ctx.out(t), writeErr: (t) => ctx.err(t) });
    command.commands.forEach(configure); // `keys list`, `users add` and the like too
  };
  program.commands.forEach(configure);

  try {
    const args = argv.slice(2);
    await program.parseAsync(args.length === 0 ? ['serve'] : args, { from: 'user' }); // no command: serve
  } catch (err) {
    return failure(err, ctx);
  }
  return serving.stopped ?? EXIT.ok;
}

function failure(err: unknown, ctx: CliContext): number {
  if (err instanceof CommanderError) {
    // commander has already printed its message (or the help/version it was asked for)
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UsageError) {
    ctx.err(`jwks-auth-server: ${err.message}\n`);
    return EXIT.usage;
  }
  if (err instanceof CommandFailed) {
    ctx.err(`jwks-auth-server: ${err.message}\n`);
    return EXIT.failed;
  }
  const safe = safeError(err);
  ctx.err(`jwks-auth-server: ${safe ? `${safe.code ? `${safe.code}: ` : ''}${safe.message}` : 'failed'}\n`);
  return EXIT.failed;
}
