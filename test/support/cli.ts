import { runCli } from '../../src/cli/program.js';
import type { CliContext } from '../../src/cli/context.js';

/** What one in-process run of the command line printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `jwks-auth-server <args>` in this process with `env` as its whole environment. */
export async function cli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = { env, out: (t) => void (stdout += t), err: (t) => void (stderr += t) };
  const code = await runCli(['node', 'jwks-auth-server', ...args], ctx);
  return { code, stdout, stderr };
}
