import { Command } from 'commander';
import { ListUsers, type UserSummary } from '../../application/list-users.js';
import { RegisterUser } from '../../application/register-user.js';
import { ResetPassword } from '../../application/reset-password.js';
import { DisableUser, EnableUser } from '../../application/set-user-enabled.js';
import { resolve, type Container } from '../../server/composition/index.js';
import type { CliContext } from '../context.js';
import { operate } from '../operate.js';

/** `users add|list|disable|enable|reset-password`: account administration over the same use-cases as the HTTP routes. */
export function usersCommand(ctx: CliContext): Command {
  const users = new Command('users').description('manage user accounts');
  users
    .command('add')
    .description('register a user under a generated password, printed once on standard output')
    .argument('<username>', 'letters, digits and . _ @ + - (at most 64)')
    .option('--email <address>', "the user's e-mail address (unique)")
    .action((username: string, options: { email?: string }) =>
      operate(ctx, async ({ container }) => {
        const added = await resolve(container, RegisterUser).execute({ username, email: options.email });
        ctx.err(`user ${added.username} added (id ${added.userId}); its password is shown this once:\n`);
        ctx.out(`${added.password}\n`);
      }),
    );
  users
    .command('list')
    .description('list every user (never a password hash)')
    .option('--json', 'one JSON array instead of a table')
    .action((options: { json?: boolean }) =>
      operate(ctx, async ({ container }) => {
        const listed = resolve(container, ListUsers).execute();
        if (options.json) await writeJson(ctx, listed);
        else await writeTable(ctx, listed);
      }),
    );
  const states = [
    ['disable', (c: Container) => resolve(c, DisableUser), 'disabled: its logins now fail like a wrong password', 'was already disabled'],
    ['enable', (c: Container) => resolve(c, EnableUser), 'enabled', 'was already enabled'],
  ] as const;
  for (const [name, useCase, done, already] of states) {
    users
      .command(name)
      .description(
        name === 'disable'
          ? 'refuse every login of a user (issued tokens stay valid until they expire)'
          : 'allow a disabled user to log in again',
      )
      .argument('<username>')
      .action((username: string) =>
        operate(ctx, async ({ container }) => {
          const { changed } = await useCase(container).execute({ username });
          ctx.out(`user ${username} ${changed ? done : already}\n`);
        }),
      );
  }
  users
    .command('reset-password')
    .description('give a user a new generated password, printed once (tokens issued before stay valid until they expire)')
    .argument('<username>')
    .action((username: string) =>
      operate(ctx, async ({ container, config }) => {
        const { password } = await resolve(container, ResetPassword).execute({ username });
        ctx.err(
          `password of ${username} reset; tokens issued before stay valid until they expire (TOKEN_TTL ${config.tokenTtl} s at most). New password:\n`,
        );
        ctx.out(`${password}\n`);
      }),
    );
  return users;
}

function row(user: UserSummary) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    registered: user.registeredAt.toISOString(),
    last_login: user.lastLogin?.toISOString() ?? null,
    disabled_at: user.disabledAt?.toISOString() ?? null,
  };
}

async function writeJson(ctx: CliContext, users: AsyncIterable<UserSummary>): Promise<void> {
  let first = true;
  ctx.out('[');
  for await (const user of users) {
    ctx.out(`${first ? '\n' : ',\n'}  ${JSON.stringify(row(user))}`);
    first = false;
  }
  ctx.out(first ? ']\n' : '\n]\n');
}

async function writeTable(ctx: CliContext, users: AsyncIterable<UserSummary>): Promise<void> {
  ctx.out('ID\tUSERNAME\tEMAIL\tREGISTERED\tLAST LOGIN\tSTATE\n');
  for await (const user of users) {
    const r = row(user);
    ctx.out(
      `${r.id}\t${r.username}\t${r.email ?? '-'}\t${r.registered}\t${r.last_login ?? '-'}\t${r.disabled_at ? `disabled since ${r.disabled_at}` : 'enabled'}\n`,
    );
  }
}
