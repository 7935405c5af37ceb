/** What the executable needs of the command line: the entry point of dist/bundle/cli.vm.js. */
export { runCli } from './program.js';
export { processContext } from './context.js';
