import { loadBundle } from './bundle.js';
import { warmStart } from './warm-start.js';

export { compileBundle, loadBundle } from './bundle.js';

type CommandLine = typeof import('./entry.js');

/**
 * The executable's run: prepares the process, loads the command line (the bundle `npm run build`
 * makes, dist/bundle/cli.vm.js with its code cache, or tsc's modules when there is none), hands it
 * argv (with no command it serves) and exits with its status. The build also writes this module as
 * CommonJS beside tsc's output (dist/src/cli/launch.cjs, scripts/bundle.mjs), which the executable
 * requires: then nothing goes through Node's ES-module loader before the bundle.
 */
export async function launch(): Promise<never> {
  // every file the process creates (database, WAL/SHM, key file) is its owner's alone
  process.umask(0o077);
  warmStart(process.argv, process.env);
  const cli = loadBundle<CommandLine>() ?? (await import('./entry.js'));
  // exit even if a library left a handle open; writes to pipes and files are synchronous on POSIX
  process.exit(await cli.runCli(process.argv, cli.processContext()));
}
