/**
 * The composition root: wires adapters to use-cases for a {@link Config}. tsyringe lives in this
 * folder and nowhere else. The server (lifecycle.ts) and the command line resolve what they need from
 * it; tests and embedders swap an adapter by registering it in a child container before resolving.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { registerAccounts } from './accounts.js';
import { registerAdapters } from './adapters.js';
import { rootContainer, type Container } from './container.js';
import { registerUseCases } from './use-cases.js';

export { resolve, type Container } from './container.js';
export { TOKENS, type Token } from './tokens.js';

/** Options of {@link compose}. */
export interface ComposeOptions {
  /** `false` keeps knex's pool warnings out of the log (a one-shot command reports its own one line). */
  readonly driverWarnings?: boolean;
  /** `false`: never write a new master key file when none is configured (the command line); the server makes one. */
  readonly generateMasterKey?: boolean;
}

/** Registers every adapter and use-case for `config` in a child of `parent`. Nothing is opened until resolved. */
export function compose(config: Config, logger: Logger, parent: Container = rootContainer, options: ComposeOptions = {}): Container {
  const c = parent.createChildContainer();
  registerAdapters(c, config, logger, options);
  registerUseCases(c, config);
  registerAccounts(c, config);
  return c;
}
