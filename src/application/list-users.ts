import type { UserRepo } from '../domain/ports/user-repo.js';
import type { UserStatus } from '../domain/ports/user-status.js';

/** A user as the operator sees it: never the password hash. */
export interface UserSummary {
  readonly id: number;
  readonly username: string;
  readonly email: string | null;
  readonly registeredAt: Date;
  readonly lastLogin: Date | null;
  /** When the account was disabled; null while it may log in. */
  readonly disabledAt: Date | null;
}

const PAGE = 500;

/** Every user in id order, read a page at a time (so any number of users streams in bounded memory). */
export class ListUsers {
  constructor(private readonly deps: { users: UserRepo; status: UserStatus }) {}

  async *execute(): AsyncGenerator<UserSummary> {
    const disabled = await this.deps.status.allDisabled();
    for (let afterId = 0; ;) {
      const page = await this.deps.users.list(afterId, PAGE);
      for (const { id, username, email, registeredAt, lastLogin } of page) {
        yield { id, username, email, registeredAt, lastLogin, disabledAt: disabled.get(id) ?? null };
      }
      if (page.length < PAGE) return;
      afterId = page.at(-1)!.id;
    }
  }
}
