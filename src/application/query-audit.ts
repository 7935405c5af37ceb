import type { AuditQuery, AuthFailureLog, FailureReason } from '../domain/ports/auth-failure-log.js';
import type { AuthLog } from '../domain/ports/auth-log.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import { requireUser } from './find-user.js';

/** One line of the audit: a success (from `auth_logs`) or a failure (from `auth_failures`). */
export interface AuditRecord {
  readonly at: Date;
  readonly outcome: 'success' | 'failure';
  /** Why a failure failed; null for a success. */
  readonly reason: FailureReason | null;
  readonly ip: string;
  /** The user the attempt named, when it exists. */
  readonly userId: number | null;
  readonly username: string | null;
}

export interface AuditFilter {
  /** Only entries at or after this time. */
  since?: Date;
  /** Only this user's entries (`NOT_FOUND` when there is no such user). */
  username?: unknown;
}

interface Entry {
  readonly id: number;
  readonly at: Date;
  readonly ip: string;
  readonly userId: number | null;
  readonly reason?: FailureReason;
}

const PAGE = 500;

/**
 * Successes and failures merged in time order, read a page at a time from each trail, so an audit of
 * any length streams in bounded memory (to a SIEM, to fail2ban).
 */
export class QueryAudit {
  constructor(private readonly deps: { authLog: AuthLog; failures: AuthFailureLog; users: UserRepo }) {}

  async *execute(filter: AuditFilter = {}): AsyncGenerator<AuditRecord> {
    const { authLog, failures, users } = this.deps;
    const user = filter.username === undefined ? undefined : await requireUser(users, filter.username);
    const base = { ...(filter.since ? { since: filter.since } : {}), ...(user ? { userId: user.id } : {}) };
    const successes = pages(base, (q) => authLog.page(q));
    const failed = pages(base, (q) => failures.page(q));
    const names = new Map<number, string | null>(user ? [[user.id, user.username]] : []);
    const name = async (id: number | null) => {
      if (id === null) return null;
      if (!names.has(id)) names.set(id, (await users.findById(id))?.username ?? null);
      return names.get(id)!;
    };
    let [s, f] = await Promise.all([successes.next(), failed.next()]);
    while (!s.done || !f.done) {
      // within one second the order across the two trails is unknown: failures first (a mistyped password, then the login)
      const takeSuccess = !s.done && (f.done || s.value.at.getTime() < f.value.at.getTime());
      const entry = takeSuccess ? s.value! : f.value!;
      yield {
        at: entry.at,
        outcome: takeSuccess ? 'success' : 'failure',
        reason: takeSuccess ? null : (entry.reason ?? null),
        ip: entry.ip,
        userId: entry.userId,
        username: await name(entry.userId),
      };
      if (takeSuccess) s = await successes.next();
      else f = await failed.next();
    }
  }
}

async function* pages<E extends Entry>(base: Omit<AuditQuery, 'limit'>, read: (q: AuditQuery) => Promise<E[]>): AsyncGenerator<E> {
  let after: AuditQuery['after'];
  for (;;) {
    const page = await read({ ...base, ...(after ? { after } : {}), limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    const last = page.at(-1)!;
    after = { at: last.at, id: last.id };
  }
}
