import { Command, Option } from 'commander';
import { PruneAudit } from '../../application/prune-audit.js';
import { QueryAudit, type AuditRecord } from '../../application/query-audit.js';
import { resolve } from '../../server/composition/index.js';
import { UsageError, type CliContext } from '../context.js';
import { operate } from '../operate.js';

const COLUMNS = ['time', 'outcome', 'reason', 'ip', 'user_id', 'username'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `audit`: every authentication, successes (auth_logs) and failures (auth_failures) in time order,
 * streamed as NDJSON or CSV for a SIEM or fail2ban. Never a password; unknown names are not stored.
 */
export function auditCommand(ctx: CliContext): Command {
  return new Command('audit')
    .description('stream successful and failed logins in time order (NDJSON or CSV)')
    .option('--since <time>', 'only entries at or after this ISO 8601 time (UTC unless it names an offset)')
    .option('--user <username>', "only this user's entries")
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .action((options: { since?: string; user?: string; format: 'ndjson' | 'csv' }) => {
      const since = options.since === undefined ? undefined : parseTime(options.since, '--since');
      return operate(ctx, async ({ container }) => {
        const records = resolve(container, QueryAudit).execute({
          ...(since ? { since } : {}),
          ...(options.user !== undefined ? { username: options.user } : {}),
        });
        if (options.format === 'csv') ctx.out(`${COLUMNS.join(',')}\n`);
        for await (const record of records) ctx.out(options.format === 'csv' ? csvLine(record) : `${JSON.stringify(fields(record))}\n`);
      });
    })
    .addCommand(pruneCommand(ctx));
}

/** `audit prune --before <time>`: retention, deleting both trails' entries recorded before a time that has passed. */
function pruneCommand(ctx: CliContext): Command {
  return new Command('prune')
    .description('delete the successes and failures recorded before a time (retention)')
    .requiredOption('--before <time>', 'an ISO 8601 time in the past (UTC unless it names an offset)')
    .action((options: { before: string }) => {
      const before = parseTime(options.before, '--before');
      return operate(ctx, async ({ container }) => {
        const { successes, failures } = await resolve(container, PruneAudit).execute({ before });
        ctx.out(`deleted ${successes} successes (auth_logs) and ${failures} failures (auth_failures) recorded before ${iso(before)}\n`);
      });
    });
}

function parseTime(text: string, option: string): Date {
  const trimmed = text.trim();
  // a date without a zone is read as UTC, as the audit's times are
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || !trimmed.includes(':') ? trimmed : `${trimmed}Z`;
  const date = new Date(zoned.replace(' ', 'T'));
  if (!ISO_DATE.test(trimmed) || Number.isNaN(date.getTime()))
    throw new UsageError(`${option} must be an ISO 8601 date or time, e.g. 2026-05-01T00:00:00Z`);
  return date;
}

function fields(r: AuditRecord) {
  return {
    time: iso(r.at),
    outcome: r.outcome,
    reason: r.reason,
    ip: r.ip,
    user_id: r.userId,
    username: r.username,
  };
}

function csvLine(r: AuditRecord): string {
  const f = fields(r);
  return `${COLUMNS.map((c) => csvField(f[c])).join(',')}\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const iso = (at: Date) => at.toISOString().replace('.000Z', 'Z');
