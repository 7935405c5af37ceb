import type { AuditQuery } from '../../domain/ports/auth-failure-log.js';
import { truncateToSecond } from '../../domain/time.js';

interface Entry {
  readonly id: number;
  readonly at: Date;
  readonly userId: number | null;
}

/** One page of `entries` for `query`, in (time, id) order: what the SQL adapters answer. */
export function auditPage<E extends Entry>(entries: readonly E[], query: AuditQuery): E[] {
  const { since, userId, after, limit } = query;
  return entries
    .filter((e) => since === undefined || e.at.getTime() >= since.getTime())
    .filter((e) => userId === undefined || e.userId === userId)
    .filter((e) => after === undefined || e.at.getTime() > after.at.getTime() || (e.at.getTime() === after.at.getTime() && e.id > after.id))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)
    .slice(0, limit);
}

/** Removes the entries before `at` (to the second, as stored): what the SQL adapters delete. Answers how many. */
export function removeBefore<E extends Entry>(entries: E[], at: Date): number {
  const cutoff = truncateToSecond(at).getTime();
  let kept = 0;
  for (const e of entries) if (e.at.getTime() >= cutoff) entries[kept++] = e;
  const removed = entries.length - kept;
  entries.length = kept;
  return removed;
}
