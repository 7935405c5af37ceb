import { Command } from 'commander';
import { ListKeys, type KeyListing } from '../../application/list-keys.js';
import { RevokeKey } from '../../application/revoke-key.js';
import { RotateKeys } from '../../application/rotate-keys.js';
import { isDomainError } from '../../domain/errors.js';
import { resolve } from '../../server/composition/index.js';
import { CommandFailed, openOperator, UsageError, type CliContext, type Operator } from '../context.js';

/** `keys list | rotate | revoke`: the signing keys, for an operator. */
export function keysCommand(ctx: CliContext): Command {
  const keys = new Command('keys').description('list, rotate and revoke the signing keys (safe while servers run)');
  keys
    .command('list')
    .description('every stored key: kid, state (pending, active, retired, revoked), created, signs from, expires')
    .option('--json', 'one JSON array instead of a table')
    .action((options: { json?: boolean }) =>
      withOperator(ctx, async (operator) => {
        const listed = await resolve(operator.container, ListKeys).execute();
        ctx.out(options.json ? `${JSON.stringify(listed.map(asJson), null, 2)}\n` : table(listed));
      }),
    );
  keys
    .command('rotate')
    .description('make a new signing key now; it is published at once and signs after KEY_PREPUBLISH, like any rotation')
    .action(() =>
      withOperator(ctx, async (operator) => {
        const { newKid } = await resolve(operator.container, RotateKeys).execute({ force: true });
        const policy = operator.config.keyPolicy;
        const listed = (await resolve(operator.container, ListKeys).execute()).find((k) => k.kid === newKid);
        ctx.out(
          `new key ${newKid}: published now, signs from ${iso(listed?.signsFrom)} (KEY_PREPUBLISH ${policy.prepublish} s); ` +
            `every server picks it up within KEY_SYNC_INTERVAL (${policy.syncInterval} s)\n`,
        );
      }),
    );
  keys
    .command('revoke')
    .description('revoke a key (a leaked key): it leaves every JWKS within KEY_SYNC_INTERVAL and never signs again')
    .argument('<kid>', 'the key id, as `keys list` shows it')
    .option('--reason <text>', 'why, kept with the revocation (one line, at most 500 characters)')
    .action((kid: string, options: { reason?: string }) =>
      withOperator(ctx, async (operator) => {
        const result = await resolve(operator.container, RevokeKey).execute({ kid, reason: options.reason });
        if (!result.newlyRevoked) return ctx.out(`key ${kid} was already revoked\n`);
        if (result.wasSigning) {
          ctx.err(
            `warning: key ${kid} was the signing key; key ${result.signingKid ?? '?'} signs at once, without pre-publication: ` +
              'relying parties fetch it on its first unknown kid (jose: once its cooldown, 30 s by default, has passed)\n',
          );
        }
        ctx.out(
          `key ${kid} revoked; it leaves every server's JWKS within KEY_SYNC_INTERVAL (${operator.config.keyPolicy.syncInterval} s); signing key: ${result.signingKid ?? 'none'}\n`,
        );
      }),
    );
  return keys;
}

async function withOperator(ctx: CliContext, work: (operator: Operator) => Promise<void>): Promise<void> {
  const operator = await openOperator(ctx);
  try {
    await work(operator);
  } catch (err) {
    if (isDomainError(err, 'NOT_FOUND')) throw new CommandFailed(err.message);
    if (isDomainError(err, 'INVALID_INPUT')) throw new UsageError(err.message);
    throw err;
  } finally {
    await operator.close();
  }
}

const iso = (seconds: number | null | undefined) => (seconds == null ? '-' : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));

function asJson(key: KeyListing) {
  return {
    kid: key.kid,
    state: key.state,
    signing: key.signing,
    created: iso(key.createdAt),
    signsFrom: iso(key.signsFrom),
    expires: iso(key.expiresAt),
    revoked: key.revokedAt === null ? null : iso(key.revokedAt),
    reason: key.revocationReason,
  };
}

function table(keys: readonly KeyListing[]): string {
  const rows = [
    ['KID', 'STATE', 'CREATED', 'SIGNS FROM', 'EXPIRES', 'REVOKED', 'REASON'],
    ...keys.map((k) => [
      `${k.kid}${k.signing ? '*' : ''}`,
      k.state,
      iso(k.createdAt),
      iso(k.signsFrom),
      iso(k.expiresAt),
      iso(k.revokedAt),
      k.revocationReason ?? '',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n${keys.some((k) => k.signing) ? '(* signs new tokens)\n' : ''}`;
}
