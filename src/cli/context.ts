import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pino } from 'pino';
import { migrate } from '../adapters/persistence/migrations.js';
import { compose, resolve, TOKENS, type Container } from '../server/composition/index.js';
import { loadConfig, type Config } from '../server/config.js';

/** Where a command reads its settings and writes its output: the process's, or a test's. */
export interface CliContext {
  readonly env: Record<string, string | undefined>;
  /** Writes to standard output (results). */
  out(text: string): void;
  /** Writes to standard error (progress, warnings, the one failure line). */
  err(text: string): void;
}

/** A command failed: exit 1 with this one-line message (never a secret in it). */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}

/** The command was called wrongly (a bad argument or setting): exit 2 with this one-line message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The real process's context. */
export function processContext(): CliContext {
  return { env: process.env, out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) };
}

/** Reads the configuration from the context's environment; a bad value is a {@link UsageError}. */
export function configFrom(ctx: CliContext): Config {
  try {
    return loadConfig(ctx.env);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** An operator command's view of the deployment: the server's own composition, schema up to date. */
export interface Operator {
  readonly config: Config;
  readonly container: Container;
  /** Releases the database and Redis connections. */
  close(): Promise<void>;
}

/** The SQLite file the configuration names, or undefined (PostgreSQL, an in-memory or URI database). */
function sqliteFile(config: Config): string | undefined {
  if (config.databaseUrl || config.dbPath === ':memory:' || config.dbPath.startsWith('file:')) return undefined;
  return resolvePath(config.dbPath);
}

/**
 * Builds the same composition as the server (same settings, same adapters) for an operator command,
 * and brings the schema up to date first (safe while servers run: migrations are serialised). On
 * SQLite the database must exist, unless `create` (the `migrate` command).
 * Warnings go to standard error; nothing is logged at info level.
 */
export async function openOperator(ctx: CliContext, options: { create?: boolean } = {}): Promise<Operator> {
  const config = configFrom(ctx);
  const file = sqliteFile(config);
  // A command run in the wrong directory (or with DB_PATH mistyped) would otherwise make a new, empty
  // database there and report on it, or write to it. Only `migrate` creates one.
  if (file && !options.create && !existsSync(file)) {
    throw new CommandFailed(`no database at ${file}: start the server there first, run \`jwks-auth-server migrate\`, or set DB_PATH`);
  }
  const logger = pino({ level: 'warn', base: { service: 'jwks-auth-server' } }, pino.destination(2));
  const container = compose(config, logger, undefined, { driverWarnings: false, generateMasterKey: false });
  const close = resolve(container, TOKENS.release);
  try {
    await migrate(resolve(container, TOKENS.db));
  } catch (err) {
    await close();
    throw err;
  }
  return { config, container, close };
}
