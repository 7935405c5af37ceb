import { Command } from 'commander';
import { openOperator, type CliContext } from '../context.js';

/** `migrate`: brings the database schema up to date (what the server also does at start) and exits. */
export function migrateCommand(ctx: CliContext): Command {
  return new Command('migrate').description('bring the database schema up to date and exit').action(async () => {
    const operator = await openOperator(ctx, { create: true }); // opening it migrates
    const target = operator.config.databaseUrl ? 'PostgreSQL' : `SQLite ${operator.config.dbPath}`;
    await operator.close();
    ctx.out(`migrations applied: ${target} is up to date\n`);
  });
}
