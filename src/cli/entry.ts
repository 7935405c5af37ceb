/** What the executable needs of the command line: the entry point of dist/bundle/cli.cjs. */
export { runCli } from './program.js';
export { processContext } from './context.js';
